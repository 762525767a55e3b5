"""Fetching a URL from the outside world without opening a door into the inside one.

Only http and https. The host is resolved once, every address it resolves to must be a
public one (not loopback, private, link-local, multicast, reserved or otherwise special,
IPv4 inside IPv6 included), and the connection goes to the address that was checked, so a
second DNS answer cannot swap it. Redirects are followed by hand, each hop checked the same
way. The body is read in pieces, stopped at a size cap after decompression and at a total
deadline; only the content types the caller expects are read. `FETCH_ALLOW` names hosts or
networks that may be reached anyway (tests, intranet deployments).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings

from tracker.validators import CONTROL

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/html",
    "application/xhtml+xml",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECTS = (301, 302, 303, 307, 308)
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A fetch that failed; the message is for the editor who reads the source's state."""


class Blocked(FetchError):
    """An address or URL the tracker will not connect to."""


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except (LookupError, UnicodeError):  # a charset Python does not know or cannot use
            return self.body.decode("utf-8", errors="replace")


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to (DNS; tests replace it to name any address)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host} could not be found.") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _allowed() -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    hosts, networks = set(), []
    for entry in settings.FETCH_ALLOW:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return hosts, networks


# IPv6 forms that carry an IPv4 address in their last 32 bits (IPv4-compatible, mapped,
# translated, NAT64): judged as the IPv4 address, which a gateway may well reach.
CARRIERS = [
    ipaddress.ip_network(net)
    for net in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96")
]
# IPv6 ranges never fetched whatever they carry: local-use NAT64, 6to4, Teredo, site-local.
REFUSED = [
    ipaddress.ip_network(net) for net in ("64:ff9b:1::/48", "2002::/16", "2001::/32", "fec0::/10")
]


def is_public(address: Address) -> bool:
    """An address on the open internet: none of the special ranges; an IPv6 address that
    carries an IPv4 one judged as that IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in net for net in CARRIERS):
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(address in net for net in REFUSED):
            return False
    return address.is_global and not address.is_multicast


def is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def checked_address(host: str, port: int) -> str:
    """The address to connect to: the host's first, once all of them have been checked."""
    hosts, networks = _allowed()
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [host] if literal is not None else resolve(host, port)
    if not addresses:
        raise FetchError(f"The host {host} could not be found.")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if host.lower().rstrip(".") in hosts or any(address in net for net in networks):
            continue
        if not is_public(address):
            raise Blocked(f"{host} is at {address}, which is not a public address.")
    return addresses[0]


def checked_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a URL the tracker may fetch."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Blocked(f"Not a URL the tracker can fetch: {exc}.") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Blocked("Only http and https addresses are fetched.")
    if not parts.hostname:
        raise Blocked("The address has no host.")
    if parts.username or parts.password:
        raise Blocked("Addresses with a user name or password are not fetched.")
    host = parts.hostname
    if not is_literal(host):
        try:  # an internationalised name as DNS and the Host header know it (punycode)
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise Blocked(f"Not a host name the tracker can fetch: {parts.hostname}.") from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _pool(scheme: str, host: str, address: str, port: int) -> Any:
    timeout = urllib3.Timeout(connect=settings.FETCH_TIMEOUT, read=settings.FETCH_TIMEOUT)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)


def _host_header(host: str, port: int, scheme: str) -> str:
    name = f"[{host}]" if ":" in host else host
    return name if port == (443 if scheme == "https" else 80) else f"{name}:{port}"


class _Watchdog:
    """Ends a fetch at its deadline, however slowly the server drips bytes: the sockets it
    opened are shut down, which wakes any read waiting on them."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()
        self.timer = threading.Timer(max(seconds, 0.001), self.expire)
        self.timer.daemon = True

    def add(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


def _watched(pool: Any, watchdog: _Watchdog) -> Any:
    """The pool, whose connections tell the watchdog their sockets."""
    base = pool.ConnectionCls

    class Connection(base):  # type: ignore[misc, valid-type]
        def _new_conn(self) -> socket.socket:
            sock: socket.socket = super()._new_conn()
            watchdog.add(sock)
            return sock

    pool.ConnectionCls = Connection
    return pool


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] | None,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
) -> Response:
    """GET the URL safely (see the module), all of it within FETCH_TIMEOUT × 3 seconds.
    2xx bodies of another content type than `accept` (None: any) are an error; other
    statuses come back as they are, without a body."""
    total = settings.FETCH_TIMEOUT * 3
    late = f"The fetch took longer than {total:g} s."
    with _Watchdog(total) as watchdog:
        try:
            answer = _fetch(url, accept, etag, last_modified, max_bytes, watchdog)
        except FetchError:
            if watchdog.expired:
                raise FetchError(late) from None
            raise
        if watchdog.expired:  # cut short: what arrived is not the whole response
            raise FetchError(late)
        return answer


def _fetch(
    url: str,
    accept: tuple[str, ...] | None,
    etag: str,
    last_modified: str,
    max_bytes: int | None,
    watchdog: _Watchdog,
) -> Response:
    limit = max_bytes or settings.FETCH_MAX_BYTES
    headers = {
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": ", ".join(accept or ("*/*",)) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        scheme, host, port, path = checked_url(url)
        address = checked_address(host, port)
        pool = _watched(_pool(scheme, host, address, port), watchdog)
        try:
            raw = pool.urlopen(
                "GET",
                path,
                headers={**headers, "Host": _host_header(host, port, scheme)},
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(f"{host} did not answer within {settings.FETCH_TIMEOUT:g} s.") from exc
        except urllib3.exceptions.SSLError as exc:
            raise FetchError(f"The secure connection to {host} failed: {exc}.") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(f"Could not connect to {host}: {_reason(exc)}.") from exc
        try:
            answer = Response(
                url=url,
                status=raw.status,
                headers={k.lower(): printable(v) for k, v in raw.headers.items()},
            )
            if raw.status in REDIRECTS:
                location = answer.headers.get("location", "")
                if not location:
                    raise FetchError(f"{host} redirected without saying where to.")
                url = urljoin(url, location.strip())
                continue
            if 200 <= raw.status < 300:
                if accept is not None and answer.content_type not in accept:
                    shown = answer.content_type or "no content type"
                    raise FetchError(f"{url} is {shown}, not one of {', '.join(accept)}.")
                answer.body = _read(raw, limit, host)
            return answer
        finally:
            raw.release_conn()
            pool.close()
    raise FetchError(f"More than {settings.FETCH_MAX_REDIRECTS} redirects.")


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST the body to the URL with the same checks as a fetch (webhooks): no redirect is
    followed (a redirect is the answer), and at most 2,000 bytes of the answer are kept."""
    with _Watchdog(settings.FETCH_TIMEOUT * 3) as watchdog:
        scheme, host, port, path = checked_url(url)
        address = checked_address(host, port)
        pool = _watched(_pool(scheme, host, address, port), watchdog)
        try:
            raw = pool.urlopen(
                "POST",
                path,
                body=body,
                headers={
                    "User-Agent": settings.FETCH_USER_AGENT,
                    **headers,
                    "Host": _host_header(host, port, scheme),
                },
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(f"{host} did not answer within {settings.FETCH_TIMEOUT:g} s.") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(f"Could not connect to {host}: {_reason(exc)}.") from exc
        try:
            answer = Response(
                url=url,
                status=raw.status,
                headers={k.lower(): printable(v) for k, v in raw.headers.items()},
            )
            with contextlib.suppress(FetchError, urllib3.exceptions.HTTPError, OSError):
                answer.body = raw.read(2000, decode_content=False)
            return answer
        finally:
            raw.release_conn()
            pool.close()


def printable(text: str) -> str:
    """Text from outside without control characters (a database cannot hold NUL)."""
    return CONTROL.sub("", text)


def _read(raw: Any, limit: int, host: str) -> bytes:
    declared = raw.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"The response is larger than the limit of {limit:,} bytes.")
    pieces, size = [], 0
    try:
        for piece in raw.stream(64 * 1024, decode_content=True):
            size += len(piece)
            if size > limit:
                raise FetchError(f"The response is larger than the limit of {limit:,} bytes.")
            pieces.append(piece)
    except urllib3.exceptions.TimeoutError as exc:
        raise FetchError(f"{host} stopped sending within {settings.FETCH_TIMEOUT:g} s.") from exc
    except urllib3.exceptions.DecodeError as exc:
        raise FetchError(f"The response from {host} could not be decompressed.") from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"The response from {host} broke off: {_reason(exc)}.") from exc
    return b"".join(pieces)


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    return text.split(": ", 1)[-1] if "object at 0x" in text else text
