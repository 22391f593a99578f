-- POST /api/v1/licenses/validate for one activated machine (KEY and FINGERPRINT from the env).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"license_key":"%s","fingerprint":"%s"}',
  os.getenv("KEY"), os.getenv("FINGERPRINT"))

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
