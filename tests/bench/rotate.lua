-- wrk script: each request is one learner's (rotating over the file given after "--"), with its
-- session cookie, CSRF secret and presence token. Counts 4xx and 5xx answers per thread and prints
-- one JSON line at the end (read by tests/bench/load.py).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("offset", counter * 97)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  learners = {}
  for line in io.lines(args[1]) do
    local session, csrf, token = line:match("(%S+) (%S+) (%S+)")
    table.insert(learners, { session = session, csrf = csrf, token = token })
  end
  target = args[2]
  index = offset or 0
  s4, s5 = 0, 0
end

local paths = {
  beat = { "POST", "/api/attendance/v1/presence/beat/" },
  insert = { "POST", "/bench/insert/" },
  drf = { "POST", "/bench/drf-insert/" },
  bare = { "GET", "/bench/bare/" },
}

function request()
  index = index + 1
  local learner = learners[(index % #learners) + 1]
  local route = paths[target]
  local headers = {
    ["Cookie"] = "sessionid=" .. learner.session .. "; csrftoken=" .. learner.csrf,
    ["X-CSRFToken"] = learner.csrf,
    ["Content-Type"] = "application/json",
  }
  local body = nil
  if route[1] == "POST" then
    body = '{"token": "' .. learner.token .. '"}'
  end
  return wrk.format(route[1], route[2], headers, body)
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
  end
end

function done(summary, latency, requests)
  local s4total, s5total = 0, 0
  for _, thread in ipairs(threads) do
    s4total = s4total + thread:get("s4")
    s5total = s5total + thread:get("s5")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "status_4xx": %d, ' ..
    '"status_5xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    s4total, s5total, e.connect + e.read + e.write + e.timeout))
end
