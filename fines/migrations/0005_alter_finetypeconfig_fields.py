"""FineTypeConfig: `base_amount` becomes a choice of what a percentage fine is computed from, and
`is_system_defined` becomes `origin` (`system` | `admin`).

Before this migration `base_amount` held the money of a fixed fine and percentage fines were
always computed from the order's total price. Forward: that money moves to the new `amount`
column (emptied for percentage types, which never used it), and `base_amount` records the base:
`total_price` for existing percentage types (their old behaviour), the default
`writer_compensation` for fixed types. Backward: `amount` moves back to `base_amount` (empty → 0)
and the choice is dropped, so a rollback loses which base each percentage type used (see
docs/FINES.md). `origin` and `is_system_defined` convert both ways without loss.
"""

from django.db import migrations, models

SYSTEM, ADMIN = "system", "admin"
PERCENTAGE = "percentage"
TOTAL_PRICE = "total_price"


def origin_from_is_system_defined(apps, schema_editor):
    FineTypeConfig = apps.get_model("fines", "FineTypeConfig")
    FineTypeConfig.objects.filter(is_system_defined=True).update(origin=SYSTEM)
    FineTypeConfig.objects.filter(is_system_defined=False).update(origin=ADMIN)


def is_system_defined_from_origin(apps, schema_editor):
    FineTypeConfig = apps.get_model("fines", "FineTypeConfig")
    FineTypeConfig.objects.filter(origin=SYSTEM).update(is_system_defined=True)
    FineTypeConfig.objects.exclude(origin=SYSTEM).update(is_system_defined=False)


def base_amount_choice_from_legacy(apps, schema_editor):
    FineTypeConfig = apps.get_model("fines", "FineTypeConfig")
    FineTypeConfig.objects.filter(calculation=PERCENTAGE).update(base_amount=TOTAL_PRICE, amount=None)


def legacy_base_amount_from_amount(apps, schema_editor):
    FineTypeConfig = apps.get_model("fines", "FineTypeConfig")
    FineTypeConfig.objects.filter(amount__isnull=True).update(amount=0)


class Migration(migrations.Migration):

    dependencies = [
        ("fines", "0004_finetypeconfig_clamp_and_fine_indexes"),
        ("websites", "0001_initial"),
    ]

    operations = [
        # is_system_defined (bool) -> origin (system | admin)
        migrations.AddField(
            model_name="finetypeconfig",
            name="origin",
            field=models.CharField(
                choices=[("system", "System-defined"), ("admin", "Created by an admin")],
                db_default="admin",
                default="admin",
                max_length=10,
            ),
        ),
        migrations.RunPython(origin_from_is_system_defined, is_system_defined_from_origin),
        migrations.RemoveField(model_name="finetypeconfig", name="is_system_defined"),
        # base_amount (the fixed fine's money) -> amount; base_amount becomes the percentage base
        migrations.RenameField(
            model_name="finetypeconfig", old_name="base_amount", new_name="amount"
        ),
        migrations.AlterField(
            model_name="finetypeconfig",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The fine of a fixed type.",
                max_digits=12,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="finetypeconfig",
            name="base_amount",
            field=models.CharField(
                choices=[
                    ("writer_compensation", "Writer compensation"),
                    ("total_price", "Order total price"),
                ],
                db_default="writer_compensation",
                default="writer_compensation",
                help_text="The order amount a percentage fine is computed from.",
                max_length=24,
            ),
        ),
        migrations.RunPython(base_amount_choice_from_legacy, legacy_base_amount_from_amount),
        migrations.AlterField(
            model_name="finetypeconfig",
            name="percentage",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The percentage of `base_amount` a percentage type charges.",
                max_digits=5,
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="finetypeconfig",
            name="website",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a global type that applies to every website.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="fine_types",
                to="websites.website",
            ),
        ),
    ]
