"""ClassInstallment becomes a schedule: numbered, due on a date, paid or not, linked to its payment.

Before this migration an installment row recorded money already received (`paid_at` and
`paid_by` required). Forward, every existing row is a paid installment: it is numbered within its
bundle in the order it was paid, due on the day it was paid, `is_paid`, and created when it was
paid. Backward, the rows the old shape cannot hold (unpaid installments) are deleted and the
schedule fields and payment links are dropped, so a rollback loses the unpaid schedule, due dates,
numbering and payment links (see docs/CLASS_MANAGEMENT.md).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def installments_number_from_payments(apps, schema_editor):
    ClassInstallment = apps.get_model("class_management", "ClassInstallment")
    current_bundle, number = None, 0
    for installment in ClassInstallment.objects.order_by("bundle_id", "paid_at", "id"):
        if installment.bundle_id != current_bundle:
            current_bundle, number = installment.bundle_id, 0
        number += 1
        installment.installment_number = number
        installment.due_date = installment.paid_at.date()
        installment.is_paid = True
        installment.created_at = installment.paid_at
        installment.save(
            update_fields=["installment_number", "due_date", "is_paid", "created_at"]
        )


def installments_drop_unpaid(apps, schema_editor):
    ClassInstallment = apps.get_model("class_management", "ClassInstallment")
    ClassInstallment.objects.filter(
        models.Q(is_paid=False) | models.Q(paid_at__isnull=True) | models.Q(paid_by__isnull=True)
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("class_management", "0004_classinstallment_updated_at_and_constraints"),
        ("order_payments_management", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="classinstallment",
            options={"ordering": ("bundle_id", "installment_number")},
        ),
        migrations.AlterField(
            model_name="classinstallment",
            name="paid_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="classinstallment",
            name="paid_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="class_installments_paid",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="classinstallment",
            name="installment_number",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="classinstallment",
            name="due_date",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="classinstallment",
            name="is_paid",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name="classinstallment",
            name="is_overdue",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Unpaid past its due date (set by the hourly overdue task).",
            ),
        ),
        migrations.AddField(
            model_name="classinstallment",
            name="payment_record",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="order_payments_management.orderpayment",
            ),
        ),
        migrations.AddField(
            model_name="classinstallment",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(installments_number_from_payments, installments_drop_unpaid),
        migrations.AlterField(
            model_name="classinstallment",
            name="installment_number",
            field=models.PositiveIntegerField(),
        ),
        migrations.AlterField(
            model_name="classinstallment",
            name="due_date",
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name="classbundle",
            name="deposit_required",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                help_text="Paid before any installment; 0 when no deposit is required.",
                max_digits=12,
            ),
        ),
        migrations.AddIndex(
            model_name="classinstallment",
            index=models.Index(fields=["is_paid", "due_date"], name="class_installment_due_idx"),
        ),
        migrations.AddConstraint(
            model_name="classinstallment",
            constraint=models.UniqueConstraint(
                fields=("bundle", "installment_number"),
                name="class_installment_number_unique_per_bundle",
            ),
        ),
        migrations.AddConstraint(
            model_name="classinstallment",
            constraint=models.CheckConstraint(
                condition=models.Q(("is_paid", False), ("paid_at__isnull", False), _connector="OR"),
                name="class_installment_paid_has_paid_at",
            ),
        ),
    ]
