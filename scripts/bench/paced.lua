-- wrk script: each connection waits between requests so that all connections together send
-- about RATE requests per second (env RATE, CONNS). wrk's latency excludes the wait.
local rate = tonumber(os.getenv("RATE") or "200")
local conns = tonumber(os.getenv("CONNS") or "10")
function delay()
  return math.floor(1000 * conns / rate)
end
