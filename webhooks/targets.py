"""Where a webhook may go: HTTPS to a public address (server-side request forgery guard).

An admin chooses the URL, and this server then calls it: a URL naming an internal address
(the database, the cloud's metadata service at 169.254.169.254, a loopback admin port) would
turn webhooks into a way into the private network. So:

- the URL is `https://` (plain `http://` only to loopback, and only where private targets are
  allowed: development and tests), carries no user name or password, and names a host;
- every address the host resolves to must be public (not private, loopback, link-local,
  multicast, reserved or unspecified), checked when the endpoint is saved and again at every
  attempt, and the connection goes to the address that was checked (a DNS answer that changes
  between the check and the connection cannot redirect it);
- redirects are never followed (a 3xx is a failed attempt).

`WEBHOOK_ALLOW_PRIVATE_TARGETS` (off in production, always) lifts the address rule.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from webhooks.exceptions import WebhookUrlRefused

MAX_URL_LENGTH = 2000


def _address_is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def url_parts(url: str) -> tuple[str, str, int, str]:
    """Check the URL's form; return (scheme, host, port, path with query)."""
    if len(url) > MAX_URL_LENGTH:
        raise WebhookUrlRefused(f"The URL is longer than {MAX_URL_LENGTH} characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise WebhookUrlRefused("The URL cannot be read.") from error
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise WebhookUrlRefused("The URL must be https:// with a host name.")
    if parts.username is not None or parts.password is not None:
        raise WebhookUrlRefused("The URL must not carry a user name or password.")
    if parts.fragment:
        raise WebhookUrlRefused("The URL must not have a fragment (#...).")
    host = parts.hostname
    if parts.scheme == "http" and not (
        settings.WEBHOOK_ALLOW_PRIVATE_TARGETS and _is_loopback_name(host)
    ):
        raise WebhookUrlRefused(
            "The URL must be https:// (plain http:// only to loopback, outside production)."
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def _is_loopback_name(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolved_address(host: str, port: int) -> str:
    """The address to connect to: the host's first address, once all of them are allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookUrlRefused(f"The host {host} does not resolve.") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise WebhookUrlRefused(f"The host {host} does not resolve.")
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        refused = [str(a) for a in addresses if not _address_is_public(a)]
        if refused:
            raise WebhookUrlRefused(
                f"The host {host} resolves to an address that is not public ({refused[0]})."
            )
    return str(addresses[0])


def url_check(url: str) -> None:
    """Refuse (400 naming `url`) a URL a webhook may not be sent to."""
    _, host, port, _ = url_parts(url)
    resolved_address(host, port)
