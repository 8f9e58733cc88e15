"""What a preflight run was asked to do (the command's options, as one value)."""

from dataclasses import dataclass, field

from deployment import endpoints as endpoint_table
from deployment.endpoints import Endpoint


@dataclass
class PreflightOptions:
    """Options every check may read.

    - `workers_required`: no Celery worker answering is a failure (else a warning).
    - `before_migrate`: pending migrations are expected (they are linted, not a failure) and
      the schema comparison waits for `migrate`.
    - `strict`: nothing passes softly: a check that could not run for want of data or tools
      (an N+1 comparison with nothing to compare, `pip check` without pip) fails instead of
      being skipped. Missing endpoints, release migrations and scheduled tasks always fail.
    - `budgets`: per-endpoint budget overrides in milliseconds.
    """

    workers_required: bool = True
    before_migrate: bool = False
    strict: bool = False
    budgets: dict[str, int] = field(default_factory=dict)
    service_timeout: float = 2.0
    repeat: int = 3
    database: str = "default"
    endpoints: tuple[Endpoint, ...] = field(
        default_factory=lambda: endpoint_table.CHECKLIST_ENDPOINTS
    )

    def budget_ms(self, endpoint: Endpoint) -> int:
        return self.budgets.get(endpoint.key, endpoint.budget_ms)
