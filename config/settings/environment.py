"""What the deployment is: its environment, secrets, hosts, proxies, currency and reporting zone.

Every variable read in these settings is listed, with its default, in `.env.example` and the
README.
"""

import ipaddress
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-insecure-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
)
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The proxies in front of the service, whose X-Forwarded-For hops are believed (core/client_ip.py):
# their networks (CIDRs), and/or how many there are when their addresses are not known in advance.
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(cidr.strip(), strict=False))
    for cidr in env.list("TRUSTED_PROXIES", default=[])
]
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# One currency and one reporting time zone for the whole deployment.
CURRENCY = env.str("CURRENCY", default="USD")
REPORTING_TIME_ZONE = env.str("REPORTING_TIME_ZONE", default="UTC")
# Admin tip reports: read the rollups ("rollups") or aggregate the tip rows live ("tips"), and
# cache each report this many seconds (0: no cache).
TIP_REPORTS_SOURCE = env.str("TIP_REPORTS_SOURCE", default="rollups")
TIP_REPORTS_CACHE_SECONDS = env.int("TIP_REPORTS_CACHE_SECONDS", default=30)
