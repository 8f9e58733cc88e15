"""Post-deploy smoke test over HTTP.

Health, login, and every checklist endpoint's status, JSON shape and time against its budget.
Standard library only, so it runs in any container.
"""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin

from core.health import BROKER_EAGER
from deployment.endpoints import (
    CHECKLIST_ENDPOINTS,
    EXISTING,
    HEALTH_ENDPOINTS,
    LOYALTY,
    READINESS_COMPONENTS,
    TIPS,
    Endpoint,
)
from deployment.results import CheckResult, Report

LOGIN_PATH = "/api/v1/auth/login/"
SECTION_TITLES = {TIPS: "Tip management", LOYALTY: "Loyalty redemption", EXISTING: "Existing"}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect instead of following it (a POST would silently become a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


@dataclass
class HttpAnswer:
    status: int  # 0: no HTTP answer at all
    elapsed_ms: float
    body: object = None
    error: str = ""


def http_request(
    url: str, *, token: str = "", payload: dict | None = None, timeout: float = 10.0
) -> HttpAnswer:
    """GET (or POST `payload` as JSON) `url`; never raises for HTTP or network errors."""
    headers = {"Accept": "application/json"}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if payload is not None:
        data = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - http(s) only
    started = time.perf_counter()
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
        if 300 <= status < 400:
            location = error.headers.get("Location", "?")
            elapsed_ms = (time.perf_counter() - started) * 1000
            return HttpAnswer(status, elapsed_ms, error=f"{status} redirect to {location}")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return HttpAnswer(0, (time.perf_counter() - started) * 1000, error=str(reason))
    elapsed_ms = (time.perf_counter() - started) * 1000
    try:
        body = json.loads(raw or b"null")
    except ValueError:
        return HttpAnswer(status, elapsed_ms, error="the response is not JSON")
    return HttpAnswer(status, elapsed_ms, body)


@dataclass
class SmokeOptions:
    base_url: str
    token: str = ""
    username: str = ""
    password: str = ""
    groups: tuple[str, ...] = (TIPS, LOYALTY, EXISTING)
    budgets: dict[str, int] | None = None
    health: bool = True
    timeout: float = 10.0

    def url(self, path: str) -> str:
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"--base-url must start with http:// or https://: {self.base_url!r}")
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))

    def budget_ms(self, endpoint: Endpoint) -> int:
        return (self.budgets or {}).get(endpoint.key, endpoint.budget_ms)


def _timing(answer: HttpAnswer, budget: int) -> str:
    return f"{answer.elapsed_ms:.0f} ms (budget {budget} ms)"


def shape_problems(endpoint: Endpoint, body: object) -> list[str]:
    if not isinstance(body, dict):
        return [f"lacks {', '.join(endpoint.keys)}"]
    missing = [key for key in endpoint.keys if key not in body]
    return [f"lacks {', '.join(missing)}"] if missing else []


def health_results(options: SmokeOptions) -> list[CheckResult]:
    results = []
    for endpoint in HEALTH_ENDPOINTS:
        answer = http_request(options.url(endpoint.path), timeout=options.timeout)
        budget = options.budget_ms(endpoint)
        name = f"{endpoint.key} ({endpoint.path})"
        if answer.status != 200:
            detail = answer.error or f"status {answer.status}"
            lines = [json.dumps(answer.body)] if answer.body is not None else []
            results.append(CheckResult.failed(name, detail, lines=lines))
            continue
        problems = shape_problems(endpoint, answer.body)
        body = answer.body if isinstance(answer.body, dict) else {}
        if body.get("status") != "ok":
            problems.append(f"status is {body.get('status')!r}")
        if endpoint.key == "health.ready":
            components = body.get("components") or {}
            for component in READINESS_COMPONENTS:
                state = (components.get(component) or {}).get("status")
                if state != "ok":
                    error = (components.get(component) or {}).get("error", "")
                    if state == BROKER_EAGER:
                        error = "(tasks run in the web process: set CELERY_BROKER_URL)"
                    problems.append(f"{component} is {state or 'missing'} {error}".strip())
        if answer.elapsed_ms > budget:
            problems.append(f"over budget: {_timing(answer, budget)}")
        if problems:
            results.append(CheckResult.failed(name, "; ".join(problems)))
        else:
            results.append(CheckResult.passed(name, _timing(answer, budget)))
    return results


def authenticate(options: SmokeOptions) -> tuple[str, CheckResult]:
    """Return (access token, result): the given token, or one from logging in."""
    if options.token:
        return options.token, CheckResult.passed("access token", "given with --token")
    name = f"login as {options.username}"
    if not options.username or not options.password:
        return "", CheckResult.failed(
            name,
            "give --token, or --username and --password (or set SMOKE_TOKEN, or SMOKE_USERNAME "
            "and SMOKE_PASSWORD; production mode has no default login)",
        )
    answer = http_request(
        options.url(LOGIN_PATH),
        payload={"username": options.username, "password": options.password},
        timeout=options.timeout,
    )
    body = answer.body if isinstance(answer.body, dict) else {}
    if answer.status != 200 or not body.get("access"):
        detail = answer.error or f"status {answer.status}"
        if body.get("detail"):
            detail += f": {body['detail']}"
        if 300 <= answer.status < 400:
            detail += " (use the base URL it redirects to)"
        return "", CheckResult.failed(name, detail)
    role = (body.get("user") or {}).get("role", "?")
    return body["access"], CheckResult.passed(name, f"role {role}, {answer.elapsed_ms:.0f} ms")


def endpoint_result(endpoint: Endpoint, token: str, options: SmokeOptions) -> CheckResult:
    name = f"{endpoint.key} ({endpoint.path})"
    if not token:
        return CheckResult.skipped(name, "no access token")
    answer = http_request(options.url(endpoint.path), token=token, timeout=options.timeout)
    budget = options.budget_ms(endpoint)
    if answer.status == 404:
        # Every row of the table is an endpoint the checklist promises: missing is a failure.
        return CheckResult.failed(name, "404: the endpoint is missing (not deployed)")
    if answer.status != 200:
        detail = answer.error or f"status {answer.status}"
        if isinstance(answer.body, dict) and answer.body.get("detail"):
            detail += f": {answer.body['detail']}"
        if answer.status == 403:
            detail += " (log in as an admin or superadmin)"
        return CheckResult.failed(name, detail)
    problems = shape_problems(endpoint, answer.body)
    if answer.elapsed_ms > budget:
        problems.append(f"over budget: {_timing(answer, budget)}")
    data = {"ms": round(answer.elapsed_ms, 1), "budget_ms": budget}
    if problems:
        return CheckResult.failed(name, "; ".join(problems), data=data)
    return CheckResult.passed(name, _timing(answer, budget), data=data)


def smoke_report(options: SmokeOptions) -> Report:
    report = Report("Smoke test", context={"base URL": options.base_url})
    if options.health:
        report.add("Health", health_results(options))
    token, auth = authenticate(options)
    report.add("Authentication", [auth])
    for group in options.groups:
        endpoints = [e for e in CHECKLIST_ENDPOINTS if e.group == group]
        report.add(
            SECTION_TITLES.get(group, group),
            [endpoint_result(endpoint, token, options) for endpoint in endpoints],
        )
    return report
