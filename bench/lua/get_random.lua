-- GET /open311/v2/requests/{id}.json for ids drawn uniformly from [first, last].
-- Usage: wrk ... -s get_random.lua URL -- FIRST LAST
local first, last

function init(args)
  first = tonumber(args[1])
  last = tonumber(args[2])
  -- Each wrk thread has its own Lua state: seed each differently.
  local address = tonumber(tostring({}):match("0x(%x+)") or "0", 16)
  math.randomseed(os.time() + address % 1000003)
end

function request()
  return wrk.format("GET", "/open311/v2/requests/" .. math.random(first, last) .. ".json")
end
