-- POST /api/v1/activations with a fresh fingerprint per request (every request takes a seat).
-- The license key comes from the environment (KEY), set by bench/licensing.sh.
local key = os.getenv("KEY")
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

local function hex64(n)
  return string.format("%016x%016x%016x%016x", thread_id, n, math.random(0, 0x7fffffff), 0)
end

-- Formatted explicitly: Debian's wrk sends its own requests as GET whatever `wrk.method` says.
function request()
  counter = counter + 1
  local body = string.format(
    '{"license_key":"%s","fingerprint":"%s","hostname":"bench-%d-%d","os":"linux"}',
    key, hex64(counter), thread_id, counter)
  return wrk.format("POST", "/api/v1/activations", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
