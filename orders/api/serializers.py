from rest_framework import serializers

from core.roles import (
    RoleOutputs,
)
from core.serializers import (
    IdField,
    ModelSerializer,
    MoneyField,
    PartyBriefOutput,
    UserBriefOutput,
    WebsiteBriefOutput,
)
from orders.models import Order, OrderStatus


class OrderOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    client = UserBriefOutput()
    writer = UserBriefOutput(allow_null=True)

    class Meta:
        model = Order
        fields = (
            "id",
            "website",
            "order_number",
            "title",
            "client",
            "writer",
            "status",
            "total_price",
            "writer_compensation",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class OrderClientOutput(ModelSerializer):
    """An order as its client sees it: the price, never the writer's pay or contact details."""

    website = WebsiteBriefOutput()
    client = UserBriefOutput()
    writer = PartyBriefOutput(allow_null=True)

    class Meta:
        model = Order
        fields = (
            "id",
            "website",
            "order_number",
            "title",
            "client",
            "writer",
            "status",
            "total_price",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class OrderWriterOutput(ModelSerializer):
    """An order as its writer sees it: their pay, never the client's price or contact details."""

    website = WebsiteBriefOutput()
    client = PartyBriefOutput()
    writer = UserBriefOutput(allow_null=True)

    class Meta:
        model = Order
        fields = (
            "id",
            "website",
            "order_number",
            "title",
            "client",
            "writer",
            "status",
            "writer_compensation",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


ORDER_OUTPUTS = RoleOutputs(
    "OrderOutputByRole", admin=OrderOutput, client=OrderClientOutput, writer=OrderWriterOutput
)


class OrderCreateInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the order.")
    client_id = IdField()
    writer_id = IdField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    total_price = MoneyField()
    writer_compensation = MoneyField(min_value=0)
    order_number = serializers.CharField(max_length=32, required=False)


class OrderAssignWriterInput(serializers.Serializer):
    writer_id = IdField()


class OrderStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
