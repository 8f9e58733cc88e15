from decimal import Decimal

import factory

from orders.models import Order
from tests.accounts.factories import ClientFactory, WriterFactory
from tests.websites.factories import WebsiteFactory


class OrderFactory(factory.django.DjangoModelFactory):
    """An unpaid order whose client and writer belong to the order's website."""

    class Meta:
        model = Order

    website = factory.SubFactory(WebsiteFactory)
    order_number = factory.Sequence(lambda n: f"ORD-{n:06d}")
    title = "Essay on climate policy"
    client = factory.SubFactory(ClientFactory, website=factory.SelfAttribute("..website"))
    writer = factory.SubFactory(WriterFactory, website=factory.SelfAttribute("..website"))
    total_price = Decimal("120.00")
    writer_compensation = Decimal("70.00")
