from decimal import Decimal

from core.demo_support import demo_random
from orders.models import Order
from orders.services import order_create

ORDERS_PER_WEBSITE = 12
TITLES = (
    "Literature review on renewable energy policy",
    "Case study: supply chain resilience",
    "Statistics homework set 4",
    "Research proposal: urban heat islands",
    "Essay on the French Revolution",
    "Lab report: enzyme kinetics",
)


def seed(context: dict) -> None:
    rng = demo_random("orders")
    context["orders"] = {}
    for website in context["websites"]:
        slug = website.slug
        orders = []
        for n in range(1, ORDERS_PER_WEBSITE + 1):
            number = f"{slug.upper()}-{n:04d}"
            order = Order.objects.filter(website=website, order_number=number).first()
            if order is None:
                price = Decimal(rng.randrange(4000, 40000)) / 100
                client = context["clients"][slug][n % len(context["clients"][slug])]
                writer = context["writers"][slug][n % len(context["writers"][slug])]
                order = order_create(
                    website=website,
                    client=client,
                    writer=writer,
                    title=TITLES[n % len(TITLES)],
                    total_price=price,
                    writer_compensation=(price * Decimal("0.6")).quantize(Decimal("0.01")),
                    order_number=number,
                )
            # Orders are unpaid here: the payments demo pays some (and starts half of them)
            # through the payment services, the only way an order reaches a money state.
            orders.append(order)
        context["orders"][slug] = orders
