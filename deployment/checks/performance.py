"""Performance and N+1: each endpoint within its budget, its query count flat in the rows.

Runs in-process as a superadmin (every website) inside the probe transaction. Timing is the
median of `repeat` requests after one warm-up; the query count is compared between a few and
many probe rows per website (when the endpoint's app has a probe hook) and between `?limit=5`
and `?limit=50` pages (lists).
"""

import statistics

from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from deployment.checks.options import PreflightOptions
from deployment.endpoints import Endpoint
from deployment.inprocess import Answer, Caller
from deployment.probing import ROWS_LARGE, ProbeEnvironment
from deployment.results import CheckResult

TITLE = "Performance and N+1"
SMALL_PAGE, LARGE_PAGE = 5, 50


def measure(caller: Caller, path: str, params: dict | None = None) -> tuple[Answer, int]:
    """Make one request in a savepoint (a failing view cannot spoil the probe transaction)."""
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            answer = caller.get(path, params)
    except DatabaseError as error:
        return Answer(500, 0.0, "", {"detail": f"{type(error).__name__}: {error}"}), 0
    return answer, len(queries.captured_queries)


def not_deployed(endpoint: Endpoint) -> CheckResult:
    """An endpoint of the checklist that this project does not route: always a failure."""
    return CheckResult.failed(endpoint.key, f"missing: {endpoint.path} does not resolve")


def missing_keys(endpoint: Endpoint, body: object) -> list[str]:
    if not isinstance(body, dict):
        return list(endpoint.keys)
    return [key for key in endpoint.keys if key not in body]


def page_params(endpoint: Endpoint, limit: int) -> dict | None:
    return {"limit": limit} if endpoint.paginated else None


def row_count(answer: Answer) -> int | None:
    body = answer.body
    if isinstance(body, dict) and isinstance(body.get("count"), int):
        return body["count"]
    if isinstance(body, list):
        return len(body)
    return None


def baseline(environment: ProbeEnvironment, endpoints: list[Endpoint]) -> dict[str, int]:
    """Query counts with the few rows the probe environment starts with."""
    caller = environment.caller(environment.superadmin)
    counts = {}
    for endpoint in endpoints:
        measure(caller, endpoint.path, page_params(endpoint, LARGE_PAGE))  # warm-up
        answer, queries = measure(caller, endpoint.path, page_params(endpoint, LARGE_PAGE))
        if answer.status == 200:
            counts[endpoint.key] = queries
    return counts


def check_endpoint(
    endpoint: Endpoint,
    environment: ProbeEnvironment,
    options: PreflightOptions,
    few_rows: tuple[int, int] | None,
) -> list[CheckResult]:
    caller = environment.caller(environment.superadmin)
    params = page_params(endpoint, LARGE_PAGE)
    budget = options.budget_ms(endpoint)
    measure(caller, endpoint.path, params)  # warm-up
    runs = [measure(caller, endpoint.path, params) for _ in range(max(options.repeat, 1))]
    answer, many_rows_queries = runs[-1]
    if answer.status != 200:
        detail = f"status {answer.status}"
        if isinstance(answer.body, dict) and answer.body.get("detail"):
            detail += f": {answer.body['detail']}"
        return [CheckResult.failed(endpoint.key, detail)]
    median = statistics.median(a.elapsed_ms for a, _ in runs)
    slowest = max(a.elapsed_ms for a, _ in runs)
    data = {"median_ms": round(median, 1), "max_ms": round(slowest, 1), "budget_ms": budget}
    timing = f"{median:.0f} ms median of {len(runs)} (budget {budget} ms)"
    missing = missing_keys(endpoint, answer.body)
    if missing:
        time_result = CheckResult.failed(
            endpoint.key, f"{timing}; response lacks {', '.join(missing)}", data=data
        )
    elif median > budget:
        time_result = CheckResult.failed(endpoint.key, f"over budget: {timing}", data=data)
    else:
        time_result = CheckResult.passed(endpoint.key, timing, data=data)
    growth = query_growth(endpoint, environment, few_rows, many_rows_queries, options)
    return [time_result, growth]


def query_growth(
    endpoint: Endpoint,
    environment: ProbeEnvironment,
    few_rows: tuple[int, int] | None,
    many_rows_queries: int,
    options: PreflightOptions,
) -> CheckResult:
    """Compare query counts: few vs many probe rows per app and site, small vs large page.

    Without its own app's hook an endpoint's rows do not grow, but the database around it does:
    its query count must stay flat all the same.
    """
    name = f"{endpoint.key} queries flat in rows"
    caller = environment.caller(environment.superadmin)
    facts, problems = [], []
    data = {}
    if few_rows is not None:
        few_rows_per_site, few_rows_queries = few_rows
        facts.append(
            f"{few_rows_queries} queries at {few_rows_per_site} probe rows per app, "
            f"{many_rows_queries} at {environment.rows_per_site}"
        )
        data.update(few_rows=few_rows_queries, many_rows=many_rows_queries)
        if many_rows_queries > few_rows_queries:
            problems.append("more rows, more queries")
    if endpoint.paginated:
        _, small_queries = measure(caller, endpoint.path, page_params(endpoint, SMALL_PAGE))
        large, large_queries = measure(caller, endpoint.path, page_params(endpoint, LARGE_PAGE))
        rows = row_count(large)
        if rows is not None and rows > SMALL_PAGE:
            facts.append(f"{small_queries} at limit={SMALL_PAGE}, {large_queries} at limit=50")
            data.update(limit_5=small_queries, limit_50=large_queries, rows=rows)
            if large_queries > small_queries:
                problems.append("a larger page makes more queries (N+1)")
    if problems:
        return CheckResult.failed(name, "; ".join(problems + facts), data=data)
    if facts:
        return CheckResult.passed(name, "; ".join(facts), data=data)
    reason = "nothing to compare: no answer with few probe rows"
    if options.strict:
        return CheckResult.failed(name, f"{reason} (--strict)")
    return CheckResult.skipped(name, reason)


def run(options: PreflightOptions, environment: ProbeEnvironment) -> list[CheckResult]:
    deployed = [e for e in options.endpoints if e.is_deployed()]
    few_rows_per_site = environment.rows_per_site
    few_rows = baseline(environment, deployed)
    environment.grow(ROWS_LARGE - environment.rows_per_site)
    results = [CheckResult.failed("probe hooks", problem) for problem in environment.problems]
    for endpoint in options.endpoints:
        if endpoint not in deployed:
            results.append(not_deployed(endpoint))
            continue
        queries = few_rows.get(endpoint.key)
        results += check_endpoint(
            endpoint,
            environment,
            options,
            (few_rows_per_site, queries) if queries is not None else None,
        )
    return results
