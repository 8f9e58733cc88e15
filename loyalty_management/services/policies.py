"""Auto-approval policies (writes), and the SLA of the requests left for review."""

from django.db import transaction
from django.utils import timezone

from core.exceptions import DomainError
from core.outbox import emit_for, row_payload
from loyalty_management.models import RedemptionPolicy, RedemptionRequest, RedemptionStatus
from loyalty_management.models.redemption import RedemptionType
from loyalty_management.selectors.policies import active_policies_changed, sla_due
from loyalty_management.services.common import fields_apply, name_free_check

POLICY_FIELDS = (
    "name",
    "is_active",
    "item_types",
    "max_points",
    "min_tier_rank",
    "min_account_age_days",
    "max_recent_requests",
    "recent_days",
    "max_refund_rate",
)


def _policy_check(policy: RedemptionPolicy) -> None:
    unknown = sorted(set(policy.item_types or []) - set(RedemptionType.values))
    if unknown:
        raise DomainError(
            f"Unknown redemption type(s): {', '.join(unknown)}.",
            field="item_types",
            code="invalid",
        )
    policy.item_types = sorted(set(policy.item_types or []))
    name_free_check(RedemptionPolicy, policy)


def _save(policy: RedemptionPolicy) -> RedemptionPolicy:
    _policy_check(policy)
    policy.full_clean(exclude=("website",))
    policy.save()
    website_id = policy.website_id
    transaction.on_commit(lambda: active_policies_changed(website_id=website_id))
    return policy


@transaction.atomic
def redemption_policy_create(*, website, **fields) -> RedemptionPolicy:
    policy = RedemptionPolicy(website=website)
    fields_apply(policy, fields, POLICY_FIELDS)
    return _save(policy)


@transaction.atomic
def redemption_policy_update(*, policy: RedemptionPolicy, **changes) -> RedemptionPolicy:
    policy = RedemptionPolicy.objects.select_for_update().get(pk=policy.pk)
    fields_apply(policy, changes, POLICY_FIELDS)
    return _save(policy)


@transaction.atomic
def redemption_policy_delete(*, policy: RedemptionPolicy) -> None:
    website_id = policy.website_id
    policy.delete()
    transaction.on_commit(lambda: active_policies_changed(website_id=website_id))


@transaction.atomic
def redemptions_sla_breach(*, now=None) -> int:
    """Mark each pending request past its SLA, once, and emit `redemption.sla_breached`."""
    now = now or timezone.now()
    late = list(
        RedemptionRequest.objects.filter(
            status=RedemptionStatus.PENDING, sla_breached_at__isnull=True
        )
        .alias(sla_due=sla_due())
        .filter(sla_due__lt=now)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
    )
    for redemption in late:
        redemption.sla_breached_at = now
        redemption.save(update_fields=["sla_breached_at", "updated_at"])
        emit_for(
            "redemption.sla_breached",
            redemption,
            row_payload(redemption, ("id", "client_id", "item_id", "points_used", "requested_at"))
            | {"sla_breached_at": now},
        )
    return len(late)
