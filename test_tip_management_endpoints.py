#!/usr/bin/env python
"""Post-deploy check of the tip management endpoints (the deployment checklist's test script).

    python test_tip_management_endpoints.py [--base-url URL] [--token T | --username U ...]

Runs `manage.py smoke --group tips`: health, login, then the admin tip dashboard, list,
analytics and earnings endpoints (status, JSON shape, time against the budgets). Defaults come
from SMOKE_BASE_URL, SMOKE_USERNAME, SMOKE_PASSWORD and SMOKE_TOKEN (see docs/DEPLOYMENT.md).
Exit code 0 only when every check passes: an endpoint that answers 404 (not deployed) fails.
Not a pytest module: it holds no tests.
"""

import sys

import manage


def main() -> None:
    sys.argv = [sys.argv[0], "smoke", "--group", "tips", *sys.argv[1:]]
    manage.main()


if __name__ == "__main__":
    main()
