"""The load test's actors, added to its copy of the benchmark database's first website.

Admins, clients with funded wallets and points, a writer to tip and an unlimited reward to
redeem, each created through the services. `python manage.py shell -c "from perf.actors import
main; main()"` prints them as one `ACTORS {json}` line for `perf.loadtest`.
"""

import json
import sys
from decimal import Decimal

from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role, User
from loyalty_management.services import (
    points_award,
    redemption_category_create,
    redemption_item_create,
)
from order_payments_management.models import WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_get_or_create
from websites.models import Website
from writer_management.services import tip_settings_get_or_create

ADMINS, CLIENTS = 4, 16
WALLET_TOP_UP = Decimal("1000000.00")
POINTS = 100_000


def _user(website: Website, name: str, role: str) -> User:
    found = User.objects.filter(username=name).first()
    if found:
        return found
    made = User(username=name, email=f"{name}@example.com", role=role, website=website)
    made.set_password("load-pass-123")
    made.save()
    return made


def actors() -> dict:
    """Create (or find) the actors; return their ids and access tokens."""
    website = Website.objects.order_by("id").first()
    admins = [_user(website, f"load_admin_{n}", Role.ADMIN) for n in range(ADMINS)]
    writer = _user(website, "load_writer", Role.WRITER)
    clients = [_user(website, f"load_client_{n}", Role.CLIENT) for n in range(CLIENTS)]
    tip_settings_get_or_create(website=website)
    wallets = []
    for client in clients:
        wallet = wallet_get_or_create(user=client, website=website)
        wallets.append(wallet.pk)
        wallet_credit(
            wallet=wallet,
            amount=WALLET_TOP_UP,
            kind=WalletTransactionKind.TOPUP,
            reason="Load test",
        )
        points_award(client=client, points=POINTS, reason="Load test", awarded_by=admins[0])
    category = redemption_category_create(website=website, name="Load test rewards")
    item = redemption_item_create(
        website=website,
        category=category,
        name="Load test sticker",
        points_required=10,
        redemption_type="product",
    )
    return {
        "website": website.pk,
        "writer": writer.pk,
        "item": item.pk,
        "wallets": wallets,
        "admins": [str(AccessToken.for_user(user)) for user in admins],
        "clients": [str(AccessToken.for_user(user)) for user in clients],
    }


def main() -> None:
    sys.stdout.write("ACTORS " + json.dumps(actors()) + "\n")
