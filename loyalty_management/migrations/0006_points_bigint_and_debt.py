"""Points in 64-bit columns; points owed after a refund (debt); milestone bonuses reversed.

- Every column that holds or accumulates points becomes a 64-bit integer (balances, held and
  lifetime points, the ledger's points, held change, balance/held after, shortfall, and tier
  thresholds, which are compared with lifetime points).
- `LoyaltyAccount.points_debt` and the ledger's `debt_change` / `debt_after`: what a refund could
  not take back at once; the next points that become available pay it (`recovery` rows).
- A milestone no longer reached after a refund is revoked with its bonus (`reversal` rows), and
  may be reached again, so a client can have more than one `bonus` row for a milestone: the
  unique constraint `loyalty_tx_once_per_milestone_kind` goes (the client's badge, unique per
  client, keeps one live award at a time).

Reversing narrows the columns back to 32 bits (refused by PostgreSQL if a value no longer fits),
drops the debt columns (the ledger's `points` still sum to each balance; what is owed is lost)
and restores the unique constraint (refused if a client reached a milestone twice).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('loyalty_management', '0005_add_min_tier_level'),
        ('websites', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='loyaltytransaction',
            name='loyalty_tx_once_per_milestone_kind',
        ),
        migrations.AddField(
            model_name='loyaltyaccount',
            name='points_debt',
            field=models.BigIntegerField(db_default=0, default=0, help_text='Points a refund could not take back at once (already spent or held); the next points that become available pay it first.'),
        ),
        migrations.AddField(
            model_name='loyaltytransaction',
            name='debt_after',
            field=models.BigIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name='loyaltytransaction',
            name='debt_change',
            field=models.BigIntegerField(db_default=0, default=0, help_text='Signed change to the points owed.'),
        ),
        migrations.AlterField(
            model_name='loyaltyaccount',
            name='lifetime_points',
            field=models.BigIntegerField(default=0, help_text='Points ever earned or awarded; the tier follows it.'),
        ),
        migrations.AlterField(
            model_name='loyaltyaccount',
            name='points_balance',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='loyaltyaccount',
            name='points_held',
            field=models.BigIntegerField(default=0, help_text='Reserved by pending redemption requests; part of the balance.'),
        ),
        migrations.AlterField(
            model_name='loyaltytier',
            name='min_lifetime_points',
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AlterField(
            model_name='loyaltytransaction',
            name='balance_after',
            field=models.BigIntegerField(),
        ),
        migrations.AlterField(
            model_name='loyaltytransaction',
            name='held_after',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='loyaltytransaction',
            name='kind',
            field=models.CharField(choices=[('earn', 'Earned by a payment'), ('redeem', 'Spent on a redemption'), ('hold', 'Held for a redemption request'), ('release', 'Hold released'), ('refund', 'Refund'), ('adjust', 'Adjusted by an admin'), ('expire', 'Expired'), ('bonus', 'Milestone bonus'), ('reversal', 'Milestone bonus reversed'), ('recovery', 'Paid towards a debt')], max_length=10),
        ),
        migrations.AlterField(
            model_name='loyaltytransaction',
            name='points',
            field=models.BigIntegerField(default=0, help_text='Signed change to the balance.'),
        ),
        migrations.AlterField(
            model_name='loyaltytransaction',
            name='points_held_change',
            field=models.BigIntegerField(default=0, help_text='Signed change to held points.'),
        ),
        migrations.AlterField(
            model_name='loyaltytransaction',
            name='shortfall',
            field=models.PositiveBigIntegerField(default=0, help_text='Points a refund could not take back at once; they became a debt.'),
        ),
        migrations.AddConstraint(
            model_name='loyaltyaccount',
            constraint=models.CheckConstraint(condition=models.Q(('points_debt__gte', 0)), name='loyalty_account_debt_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='loyaltytransaction',
            constraint=models.CheckConstraint(condition=models.Q(('debt_after__gte', 0)), name='loyalty_tx_debt_after_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='loyaltytransaction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'recovery'), _negated=True), models.Q(('debt_change', models.F('points')), ('points__lt', 0), ('points_held_change', 0)), _connector='OR'), name='loyalty_tx_recovery_pays_debt'),
        ),
        migrations.AddConstraint(
            model_name='loyaltytransaction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'reversal'), _negated=True), models.Q(('milestone__isnull', False), ('points__lte', 0), ('points_held_change', 0)), _connector='OR'), name='loyalty_tx_reversal_takes_bonus_back'),
        ),
    ]
