"""The client's IP address, as the proxies this deployment trusts report it.

Behind a TLS proxy every request's `REMOTE_ADDR` is the proxy, so per-client limits would put
every user in one bucket. The proxy appends the address it saw to `X-Forwarded-For`; only hops
written by a trusted proxy can be believed, since a client can send any `X-Forwarded-For` it
likes. Walking from the nearest hop (`REMOTE_ADDR`) outwards, a hop is skipped while it is one of
the last `TRUSTED_PROXY_COUNT` hops or lies in `TRUSTED_PROXIES`; the first other hop is the
client. With neither configured, the client is `REMOTE_ADDR`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def _in_networks(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """Return the address of the client that sent `request` (a Django or DRF request)."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or "unknown"
    count = settings.TRUSTED_PROXY_COUNT
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not count and not networks:
        return remote
    forwarded = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [*(hop for hop in forwarded if hop), remote]
    for position, hop in enumerate(reversed(hops)):
        if position < count or _in_networks(hop, networks):
            continue
        return hop
    return hops[0]
