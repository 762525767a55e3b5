"""Server-side request forgery: no connection is ever made to a loopback, private,
link-local, reserved or otherwise special address, however the URL names it, and however
many redirects lead there. DNS is the outside world here: tests name the addresses a host
resolves to; every connection urllib3 opens is recorded, and a real server on loopback
counts the ones that reach it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3.util.connection

from intake import fetching
from intake.fetching import PAGE_TYPES, Blocked, FetchError, fetch
from tests.intake.feedserver import FeedServer, Route

NAMES = {
    "loopback.test": ["127.0.0.1"],
    "private.test": ["10.0.0.1"],
    "metadata.test": ["169.254.169.254"],
    "ipv6-loopback.test": ["::1"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "mixed.test": ["93.184.215.14", "127.0.0.1"],  # one public, one not: refused
    "feeds.test": ["127.0.0.1"],  # allowed by name in the redirect tests
    "nat64.test": ["64:ff9b::a9fe:a9fe"],  # 169.254.169.254 through a NAT64 gateway
    "xn--bcher-kva.test": ["127.0.0.1"],  # bücher.test
}


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer().start()
    running.routes["/page"] = Route(b"<html><body><p>Hello</p></body></html>")
    yield running
    running.stop()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch, settings: Any) -> list[tuple[str, int]]:
    """Every address urllib3 connects to; fake DNS for the .test names."""
    settings.FETCH_ALLOW = []
    settings.FETCH_TIMEOUT = 1.0
    made: list[tuple[str, int]] = []
    real = urllib3.util.connection.create_connection

    def record(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        made.append(address)
        return real(address, *args, **kwargs)

    def resolve(host: str, port: int) -> list[str]:
        if host in NAMES:
            return NAMES[host]
        return real_resolve(host, port)

    real_resolve = fetching.resolve
    monkeypatch.setattr(urllib3.util.connection, "create_connection", record)
    monkeypatch.setattr(fetching, "resolve", resolve)
    return made


@pytest.mark.parametrize(
    "host",
    [
        "loopback.test",
        "private.test",
        "metadata.test",
        "ipv6-loopback.test",
        "mapped.test",
        "mixed.test",
        "127.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "localhost",
        "2130706433",  # 127.0.0.1 written as one number
        "127.1",
        "0.0.0.0",  # noqa: S104 (an address the fetcher must refuse)
        "169.254.169.254",
        "[fe80::1]",
        "224.0.0.1",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "nat64.test",
        "[64:ff9b::a00:1]",
        "[64:ff9b:1::a00:1]",
        "[::7f00:1]",  # IPv4-compatible
        "[::ffff:0:7f00:1]",  # IPv4-translated
        "[fec0::1]",  # site-local
        "[2002:7f00:1::1]",  # 6to4 around 127.0.0.1
    ],
)
def test_no_connection_to_special_addresses(
    server: FeedServer, connections: list[tuple[str, int]], host: str
) -> None:
    with pytest.raises(Blocked, match="not a public address"):
        fetch(f"http://{host}:{server.port}/page", accept=PAGE_TYPES)
    assert connections == []
    assert server.connections == 0


def test_a_redirect_chain_ending_at_a_special_address_is_refused(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any
) -> None:
    settings.FETCH_ALLOW = ["feeds.test"]
    server.routes["/start"] = Route(status=302, headers={"Location": "/hop"})
    server.routes["/hop"] = Route(
        status=307, headers={"Location": "http://metadata.test/latest/meta-data/"}
    )
    with pytest.raises(Blocked, match=r"169\.254\.169\.254, which is not a public address"):
        fetch(f"http://feeds.test:{server.port}/start", accept=PAGE_TYPES)
    assert [path for path, _h in server.requests] == ["/start", "/hop"]
    assert connections == [("127.0.0.1", server.port)] * 2  # the allowed server, no other


@pytest.mark.parametrize(
    "target",
    [
        "http://[::ffff:127.0.0.1]/x",
        "http://private.test/x",
        "http://2130706433/x",
    ],
)
def test_a_redirect_to_a_special_address_makes_no_connection_there(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any, target: str
) -> None:
    settings.FETCH_ALLOW = ["feeds.test"]
    server.routes["/start"] = Route(status=301, headers={"Location": target})
    with pytest.raises(Blocked):
        fetch(f"http://feeds.test:{server.port}/start", accept=PAGE_TYPES)
    assert connections == [("127.0.0.1", server.port)]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "Only http and https"),
        ("ftp://example.org/x", "Only http and https"),
        ("gopher://example.org/x", "Only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///nohost", "no host"),
        ("http://example.org:99999/", "Not a URL"),
    ],
)
def test_only_plain_web_addresses(
    connections: list[tuple[str, int]], url: str, message: str
) -> None:
    with pytest.raises(Blocked, match=message):
        fetch(url, accept=PAGE_TYPES)
    assert connections == []


def test_allowed_hosts_and_networks(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any
) -> None:
    settings.FETCH_ALLOW = ["127.0.0.0/8"]
    assert fetch(server.url("/page"), accept=PAGE_TYPES).body.startswith(b"<html>")
    settings.FETCH_ALLOW = ["feeds.test"]
    assert fetch(f"http://feeds.test:{server.port}/page", accept=PAGE_TYPES).status == 200
    with pytest.raises(Blocked):  # the name is allowed, not the address under another name
        fetch(f"http://loopback.test:{server.port}/page", accept=PAGE_TYPES)
    assert server.connections == 2


def test_too_many_redirects(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any
) -> None:
    settings.FETCH_ALLOW = ["127.0.0.1"]
    settings.FETCH_MAX_REDIRECTS = 3
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="More than 3 redirects"):
        fetch(server.url("/loop"), accept=PAGE_TYPES)
    assert len(server.requests) == 4


def test_an_unknown_host_is_a_clear_error(connections: list[tuple[str, int]]) -> None:
    with pytest.raises(FetchError, match="could not be found"):
        fetch("http://no-such-host.invalid/", accept=PAGE_TYPES)
    assert connections == []


def test_a_server_that_drips_bytes_is_cut_off_at_the_deadline(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any
) -> None:
    settings.FETCH_ALLOW = ["127.0.0.1"]
    settings.FETCH_TIMEOUT = 0.4  # each read; the whole fetch 1.2 s
    server.routes["/drip"] = Route(b"<html>" + b"x" * 100 + b"</html>", drip=0.1)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"took longer than 1\.2 s"):
        fetch(server.url("/drip"), accept=PAGE_TYPES)
    assert time.monotonic() - started < 5


def test_an_internationalised_host_is_sent_as_punycode(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any
) -> None:
    settings.FETCH_ALLOW = ["xn--bcher-kva.test"]
    assert fetch(f"http://bücher.test:{server.port}/page", accept=PAGE_TYPES).status == 200
    assert server.requests[-1][1]["Host"] == f"xn--bcher-kva.test:{server.port}"
    with pytest.raises(Blocked, match="Not a host name"):
        fetch("http://" + "a" * 70 + ".test/", accept=PAGE_TYPES)


def test_an_unknown_charset_is_read_as_utf8(
    server: FeedServer, connections: list[tuple[str, int]], settings: Any
) -> None:
    settings.FETCH_ALLOW = ["127.0.0.1"]
    for charset in ("undefined", "punycode", "idna"):
        server.routes["/odd"] = Route(
            "<p>Café</p>".encode(), content_type=f"text/html; charset={charset}"
        )
        assert fetch(server.url("/odd"), accept=PAGE_TYPES).text() == "<p>Café</p>"
