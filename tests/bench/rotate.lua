-- wrk script: each request is one learner's, with its session cookie, CSRF secret and presence
-- token. Run with as many threads as connections: each thread then has one connection and its own
-- learners (every Nth line of the file given after "--"), so its requests and replies alternate and
-- each learner's beats are sent one after the other, as one page sends them. A beat sends the token
-- of that learner's last reply (ADR 0034); every CHECK_EVERY-th beat of a learner sends the block's
-- token instead, so the session and the user are checked as often as in production (a 15 s beat
-- and a 300 s check: 1 in 20). The tokens and counts are kept in the file given fifth, so that a
-- page's beats go on from one run to the next as they would from one beat to the next. Counts 4xx
-- and 5xx answers per thread and prints one JSON line at the end (read by tests/bench/load.py).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function kept_tokens(path)
  local kept = {}
  local file = io.open(path, "r")
  if file then
    for line in file:lines() do
      local session, token, beats = line:match("(%S+) (%S+) (%S+)")
      kept[session] = { token = token, beats = tonumber(beats) }
    end
    file:close()
  end
  return kept
end

function init(args)
  local total = tonumber(args[3])
  check_every = tonumber(args[4])
  tokens_path = args[5]
  local kept = kept_tokens(tokens_path)
  learners = {}
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % total == id then
      local session, csrf, token = line:match("(%S+) (%S+) (%S+)")
      local last = kept[session] or { token = token, beats = 0 }
      table.insert(learners, {
        session = session, csrf = csrf, block_token = token, token = last.token, beats = last.beats,
        slot = #learners + 1,
      })
    end
    line_number = line_number + 1
  end
  target = args[2]
  index = 0
  s4, s5 = 0, 0
  saved = {}  -- slot -> "session token beats": a flat table, as thread:get() can copy it
end

local paths = {
  beat = { "POST", "/api/attendance/v1/presence/beat/" },
  insert = { "POST", "/bench/insert/" },
  drf = { "POST", "/bench/drf-insert/" },
  bare = { "GET", "/bench/bare/" },
  floor = { "POST", "/bench/floor/" },
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
    saved[current.slot] = current.session .. " " .. current.token .. " " .. current.beats
  end
end

function done(summary, latency, requests)
  local s4total, s5total = 0, 0
  local lines = {}
  for _, thread in ipairs(threads) do
    s4total = s4total + thread:get("s4")
    s5total = s5total + thread:get("s5")
    for _, line in pairs(thread:get("saved")) do
      table.insert(lines, line .. "\n")
    end
  end
  if threads[1]:get("target") == "beat" then
    local file = io.open(threads[1]:get("tokens_path"), "w")
    file:write(table.concat(lines))
    file:close()
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "status_4xx": %d, ' ..
    '"status_5xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    s4total, s5total, e.connect + e.read + e.write + e.timeout))
end
