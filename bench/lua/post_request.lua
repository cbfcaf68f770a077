-- POST /open311/v2/requests.json (form-encoded), each with a distinct description.
-- Usage: wrk ... -s post_request.lua URL -- "api_key=…&service_code=…&lat=…&long=…"
local form
local n = 0
local thread_tag

function init(args)
  form = args[1]
  thread_tag = tostring({}):match("0x(%x+)") or "t"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  n = n + 1
  local body = form .. "&description=bench+" .. thread_tag .. "+" .. n
  return wrk.format("POST", "/open311/v2/requests.json", nil, body)
end
