-- GET PREFIX .. id .. SUFFIX for ids drawn uniformly from [first, last]; by default
-- /open311/v2/requests/{id}.json (the portal bench passes "/requests/" and "").
-- Usage: wrk ... -s get_random.lua URL -- FIRST LAST [PREFIX [SUFFIX]]
local first, last, prefix, suffix

function init(args)
  first = tonumber(args[1])
  last = tonumber(args[2])
  prefix = args[3] or "/open311/v2/requests/"
  suffix = args[4] or (args[3] and "" or ".json")
  -- Each wrk thread has its own Lua state: seed each differently.
  local address = tonumber(tostring({}):match("0x(%x+)") or "0", 16)
  math.randomseed(os.time() + address % 1000003)
end

function request()
  return wrk.format("GET", prefix .. math.random(first, last) .. suffix)
end
