"""Performance tooling: the tip-report benchmark (`make bench`) and the load test (`make loadtest`).

Modules: `budgets` (every target and budget, in one place), `generator` (set-based data at
scale), `server` (gunicorn on a loopback port, for both), `timing` (latency percentiles),
`bench` and `loadtest` (the two flows), `actors` (the load test's users), `report` (their
reports), `wrk/mix.lua` (the load's request mix). No app imports this package.
"""
