-- api-load.lua: wrk script for scripts/api-load.sh (issue 10 §5).
--
--   wrk -s scripts/api-load.lua URL -- PATHS_FILE [LABEL]
--
-- Requests the paths of PATHS_FILE (one request target a line, e.g.
-- `/v1/names/foo.id`) round robin, each wrk thread from its own starting line, so
-- a run spreads over many keys instead of one cached answer. At the end prints one
-- machine-readable line for api-load.sh:
--
--   RESULT label=LABEL requests=N seconds=S rps=R p50_us=.. p90_us=.. p99_us=.. p999_us=..
--          max_us=.. non2xx=N errors=N
--
-- Latencies are wrk's (request sent to response complete, per connection), in µs.

local paths = {}
local label = "run"
local index = 1
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local file = args[1]
  if args[2] then label = args[2] end
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. file) end
  -- Threads start at different lines (about evenly spread).
  index = ((thread_index or 0) * 7919) % #paths + 1
end

function request()
  local p = paths[index]
  index = index % #paths + 1
  return wrk.format("GET", p)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT label=%s requests=%d seconds=%.2f rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d errors=%d\n",
    label, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
