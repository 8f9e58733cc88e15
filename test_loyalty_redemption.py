#!/usr/bin/env python
"""Post-deploy check of the loyalty redemption endpoints (the deployment checklist's test script).

    python test_loyalty_redemption.py [--base-url URL] [--token T | --username U ...]

Runs `manage.py smoke --group loyalty`: health, login, then the redemption categories, items,
requests and analytics endpoints (status, JSON shape, time against the budgets). Defaults come
from SMOKE_BASE_URL, SMOKE_USERNAME, SMOKE_PASSWORD and SMOKE_TOKEN (see docs/DEPLOYMENT.md).
Exit code 0 only when every check passes: an endpoint that answers 404 (not deployed) fails.
Not a pytest module: it holds no tests.
"""

import sys

import manage


def main() -> None:
    sys.argv = [sys.argv[0], "smoke", "--group", "loyalty", *sys.argv[1:]]
    manage.main()


if __name__ == "__main__":
    main()
