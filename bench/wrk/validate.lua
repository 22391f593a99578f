-- POST /api/v1/licenses/validate for one activated machine (KEY and FINGERPRINT from the env).
-- The request is formatted explicitly: Debian's wrk ignores a method set on `wrk` for
-- requests it builds itself (they went out as GET and got 405).
local body = string.format('{"license_key":"%s","fingerprint":"%s"}',
  os.getenv("KEY"), os.getenv("FINGERPRINT"))

function request()
  return wrk.format("POST", "/api/v1/licenses/validate", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
