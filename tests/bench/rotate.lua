-- wrk script: each request is one learner's, with its session cookie, CSRF secret and presence
-- token. Run with as many threads as connections: each thread then has one connection and its own
-- learners (every Nth line of the file given after "--"), so its requests and replies alternate and
-- each learner's beats are sent one after the other, as one page sends them. A beat sends the token
-- of that learner's last reply (ADR 0034); every CHECK_EVERY-th beat of a learner sends the block's
-- token instead, so the session and the user are checked as often as in production (a 15 s beat
-- and a 300 s check: 1 in 20). Counts 4xx and 5xx answers per thread and prints one JSON line at
-- the end (read by tests/bench/load.py).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(args[3])
  check_every = tonumber(args[4])
  learners = {}
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % total == id then
      local session, csrf, token = line:match("(%S+) (%S+) (%S+)")
      table.insert(learners, { session = session, csrf = csrf, block_token = token, token = token, beats = 0 })
    end
    line_number = line_number + 1
  end
  target = args[2]
  index = 0
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
  current = learners[(index % #learners) + 1]
  local route = paths[target]
  local headers = {
    ["Cookie"] = "sessionid=" .. current.session .. "; csrftoken=" .. current.csrf,
    ["X-CSRFToken"] = current.csrf,
    ["Content-Type"] = "application/json",
  }
  local body = nil
  if route[1] == "POST" then
    local token = current.token
    if current.beats % check_every == 0 then
      token = current.block_token
    end
    current.beats = current.beats + 1
    body = '{"token": "' .. token .. '"}'
  end
  return wrk.format(route[1], route[2], headers, body)
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
  elseif target == "beat" then
    local renewed = body:match('"token":"([^"]+)"')
    if renewed then
      current.token = renewed
    end
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
