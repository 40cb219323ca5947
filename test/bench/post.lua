-- wrk script: POST one chat message per request; BENCH_CLOSE=1 adds Connection: close.
-- done() prints one JSON line that test/bench/load.ts reads.
wrk.method = "POST"
wrk.body = "room=bench&name=wrk&message=hello+everyone"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
if os.getenv("BENCH_CLOSE") == "1" then wrk.headers["Connection"] = "close" end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"microseconds":%d,"errors":%d,"p50":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
