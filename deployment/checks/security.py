"""Security: who may call each endpoint, and which rows each role sees.

Per endpoint, in-process with the probe users of website A (website B has half as many rows):
anonymous → 401; clients and writers → 403 on admin-only endpoints, elsewhere only rows their
model's `visible_to` allows; an admin only their website's rows (lists), or exactly what a
superadmin sees with `?website_id=A`, which differs from website B's (aggregates); hostile
query strings never answer 5xx or anything but JSON.
"""

from django.apps import apps

from deployment.checks.options import PreflightOptions
from deployment.checks.performance import measure, not_deployed
from deployment.endpoints import Endpoint
from deployment.probing import ProbeEnvironment
from deployment.results import CheckResult

TITLE = "Security"
FULL_PAGE = {"limit": 1000}
HOSTILE_QUERIES = (
    {"limit": "abc", "offset": "-1"},
    {"website_id": "1 OR 1=1"},
    {"days": "30;DROP TABLE x", "date_from": "2024-13-45", "date_to": "<script>alert(1)</script>"},
    {"tip_type": "' OR '1'='1", "payment_status": '"><img src=x onerror=alert(1)>'},
    {"search": "%' --", "ordering": "password", "category": "-1"},
)


def _params(endpoint: Endpoint) -> dict | None:
    return dict(FULL_PAGE) if endpoint.paginated else None


def row_ids(body: object) -> list | None:
    """Return the `id` of every row of a list response (paginated or not), or None."""
    rows = body.get("results") if isinstance(body, dict) else body
    if not isinstance(rows, list):
        return None
    if not all(isinstance(row, dict) and "id" in row for row in rows):
        return None
    return [row["id"] for row in rows]


def rows_outside_scope(endpoint: Endpoint, body: object, user) -> tuple[list, str]:
    """Return (ids the user may not see, a note) using the model's `visible_to`."""
    model = apps.get_model(endpoint.model)
    ids = row_ids(body)
    if ids is None:
        return [], "rows carry no ids; not compared"
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        return [], f"{endpoint.model} has no visible_to; not compared"
    visible = set(manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    outside = [pk for pk in ids if pk not in visible]
    hidden_exists = manager.exclude(pk__in=manager.visible_to(user).values("pk")).exists()
    note = f"{len(ids)} rows" + ("" if hidden_exists else ", nothing outside its scope to leak")
    return outside, note


def _model_known(endpoint: Endpoint) -> bool:
    if not endpoint.model:
        return False
    try:
        apps.get_model(endpoint.model)
    except LookupError:
        return False
    return True


def anonymous_refused(endpoint: Endpoint, environment: ProbeEnvironment) -> list[str]:
    if not endpoint.authenticated:
        return []
    answer, _ = measure(environment.caller(None), endpoint.path, _params(endpoint))
    return [] if answer.status == 401 else [f"anonymous got {answer.status}, expected 401"]


def roles_limited(endpoint: Endpoint, environment: ProbeEnvironment, notes: list[str]) -> list[str]:
    """Clients and writers: 403 on admin-only endpoints, else only their own rows."""
    problems = []
    site = environment.sites[0]
    for role, user in (("client", site.client), ("writer", site.writer)):
        answer, _ = measure(environment.caller(user), endpoint.path, _params(endpoint))
        if endpoint.admin_only:
            if answer.status != 403:
                problems.append(f"{role} got {answer.status}, expected 403")
            continue
        if answer.status == 403:
            notes.append(f"{role} refused")
        elif answer.status != 200:
            problems.append(f"{role} got {answer.status}")
        elif _model_known(endpoint):
            outside, note = rows_outside_scope(endpoint, answer.body, user)
            notes.append(f"{role}: {note}")
            if outside:
                problems.append(f"{role} sees {len(outside)} rows not theirs: ids {outside[:10]}")
    return problems


def admin_scoped(endpoint: Endpoint, environment: ProbeEnvironment, notes: list[str]) -> list[str]:
    """An admin sees only their website: its rows, or what a superadmin sees for it."""
    site = environment.sites[0]
    answer, _ = measure(environment.caller(site.admin), endpoint.path, _params(endpoint))
    if answer.status != 200:
        return [f"admin got {answer.status}, expected 200"]
    if not endpoint.scoped:
        return []
    if _model_known(endpoint):
        outside, note = rows_outside_scope(endpoint, answer.body, site.admin)
        notes.append(f"admin: {note}")
        return [f"admin sees {len(outside)} rows of other websites"] if outside else []
    if endpoint.model:
        notes.append(f"{endpoint.model} not installed; compared with the superadmin's view")
    superadmin = environment.caller(environment.superadmin)
    for_site = {}
    for probe_site in environment.sites:
        params = {**(_params(endpoint) or {}), "website_id": probe_site.website.pk}
        as_superadmin, _ = measure(superadmin, endpoint.path, params)
        if as_superadmin.status != 200:
            return [f"superadmin with ?website_id= got {as_superadmin.status}"]
        for_site[probe_site.website.pk] = as_superadmin.body
    if answer.body != for_site[site.website.pk]:
        return ["admin's answer differs from the superadmin's for the same website"]
    first, second = for_site.values()
    if environment.hook_for(endpoint.probe_app) is not None and first == second:
        return ["same answer for two websites with different rows: the website is ignored"]
    notes.append("admin: same as superadmin ?website_id=")
    return []


def hostile_queries_handled(endpoint: Endpoint, environment: ProbeEnvironment) -> list[str]:
    problems = []
    caller = environment.caller(environment.superadmin)
    for params in HOSTILE_QUERIES:
        answer, _ = measure(caller, endpoint.path, params)
        if answer.status >= 500:
            problems.append(f"{answer.status} for {params}")
        elif not answer.content_type.startswith("application/json"):
            problems.append(f"{answer.content_type or 'no content type'} for {params}")
    return problems


def check_endpoint(endpoint: Endpoint, environment: ProbeEnvironment) -> CheckResult:
    notes: list[str] = []
    problems = anonymous_refused(endpoint, environment)
    if endpoint.authenticated:
        problems += roles_limited(endpoint, environment, notes)
        problems += admin_scoped(endpoint, environment, notes)
    problems += hostile_queries_handled(endpoint, environment)
    if problems:
        return CheckResult.failed(endpoint.key, "; ".join(problems), lines=notes)
    checked = []
    if endpoint.authenticated:
        checked.append("anonymous 401")
        if endpoint.admin_only:
            checked.append("client/writer 403")
        elif _model_known(endpoint):
            checked.append("client/writer own rows only")
        else:
            checked.append("client/writer allowed")
        if endpoint.scoped:
            checked.append("admin own website only")
    checked.append("hostile query strings handled")
    return CheckResult.passed(endpoint.key, ", ".join(checked), lines=notes)


def run(options: PreflightOptions, environment: ProbeEnvironment) -> list[CheckResult]:
    results = []
    for endpoint in options.endpoints:
        if not endpoint.is_deployed():
            results.append(not_deployed(endpoint))
            continue
        results.append(check_endpoint(endpoint, environment))
    return results
