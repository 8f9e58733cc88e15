"""Bind loyalty discount codes to the client who redeemed them.

`Discount.client`: only this client may use the code (empty: anyone). Existing loyalty codes
were created by the redeeming client (`created_by`), so they are bound to that client; admin
codes stay open to everyone. Reversing drops the column (the binding is lost, nothing else).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bind_loyalty_codes(apps, schema_editor):
    Discount = apps.get_model("order_payments_management", "Discount")
    Discount.objects.filter(
        origin="loyalty", client__isnull=True, created_by__role="client"
    ).update(client=models.F("created_by"))


class Migration(migrations.Migration):

    dependencies = [
        ("order_payments_management", "0006_orderpayment_one_live_payment_per_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="discount",
            name="client",
            field=models.ForeignKey(
                blank=True,
                help_text="Only this client may use the code (a loyalty reward); empty: anyone.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(bind_loyalty_codes, migrations.RunPython.noop, elidable=True),
    ]
