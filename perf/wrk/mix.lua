-- wrk script of `make loadtest`: admins read reports and lists; clients read, tip and redeem.
-- Its settings (tokens, paths, ids) come from a Lua file that perf/loadtest.py writes and names
-- in WRK_LOAD_CONFIG; each wrk thread loads it.
local config = dofile(os.getenv("WRK_LOAD_CONFIG"))
local admins = config.admins
local clients = config.clients
local admin_reads = config.admin_reads
local client_reads = config.client_reads
local writer, item, writes = config.writer, config.item, config.writes
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  badcodes = ""
  math.randomseed(tid * 7919)
end

local function get(path, token)
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

local function post(path, token, body)
  counter = counter + 1
  local key = string.format("load-%d-%d-%d", tid, counter, math.random(1000000000))
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end

function request()
  local roll = math.random(100)
  local client = clients[math.random(#clients)]
  if writes and roll <= 12 then
    return post("/api/v1/writer-management/tips/", client, string.format(
      '{"writer_id": %d, "tip_amount": "5.00", "tip_reason": "Load test"}', writer))
  elseif writes and roll <= 18 then
    return post("/api/v1/loyalty-management/redemption-requests/", client,
      string.format('{"item_id": %d}', item))
  elseif roll <= 30 then
    return get(client_reads[math.random(#client_reads)], client)
  end
  return get(admin_reads[math.random(#admin_reads)], admins[math.random(#admins)])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if #badcodes < 200 then badcodes = badcodes .. status .. " " end
  end
end

function done(summary, latency, requests)
  local bad_total, codes = 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    codes = codes .. thread:get("badcodes")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "non_2xx": %d, "bad_codes": "%s", "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, bad_total, codes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
