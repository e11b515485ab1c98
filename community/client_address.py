"""Who is asking: the one answer every limit keyed on the client's address uses.

X-Forwarded-For is written by whoever sends the request, so it only counts when settings say how
many proxies of ours stand in front (TRUSTED_PROXY_COUNT): each of them appends the address it
was reached from, so that many entries from the right are ours and the one before is not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# Anyone given one IPv6 address normally holds the whole /64 around it, so limits treat a /64
# as one client (allauth does the same, with the same default).
IPV6_PREFIX = 64


def client_address(request: HttpRequest) -> str:
    """The client's IP address: the connection's, or the one our proxies saw. "" if unknown."""
    connection = _clean(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return connection
    entries = request.headers.get("x-forwarded-for", "").split(",")
    if len(entries) < trusted:
        # Fewer entries than proxies: the request did not come through all of them.
        return connection
    return _clean(entries[-trusted]) or connection


def rate_limit_address(request: HttpRequest) -> str:
    """The client's address as limits count it: IPv6 addresses by their /64 network."""
    address = client_address(request)
    if ":" not in address:
        return address
    return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)


def _clean(value: str) -> str:
    """The address in its one canonical spelling, or "" for anything that is not an address.
    Some proxies add the client's port ("192.0.2.1:5000", "[2001:db8::1]:5000"); it is dropped."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return ""
    # "::ffff:192.0.2.1" from a dual-stack listener is an IPv4 client: counting it by its /64
    # would put every IPv4 client in one bucket.
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)
