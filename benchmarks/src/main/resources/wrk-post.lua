-- Posts one fixed body with fixed headers on every request; both come from the environment
-- (BENCH_BODY_FILE, BENCH_HEADERS as "name: value" lines) so one script serves every target.
wrk.method = "POST"

local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()

for line in string.gmatch(os.getenv("BENCH_HEADERS"), "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
end
