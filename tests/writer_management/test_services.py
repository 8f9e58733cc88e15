"""Tip rules: validation, the split at tip time, wallet and manual payment, retry and refund."""

from decimal import Decimal

import pytest

from core.exceptions import Conflict, DomainError
from order_payments_management.models import OrderPayment, PaymentStatus, WalletTransactionKind
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.conftest import balance, fund, ledger_kinds
from tests.writer_management.factories import (
    ClassBundleFactory,
    WriterLevelFactory,
    WriterProfileFactory,
)
from writer_management.exceptions import TipRefundNotCovered, TipTransitionRefused
from writer_management.models import Tip, TipSettings
from writer_management.services import (
    tip_confirm_payment,
    tip_create,
    tip_process_payment,
    tip_refund,
    tip_settings_get_or_create,
    tip_settings_update,
    writer_level_delete,
    writer_level_update,
    writer_profile_assign_level,
)

pytestmark = pytest.mark.django_db


def _tip(world, amount="25.00", **kwargs) -> Tip:
    arguments = {
        "client": world.client,
        "writer_id": world.writer.pk,
        "tip_amount": Decimal(amount),
        "tip_reason": "Thanks!",
        **kwargs,
    }
    return tip_create(**arguments)


# The split and the percentage at tip time --------------------------------------------------------


def test_a_wallet_tip_pays_at_once_and_splits_by_the_writers_level(world):
    tip = _tip(world, "25.00")
    tip.refresh_from_db()
    assert tip.payment_status == "completed"
    assert tip.tip_type == "direct"
    assert (tip.writer_percentage, tip.writer_earning, tip.platform_profit) == (
        Decimal("40.00"),
        Decimal("10.00"),
        Decimal("15.00"),
    )
    assert (tip.writer_level_id, tip.writer_level_name) == (world.level.pk, "Intermediate")
    assert balance(world.client) == Decimal("75.00")
    assert balance(world.writer) == Decimal("10.00")
    assert ledger_kinds(world.client) == [WalletTransactionKind.PAYMENT]
    assert ledger_kinds(world.writer) == [WalletTransactionKind.EARNING]
    payment = OrderPayment.objects.get(pk=tip.payment_id)
    assert (payment.payment_type, payment.status, payment.amount) == (
        "tip",
        PaymentStatus.COMPLETED,
        Decimal("25.00"),
    )
    assert payment.wallet_transactions.count() == 2


def test_the_writers_share_is_rounded_half_up_and_the_platform_keeps_the_exact_rest(world):
    writer_level_update(level=world.level, tip_percentage=Decimal("33.33"))
    tip = _tip(world, "10.05")
    # 10.05 * 33.33 % = 3.349665 → 3.35; the platform keeps 6.70.
    assert (tip.writer_earning, tip.platform_profit) == (Decimal("3.35"), Decimal("6.70"))


def test_later_level_changes_never_rewrite_a_sent_tip(world):
    tip = _tip(world, "50.00")
    writer_level_update(level=world.level, name="Senior", tip_percentage=Decimal("50"))
    tip.refresh_from_db()
    assert (tip.writer_percentage, tip.writer_earning, tip.writer_level_name) == (
        Decimal("40.00"),
        Decimal("20.00"),
        "Intermediate",
    )
    assert _tip(world, "50.00").writer_earning == Decimal("25.00")


def test_a_writer_without_a_level_gets_the_websites_default(world):
    profile = world.writer.writer_profile
    writer_profile_assign_level(profile=profile, level_id=None)
    tip = _tip(world, "10.00")
    assert (tip.writer_percentage, tip.writer_earning, tip.writer_level_id) == (
        Decimal("30.00"),
        Decimal("3.00"),
        None,
    )
    assert tip.writer_level_name == ""
    tip_settings_update(website=world.website, default_writer_percentage=Decimal("35.50"))
    assert _tip(world, "10.00").writer_earning == Decimal("3.55")


def test_a_writer_without_a_profile_gets_the_websites_default(world):
    writer = WriterFactory(website=world.website)
    tip = tip_create(
        client=world.client, writer_id=writer.pk, tip_amount=Decimal("20"), tip_reason="Thanks"
    )
    assert tip.writer_percentage == Decimal("30.00")


def test_a_zero_percent_level_gives_the_writer_nothing_and_does_not_fall_back(world):
    zero = WriterLevelFactory(website=world.website, tip_percentage=Decimal("0"))
    writer_profile_assign_level(profile=world.writer.writer_profile, level_id=zero.pk)
    tip = _tip(world, "20.00")
    assert (tip.writer_percentage, tip.writer_earning, tip.platform_profit) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("20.00"),
    )
    assert tip.payment_status == "completed"
    assert balance(world.writer) == Decimal("0.00")
    assert ledger_kinds(world.writer) == []


def test_tip_settings_are_created_with_the_defaults_on_first_use(world):
    assert not TipSettings.objects.filter(website=world.website).exists()
    settings = tip_settings_get_or_create(website=world.website)
    assert (
        settings.default_writer_percentage,
        settings.min_tip_amount,
        settings.max_tip_amount,
    ) == (Decimal("30.00"), Decimal("1.00"), Decimal("5000.00"))


def test_tip_settings_refuse_a_minimum_above_the_maximum(world):
    with pytest.raises(DomainError) as error:
        tip_settings_update(website=world.website, min_tip_amount=Decimal("6000"))
    assert (error.value.field, error.value.code) == ("min_tip_amount", "min_above_max")


# The type follows the reference -------------------------------------------------------------------


def test_an_order_of_the_client_written_by_the_writer_makes_an_order_tip(world):
    order = OrderFactory(website=world.website, client=world.client, writer=world.writer)
    tip = _tip(world, order_id=order.pk)
    assert (tip.tip_type, tip.order_id, tip.class_bundle_id) == ("order", order.pk, None)


def test_a_class_bundle_of_the_client_assigned_to_the_writer_makes_a_class_tip(world):
    bundle = ClassBundleFactory(
        website=world.website, client=world.client, assigned_writer=world.writer
    )
    tip = _tip(world, class_bundle_id=bundle.pk)
    assert (tip.tip_type, tip.order_id, tip.class_bundle_id) == ("class", None, bundle.pk)


# Refusals, each naming its field ------------------------------------------------------------------


def _refusal(world, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        _tip(world, **kwargs)
    assert not Tip.objects.exists()
    assert not OrderPayment.objects.exists()
    return error.value


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "tip_amount_not_positive"),
        ("-5.00", "tip_amount_not_positive"),
        ("1.005", "tip_amount_precision"),
        ("0.99", "tip_amount_below_minimum"),
        ("5000.01", "tip_amount_above_maximum"),
    ],
)
def test_an_amount_outside_the_rules_is_refused(world, amount, code):
    error = _refusal(world, amount=amount)
    assert (error.status_code, error.field, error.code) == (400, "tip_amount", code)


def test_the_websites_own_minimum_and_maximum_apply(world):
    tip_settings_update(
        website=world.website, min_tip_amount=Decimal("5"), max_tip_amount=Decimal("50")
    )
    assert _refusal(world, amount="4.99").code == "tip_amount_below_minimum"
    assert _refusal(world, amount="50.01").code == "tip_amount_above_maximum"
    assert _tip(world, "50.00").tip_amount == Decimal("50.00")


def _writer_refusal(world, writer_id) -> DomainError:
    return _refusal(world, writer_id=writer_id)


def test_a_writer_of_another_website_is_refused(world):
    error = _writer_refusal(world, WriterFactory().pk)
    assert (error.field, error.code) == ("writer_id", "invalid_writer")


def test_an_inactive_writer_is_refused(world):
    writer = WriterFactory(website=world.website, is_active=False)
    assert _writer_refusal(world, writer.pk).code == "invalid_writer"


def test_a_user_who_is_not_a_writer_is_refused(world):
    other_client = ClientFactory(website=world.website)
    assert _writer_refusal(world, other_client.pk).code == "invalid_writer"
    assert _writer_refusal(world, AdminFactory(website=world.website).pk).code == "invalid_writer"
    assert _writer_refusal(world, 987654321).code == "invalid_writer"


def test_a_client_cannot_tip_themself(world):
    error = _writer_refusal(world, world.client.pk)
    assert (error.field, error.code) == ("writer_id", "self_tip")


def test_an_order_of_another_client_is_refused(world):
    order = OrderFactory(website=world.website, writer=world.writer)
    error = _refusal(world, order_id=order.pk)
    assert (error.field, error.code) == ("order_id", "invalid_order")


def test_an_order_of_another_website_is_refused(world):
    error = _refusal(world, order_id=OrderFactory().pk)
    assert (error.field, error.code) == ("order_id", "invalid_order")


def test_an_order_written_by_another_writer_is_refused(world):
    order = OrderFactory(website=world.website, client=world.client)
    error = _refusal(world, order_id=order.pk)
    assert (error.field, error.code) == ("order_id", "order_writer_mismatch")


def test_a_class_bundle_of_another_client_is_refused(world):
    bundle = ClassBundleFactory(website=world.website, assigned_writer=world.writer)
    error = _refusal(world, class_bundle_id=bundle.pk)
    assert (error.field, error.code) == ("class_bundle_id", "invalid_class_bundle")


def test_a_class_bundle_assigned_to_another_writer_is_refused(world):
    bundle = ClassBundleFactory(website=world.website, client=world.client)
    error = _refusal(world, class_bundle_id=bundle.pk)
    assert (error.field, error.code) == ("class_bundle_id", "class_bundle_writer_mismatch")
    unassigned = ClassBundleFactory(
        website=world.website, client=world.client, assigned_writer=None
    )
    assert _refusal(world, class_bundle_id=unassigned.pk).code == "class_bundle_writer_mismatch"


def test_an_order_and_a_class_bundle_together_are_refused(world):
    order = OrderFactory(website=world.website, client=world.client, writer=world.writer)
    bundle = ClassBundleFactory(
        website=world.website, client=world.client, assigned_writer=world.writer
    )
    error = _refusal(world, order_id=order.pk, class_bundle_id=bundle.pk)
    assert (error.field, error.code) == ("class_bundle_id", "tip_reference_conflict")


def test_a_blank_reason_is_refused(world):
    error = _refusal(world, tip_reason="   ")
    assert (error.field, error.code) == ("tip_reason", "required")


# Wallet payment, failure and retry -----------------------------------------------------------------


def test_a_short_wallet_stores_the_tip_failed_with_its_reason_and_moves_no_money(world):
    tip = _tip(world, "150.00")
    tip.refresh_from_db()
    assert tip.payment_status == "failed"
    assert "Insufficient wallet balance" in tip.failure_reason
    payment = OrderPayment.objects.get(pk=tip.payment_id)
    assert (payment.status, payment.failure_reason) == (
        PaymentStatus.FAILED,
        tip.failure_reason,
    )
    assert balance(world.client) == Decimal("100.00")
    assert balance(world.writer) == Decimal("0.00")
    assert ledger_kinds(world.client) == []
    assert ledger_kinds(world.writer) == []


def test_a_failed_tip_is_paid_by_a_retry_after_a_top_up(world):
    tip = _tip(world, "150.00")
    fund(world.client, "60.00")
    tip = tip_process_payment(tip=tip, client=world.client)
    tip.refresh_from_db()
    assert (tip.payment_status, tip.failure_reason) == ("completed", "")
    assert OrderPayment.objects.get(pk=tip.payment_id).status == PaymentStatus.COMPLETED
    assert balance(world.client) == Decimal("10.00")
    assert balance(world.writer) == Decimal("60.00")


def test_a_retry_still_short_leaves_the_tip_failed_with_a_fresh_reason(world):
    tip = _tip(world, "150.00")
    fund(world.client, "10.00")
    tip = tip_process_payment(tip=tip, client=world.client)
    tip.refresh_from_db()
    assert tip.payment_status == "failed"
    assert "110.00" in tip.failure_reason
    assert OrderPayment.objects.get(pk=tip.payment_id).status == PaymentStatus.FAILED
    assert balance(world.client) == Decimal("110.00")


def test_only_a_failed_tip_can_be_retried(world):
    tip = _tip(world, "10.00")
    with pytest.raises(TipTransitionRefused) as error:
        tip_process_payment(tip=tip, client=world.client)
    assert error.value.status_code == 409


def test_a_manual_tip_cannot_be_retried_from_the_wallet(world):
    tip = _tip(world, "10.00", payment_method="manual")
    with pytest.raises(Conflict) as error:
        tip_process_payment(tip=tip, client=world.client)
    assert error.value.code == "tip_not_wallet"


def test_only_the_tips_client_can_retry_it(world):
    tip = _tip(world, "150.00")
    with pytest.raises(DomainError) as error:
        tip_process_payment(tip=tip, client=ClientFactory(website=world.website))
    assert error.value.status_code == 404


# Manual payment --------------------------------------------------------------------------------------


def test_a_manual_tip_waits_pending_until_an_admin_confirms_it(world):
    tip = _tip(world, "40.00", payment_method="manual")
    assert tip.payment_status == "pending"
    assert OrderPayment.objects.get(pk=tip.payment_id).status == PaymentStatus.PENDING
    assert balance(world.client) == Decimal("100.00")
    assert ledger_kinds(world.writer) == []

    tip = tip_confirm_payment(tip=tip, confirmed_by=world.admin, reference="BANK-42")
    tip.refresh_from_db()
    assert tip.payment_status == "completed"
    payment = OrderPayment.objects.get(pk=tip.payment_id)
    assert (payment.status, payment.external_reference, payment.confirmed_by_id) == (
        PaymentStatus.COMPLETED,
        "BANK-42",
        world.admin.pk,
    )
    assert balance(world.writer) == Decimal("16.00")
    assert balance(world.client) == Decimal("100.00")


def test_a_manual_tip_is_confirmed_only_once(world):
    tip = _tip(world, "40.00", payment_method="manual")
    tip_confirm_payment(tip=tip, confirmed_by=world.admin, reference="BANK-42")
    with pytest.raises(TipTransitionRefused):
        tip_confirm_payment(tip=tip, confirmed_by=world.admin, reference="BANK-42")
    assert balance(world.writer) == Decimal("16.00")


def test_a_wallet_tip_is_not_confirmed_by_an_admin(world):
    tip = _tip(world, "150.00")
    with pytest.raises(Conflict) as error:
        tip_confirm_payment(tip=tip, confirmed_by=world.admin, reference="BANK-42")
    assert error.value.code == "tip_not_manual"


def test_confirming_needs_a_reference(world):
    tip = _tip(world, "40.00", payment_method="manual")
    with pytest.raises(DomainError) as error:
        tip_confirm_payment(tip=tip, confirmed_by=world.admin, reference="  ")
    assert error.value.field == "reference"


# Refunds ----------------------------------------------------------------------------------------


def test_a_refund_reverses_both_wallet_movements(world):
    tip = _tip(world, "25.00")
    tip = tip_refund(tip=tip, refunded_by=world.admin, reason="Disputed")
    tip.refresh_from_db()
    assert tip.payment_status == "refunded"
    payment = OrderPayment.objects.get(pk=tip.payment_id)
    assert (payment.status, payment.refund_reason) == (PaymentStatus.REFUNDED, "Disputed")
    assert balance(world.client) == Decimal("100.00")
    assert balance(world.writer) == Decimal("0.00")
    assert ledger_kinds(world.client) == ["payment", "refund"]
    assert ledger_kinds(world.writer) == ["earning", "earning_reversal"]


def test_a_tip_is_refunded_exactly_once(world):
    tip = _tip(world, "25.00")
    tip_refund(tip=tip, refunded_by=world.admin, reason="Disputed")
    with pytest.raises(TipTransitionRefused) as error:
        tip_refund(tip=tip, refunded_by=world.admin, reason="Again")
    assert error.value.status_code == 409
    assert ledger_kinds(world.client) == ["payment", "refund"]
    assert ledger_kinds(world.writer) == ["earning", "earning_reversal"]


def test_a_refund_the_writers_wallet_cannot_cover_is_refused_and_nothing_moves(world):
    from order_payments_management.services import wallet_debit, wallet_get_or_create

    tip = _tip(world, "25.00")
    wallet_debit(
        wallet=wallet_get_or_create(user=world.writer, website=world.website),
        amount=Decimal("5.00"),
        kind=WalletTransactionKind.ADMIN_DEBIT,
        reason="Withdrawal",
    )
    with pytest.raises(TipRefundNotCovered) as error:
        tip_refund(tip=tip, refunded_by=world.admin, reason="Disputed")
    assert (error.value.status_code, error.value.code) == (409, "writer_balance_insufficient")
    tip.refresh_from_db()
    assert tip.payment_status == "completed"
    assert OrderPayment.objects.get(pk=tip.payment_id).status == PaymentStatus.COMPLETED
    assert balance(world.client) == Decimal("75.00")
    assert balance(world.writer) == Decimal("5.00")
    assert ledger_kinds(world.client) == ["payment"]


@pytest.mark.parametrize("method", ["wallet", "manual"])
def test_only_a_completed_tip_is_refunded(world, method):
    tip = _tip(world, "150.00", payment_method=method)  # wallet: failed; manual: pending
    with pytest.raises(TipTransitionRefused):
        tip_refund(tip=tip, refunded_by=world.admin, reason="Disputed")


def test_a_refund_of_a_zero_percent_tip_takes_nothing_from_the_writer(world):
    zero = WriterLevelFactory(website=world.website, tip_percentage=Decimal("0"))
    writer_profile_assign_level(profile=world.writer.writer_profile, level_id=zero.pk)
    tip = tip_refund(tip=_tip(world, "20.00"), refunded_by=world.admin, reason="Disputed")
    assert tip.payment_status == "refunded"
    assert balance(world.client) == Decimal("100.00")
    assert ledger_kinds(world.writer) == []


# Levels and profiles --------------------------------------------------------------------------------


def test_a_level_in_use_cannot_be_deleted_but_an_unused_one_can(world):
    with pytest.raises(Conflict) as error:
        writer_level_delete(level=world.level)
    assert error.value.code == "writer_level_in_use"
    unused = WriterLevelFactory(website=world.website)
    writer_level_delete(level=unused)
    assert not type(unused).objects.filter(pk=unused.pk).exists()


def test_a_level_used_only_by_past_tips_cannot_be_deleted(world):
    _tip(world, "10.00")
    writer_profile_assign_level(profile=world.writer.writer_profile, level_id=None)
    with pytest.raises(Conflict):
        writer_level_delete(level=world.level)


def test_an_inactive_level_or_another_websites_level_cannot_be_assigned(world):
    profile = world.writer.writer_profile
    inactive = WriterLevelFactory(website=world.website, is_active=False)
    with pytest.raises(DomainError) as error:
        writer_profile_assign_level(profile=profile, level_id=inactive.pk)
    assert (error.value.field, error.value.code) == ("level_id", "level_inactive")
    foreign = WriterLevelFactory(website=WebsiteFactory())
    with pytest.raises(DomainError) as error:
        writer_profile_assign_level(profile=profile, level_id=foreign.pk)
    assert error.value.code == "invalid_level_id"


def test_writers_on_a_deactivated_level_keep_its_percentage(world):
    writer_level_update(level=world.level, is_active=False)
    assert _tip(world, "10.00").writer_percentage == Decimal("40.00")


def test_level_names_are_unique_per_website_ignoring_case(world):
    from writer_management.services import writer_level_create

    with pytest.raises(DomainError) as error:
        writer_level_create(
            website=world.website, name="intermediate", tip_percentage=Decimal("10")
        )
    assert (error.value.field, error.value.code) == ("name", "duplicate")
    other = WriterProfileFactory().website
    assert writer_level_create(website=other, name="Intermediate", tip_percentage=Decimal("10"))
