"""Timing HTTP requests one at a time: warm-up, then p50/p95 and the queries each took."""

import http.client
import json
import statistics
import time


def fetch(port: int, path: str, *, token: str | None) -> tuple[int, bytes, dict]:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client.request("GET", path, headers=headers)
    response = client.getresponse()
    body = response.read()
    client.close()
    return response.status, body, dict(response.getheaders())


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    return sorted_values[min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))]


class RequestFailed(RuntimeError):
    pass


def time_path(*, port: int, path: str, token: str, count: int, warm_up: int = 2) -> dict:
    """Time `count` GETs of `path`: p50, p95 (ms), the `X-Query-Count`s seen and the last body."""
    for _ in range(warm_up):  # connections, caches, imports
        status, body, _headers = fetch(port, path, token=token)
        if status != 200:
            raise RequestFailed(f"{path} answered {status}: {body[:300]!r}")
    timings, queries = [], set()
    for _ in range(count):
        started = time.perf_counter()
        _status, body, headers = fetch(port, path, token=token)
        timings.append((time.perf_counter() - started) * 1000)
        queries.add(int(headers.get("X-Query-Count", "-1")))
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "queries": sorted(queries),
        "body": json.loads(body),
    }
