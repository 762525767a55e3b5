"""A real HTTP server on loopback for the watched-source tests: it serves fixture feeds and
article pages built from the project's test articles, honours ETags, and can answer
slowly, wrongly or hugely. It counts the connections it accepts and records requests."""

from __future__ import annotations

import contextlib
import html
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ARTICLES = Path(__file__).parent / "articles"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    delay: float = 0.0  # seconds before answering
    hold: threading.Event | None = None  # answer only once this is set
    drip: float = 0.0  # seconds between the body's bytes (a server that never quite stops)


def article(name: str) -> tuple[str, date, str, str]:
    """(title, published, outlet, paragraphs) of a project test article."""
    lines = (ARTICLES / f"{name}.txt").read_text().splitlines()
    head: dict[str, str] = {}
    while lines and ":" in lines[0] and lines[0].split(":")[0] in ("Published", "Outlet", "Title"):
        key, _, value = lines.pop(0).partition(":")
        head[key] = value.strip()
    return head["Title"], date.fromisoformat(head["Published"]), head["Outlet"], "\n".join(lines)


def page(name: str) -> bytes:
    """The article as a web page with the boilerplate around it that sites have."""
    title, published, _outlet, text = article(name)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | Press office</title>
<meta property="og:site_name" content="Press office of the test ministry">
<meta property="article:published_time" content="{published.isoformat()}T09:00:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> Skip to main content</nav></header>
<main><article><h1>{html.escape(title)}</h1>{paragraphs}</article></main>
<footer>Subscribe to our newsletter. Privacy policy.</footer></body></html>""".encode()


def rss(items: list[tuple[str, str, str]], base: str) -> bytes:
    """An RSS 2.0 feed of (guid, path, article name) items."""
    entries = []
    for guid, path, name in items:
        title, published, _outlet, _text = article(name)
        stamp = format_datetime(
            datetime(published.year, published.month, published.day, 9, tzinfo=UTC)
        )
        entries.append(
            f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>"
            f'<guid isPermaLink="false">{guid}</guid><pubDate>{stamp}</pubDate>'
            f"<description>A short teaser.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Press releases</title><link>{base}/</link><description>Releases</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.connections = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(b"not found", status=404, content_type="text/plain")
                if route.hold is not None:
                    route.hold.wait(60)
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError, OSError):
                    if not route.drip:
                        self.wfile.write(route.body)
                    for byte in route.body if route.drip else b"":
                        time.sleep(route.drip)
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up (the tests' timeouts and size caps do)

            def get_request(self) -> Any:
                accepted = super().get_request()
                with server.lock:
                    server.connections += 1
                return accepted

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _headers in self.requests]

    def serve_articles(self, *names: str) -> None:
        for name in names:
            self.routes[f"/news/{name}"] = Route(page(name))

    def serve_feed(self, items: list[tuple[str, str, str]], etag: str = "") -> None:
        self.routes["/feed.xml"] = Route(
            rss(items, self.base), content_type="application/rss+xml; charset=utf-8", etag=etag
        )
