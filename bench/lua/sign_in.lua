-- POST /api/v1/auth/token with one staff member's credentials, again and again: a sign-in storm
-- (each answer costs one Argon2id verification, 64 MiB while it runs).
-- Usage: wrk ... -s sign_in.lua URL -- EMAIL PASSWORD
local body

function init(args)
  body = string.format('{"email":"%s","password":"%s"}', args[1], args[2])
end

function request()
  return wrk.format("POST", "/api/v1/auth/token", {["Content-Type"] = "application/json"}, body)
end
