"""Reading a calendar file from a web address a person typed, safely.

An address someone types is a way into our own network (SSRF). Only http(s) is read; the host
is looked up once, every answer is checked to be public (not private, loopback or link-local),
and the connection goes to exactly the address that was checked. Looking the name up a second
time to connect, as urllib does, would let a host answer a public address to the check and
127.0.0.1 to the connection (DNS rebinding). The Host header, TLS SNI and the certificate check
still use the name. Redirects are checked the same way, hop by hop. The whole download has a
deadline as well as a size limit, so a server that trickles bytes cannot hold a worker for ever.
Tests that serve a file from this machine set EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED."""

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from django.conf import settings

from events.errors import ImportFileError
from events.services.importing import MAX_BYTES

# Waiting for any one connection or read; the whole download has DOWNLOAD_SECONDS.
TIMEOUT_SECONDS = 15
DOWNLOAD_SECONDS = 30
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}

# (host, port) -> the IP addresses the name stands for, best first.
Resolver = Callable[[str, int], list[str]]


def look_up(host: str, port: int) -> list[str]:
    """The system's answer for a host name (a literal IP address is its own answer)."""
    found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(sockaddr[0]).split("%")[0] for *_, sockaddr in found))


def _refuse(code: str, message: str) -> ImportFileError:
    return ImportFileError(code, message, field="address")


def checked_address(address: str) -> str:
    """The address to read (webcal:// read as https://), or ImportFileError if it is not a web
    address. Where it leads is checked when it is read (`fetch_calendar`)."""
    parts = urlsplit(address.strip())
    scheme = {"webcal": "https", "webcals": "https"}.get(parts.scheme.lower(), parts.scheme.lower())
    if scheme not in ("http", "https") or not parts.hostname or not _has_usable_port(parts):
        raise _refuse(
            "bad_address", "Give a web address that starts with https://, http:// or webcal://."
        )
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _has_usable_port(parts: SplitResult) -> bool:
    try:
        return parts.port != 0
    except ValueError:  # not a number, or out of range
        return False


def _checked_ips(host: str, port: int, resolve: Resolver) -> list[str]:
    """The addresses to connect to: all of them public, unless tests allow this machine."""
    try:
        ips = resolve(host, port)
    except (OSError, UnicodeError) as error:
        raise _refuse("address_not_found", "We could not find that web address.") from error
    if not ips:
        raise _refuse("address_not_found", "We could not find that web address.")
    if not settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED:
        for ip in map(ipaddress.ip_address, ips):
            if not (getattr(ip, "ipv4_mapped", None) or ip).is_global:
                raise _refuse(
                    "private_address",
                    "That address is on a private network, so we cannot read it. "
                    "Give the calendar's public address.",
                )
    return ips


def _connect_to_one(ips: list[str], port: int, timeout: float | None) -> socket.socket:
    last_error: OSError = OSError("no address")
    for ip in ips:
        try:
            return socket.create_connection((ip, port), timeout)
        except OSError as error:
            last_error = error
    raise last_error


class CheckedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked addresses only; the Host header still names the host."""

    def __init__(self, host: str, port: int, *, ips: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.ips = ips

    def connect(self) -> None:
        self.sock = _connect_to_one(self.ips, self.port, self.timeout)


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    """As CheckedHTTPConnection, over TLS: SNI and the certificate are checked against the
    host name, not the address connected to. `tls` says which authorities to trust (the
    system's unless given)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        ips: list[str],
        timeout: float,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.tls = tls or ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.ips = ips

    def connect(self) -> None:
        plain = _connect_to_one(self.ips, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(plain, server_hostname=self.host)


def _too_slow() -> ImportFileError:
    return _refuse(
        "address_too_slow", "The address took too long to send the calendar. Try again later."
    )


def _left(deadline: float) -> float:
    """How long the next wait may be: what is left of the deadline, at most TIMEOUT_SECONDS."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow()
    return min(left, TIMEOUT_SECONDS)


def _open(
    url: str, resolve: Resolver, deadline: float, tls: ssl.SSLContext | None
) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    ips = _checked_ips(host, port, resolve)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = CheckedHTTPSConnection(host, port, ips=ips, timeout=_left(deadline), tls=tls)
    else:
        connection = CheckedHTTPConnection(host, port, ips=ips, timeout=_left(deadline))
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    connection.request(
        "GET",
        path,
        headers={"User-Agent": "Alongside calendar import", "Accept": "text/calendar"},
    )
    return connection


def _body(response: http.client.HTTPResponse, sock: socket.socket, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        sock.settimeout(_left(deadline))
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BYTES:
        raise _refuse("too_big", "The calendar at that address is bigger than 5 MB.")
    return b"".join(chunks)


def _download(url: str, resolve: Resolver, deadline: float, tls: ssl.SSLContext | None) -> bytes:
    for _hop in range(MAX_REDIRECTS + 1):
        connection = _open(url, resolve, deadline, tls)
        # Kept here: the connection lets go of its socket once a closing response has begun.
        sock = connection.sock
        try:
            sock.settimeout(_left(deadline))
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                url = checked_address(urljoin(url, location))
                continue
            if response.status >= 400:
                raise _refuse(
                    "address_failed",
                    f"The address answered with an error ({response.status}). Check it.",
                )
            return _body(response, sock, deadline)
        finally:
            connection.close()
            sock.close()
    raise _refuse("address_unreachable", "That address sends us round in circles. Check it.")


def fetch_calendar(
    address: str,
    *,
    resolve: Resolver = look_up,
    seconds: float = DOWNLOAD_SECONDS,
    tls: ssl.SSLContext | None = None,
) -> str:
    """The calendar file at the address, as text, read within `seconds` in all. `resolve` and
    `tls` are the system's name lookup and trusted authorities unless given (tests give their
    own, to serve a name from this machine)."""
    url = checked_address(address)
    deadline = time.monotonic() + seconds
    try:
        body = _download(url, resolve, deadline, tls)
    except TimeoutError as error:
        if time.monotonic() >= deadline - 0.1:  # the wait cut short was the deadline's
            raise _too_slow() from error
        raise _refuse(
            "address_unreachable", "We could not read that address. Check it and try again."
        ) from error
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise _refuse(
            "address_unreachable", "We could not read that address. Check it and try again."
        ) from error
    return body.decode("utf-8", errors="replace")
