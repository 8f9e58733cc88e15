"""Check the money and points invariants of every app (or of some) and list what is broken."""

import json as json_module

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.invariants import check_invariants, registered_invariants


class Command(BaseCommand):
    help = (
        "Check the money and points invariants (wallets, payments, tips, classes, points, "
        "redemptions) straight on the tables; exit 1 when any is broken. Run it after an "
        "incident, a restore or a manual database change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app", action="append", dest="apps", help="Only this app's invariants (repeat)."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, apps=None, json=False, **options):
        if connection.vendor != "postgresql":
            # SQLite keeps decimals as floating point: 49.99 + 0.01 sums to 49.999999...,
            # so every exact money rule would report rows that are right to the cent.
            raise CommandError(
                "check_invariants compares exact decimal sums and needs PostgreSQL "
                f"(this database is {connection.vendor}, which sums money as floating point)."
            )
        rules = registered_invariants()
        known = {app for app, _ in rules}
        unknown = sorted(set(apps or ()) - known)
        if unknown:
            raise CommandError(
                f"No invariants for app(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        checked = [rule for app, rule in rules if not apps or app in apps]
        found = check_invariants(app_labels=set(apps) if apps else None)
        if json:
            self._print_json(checked=len(checked), found=found)
        else:
            self._print_text(checked=len(checked), found=found)
        if found:
            raise SystemExit(1)

    def _print_json(self, *, checked: int, found) -> None:
        payload = {
            "checked": checked,
            "violations": [
                {"app": v.app, "invariant": v.invariant, "row": list(v.row)} for v in found
            ],
        }
        self.stdout.write(json_module.dumps(payload, default=str))

    def _print_text(self, *, checked: int, found) -> None:
        if not found:
            self.stdout.write(self.style.SUCCESS(f"All {checked} invariants hold."))
            return
        self.stdout.write(self.style.ERROR(f"{len(found)} violation(s) of {checked} invariants:"))
        for violation in found:
            self.stdout.write(f"  [{violation.app}] {violation}")
