"""Probe data for the in-process checks, created in a transaction that is always rolled back.

`probe_environment()` creates two websites, each with an admin, two clients and two writers, a
superadmin, and then asks every app to add rows of its own through an optional hook:

    # <app>/probes.py
    def create_probe_rows(*, site, count: int) -> int:
        '''Create `count` rows of this app's data on `site.website`; return how many.'''

`site` has `website`, `admin`, `client`, `other_client`, `writer` and `other_writer`. A hook is
called more than once per site (the checks compare a few rows with many; website B gets half as
many as A, so answers that ignore the website show), runs inside the probe
transaction (so `transaction.on_commit` callbacks never run: a hook that keeps aggregates
up to date updates them itself) and must leave the rows visible to the app's endpoints. The
foundation apps (accounts, orders) have built-in hooks here; a feature app plugs in by adding
its `probes.py`. Responses are not cached while probing, so no probe row outlives the run.
"""

import importlib
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import Role, User
from deployment.inprocess import Caller
from orders.services import order_create
from websites.models import Website

logger = logging.getLogger(__name__)

HOOK_MODULE = "probes"
HOOK_FUNCTION = "create_probe_rows"
ROWS_SMALL = 3  # on website A (B gets half), before the first measurement
ROWS_LARGE = 60  # on website A in all, so a 50-row page is full
# Nothing is cached while probing: a cached response would outlive the rolled-back rows.
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@dataclass
class ProbeSite:
    website: Website
    admin: User
    client: User
    other_client: User
    writer: User
    other_writer: User


def _unique() -> str:
    return uuid.uuid4().hex[:10]


def probe_users_create(*, site: ProbeSite, count: int) -> int:
    """Built-in hook for accounts: `count` more clients on the site's website."""
    users = []
    for _ in range(count):
        name = f"preflight-user-{_unique()}"
        users.append(
            User(
                username=name,
                email=f"{name}@preflight.invalid",
                role=Role.CLIENT,
                website=site.website,
                password=make_password(None),
            )
        )
    User.objects.bulk_create(users)
    return count


def probe_orders_create(*, site: ProbeSite, count: int) -> int:
    """Built-in hook for orders: `count` orders split between the site's two clients."""
    for number in range(count):
        order_create(
            website=site.website,
            client=site.client if number % 2 == 0 else site.other_client,
            writer=site.writer if number % 2 == 0 else site.other_writer,
            title="Preflight probe order",
            total_price=Decimal("100.00"),
            writer_compensation=Decimal("60.00"),
            order_number=f"PF-{_unique()}",
        )
    return count


BUILTIN_HOOKS: dict[str, Callable] = {
    "accounts": probe_users_create,
    "orders": probe_orders_create,
}


def discover_hooks() -> tuple[dict[str, Callable], list[str]]:
    """Return ({app label: hook}, problems): each app's `probes.create_probe_rows`."""
    hooks: dict[str, Callable] = {}
    problems: list[str] = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.{HOOK_MODULE}"
        if app_config.label == "deployment":
            continue
        try:
            spec = find_spec(module_name)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            if app_config.label in BUILTIN_HOOKS:
                hooks[app_config.label] = BUILTIN_HOOKS[app_config.label]
            continue
        module = importlib.import_module(module_name)
        hook = getattr(module, HOOK_FUNCTION, None)
        if not callable(hook):
            problems.append(f"{module_name} has no {HOOK_FUNCTION}(*, site, count)")
            continue
        hooks[app_config.label] = hook
    return hooks, problems


@dataclass
class ProbeEnvironment:
    superadmin: User
    sites: list[ProbeSite]
    hooks: dict[str, Callable]
    problems: list[str] = field(default_factory=list)
    rows_per_site: int = 0
    _callers: dict = field(default_factory=dict)

    def caller(self, user: User | None) -> Caller:
        """Return a client for `user` (one access token per user)."""
        key = user.pk if user is not None else None
        if key not in self._callers:
            self._callers[key] = Caller(user)
        return self._callers[key]

    def grow(self, count: int) -> None:
        """Ask every hook for `count` more rows on website A and half as many on B.

        The websites differ so that an answer which ignores the website shows. A failing hook is
        recorded as a problem; the others still run.
        """
        for label, hook in self.hooks.items():
            for index, site in enumerate(self.sites):
                try:
                    with transaction.atomic():
                        hook(site=site, count=count if index == 0 else max(count // 2, 1))
                except Exception as error:  # a failing hook is a finding, not a crash
                    problem = f"{label} probe hook failed: {type(error).__name__}: {error}"
                    logger.warning(problem)
                    if problem not in self.problems:
                        self.problems.append(problem)
        self.rows_per_site += count

    def hook_for(self, app_label: str | None) -> Callable | None:
        return self.hooks.get(app_label) if app_label else None


def _site(tag: str, letter: str) -> ProbeSite:
    website = Website.objects.create(
        name=f"Preflight probe {letter.upper()}",
        domain=f"preflight-{tag}-{letter}.invalid",
        slug=f"preflight-{tag}-{letter}",
    )

    def user(role: str, suffix: str) -> User:
        name = f"preflight-{tag}-{letter}-{suffix}"
        return User.objects.create_user(
            username=name,
            email=f"{name}@preflight.invalid",
            password=None,
            role=role,
            website=website,
            is_staff=role == Role.ADMIN,
        )

    return ProbeSite(
        website=website,
        admin=user(Role.ADMIN, "admin"),
        client=user(Role.CLIENT, "client"),
        other_client=user(Role.CLIENT, "client2"),
        writer=user(Role.WRITER, "writer"),
        other_writer=user(Role.WRITER, "writer2"),
    )


@contextmanager
def probe_environment(rows: int = ROWS_SMALL) -> Iterator[ProbeEnvironment]:
    """Create the probe websites, users and `rows` rows per app and site; roll all back after."""
    with override_settings(CACHES=NO_CACHE), transaction.atomic():
        try:
            tag = _unique()
            superadmin = User.objects.create_user(
                username=f"preflight-{tag}-superadmin",
                email=f"preflight-{tag}-superadmin@preflight.invalid",
                password=None,
                role=Role.SUPERADMIN,
                website=None,
                is_staff=True,
                is_superuser=True,
            )
            hooks, problems = discover_hooks()
            environment = ProbeEnvironment(
                superadmin=superadmin,
                sites=[_site(tag, "a"), _site(tag, "b")],
                hooks=hooks,
                problems=problems,
            )
            environment.grow(rows)
            yield environment
        finally:
            transaction.set_rollback(True)
