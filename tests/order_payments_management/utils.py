"""Functions the payment tests share: idempotent POSTs, racing threads, query counts."""

import threading
import uuid
from collections.abc import Callable

from django.db import connection


def idempotent_post(api, url: str, data: dict | None = None, *, key: str | None = None):
    """POST with an `Idempotency-Key` header (a fresh one unless given)."""
    return api.post(url, data or {}, format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()))


def run_concurrently(functions: list[Callable[[], object]]) -> list[object]:
    """Run each function in its own thread, all released at once; return results or exceptions.

    Each thread uses (and closes) its own database connection, so the calls really race.
    """
    barrier = threading.Barrier(len(functions))
    results: list[object] = [None] * len(functions)

    def run(index: int, function: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def query_count(call: Callable[[], object]) -> int:
    """Return how many database queries `call` makes."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def assert_list_queries_constant(api, url: str, add_rows: Callable[[int], object], *, most: int):
    """A list costs the same number of queries for 1 row as for 30, and at most `most`."""
    add_rows(1)
    one_row = query_count(lambda: _ok(api.get(url)))
    add_rows(29)
    thirty_rows = query_count(lambda: _ok(api.get(url)))
    assert thirty_rows == one_row, f"{one_row} queries for 1 row, {thirty_rows} for 30"
    assert thirty_rows <= most, f"{thirty_rows} queries"


def _ok(response):
    assert response.status_code == 200, response.json()
    return response
