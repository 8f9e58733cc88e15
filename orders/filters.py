import django_filters

from orders.models import Order, OrderStatus


class OrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)
    client_id = django_filters.NumberFilter(field_name="client_id")
    writer_id = django_filters.NumberFilter(field_name="writer_id")

    class Meta:
        model = Order
        fields = ("status", "client_id", "writer_id")
