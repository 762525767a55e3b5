"""A free TCP port on loopback, for the servers the benchmarks and tests start (no Django
imports, so scripts can pick ports before configuring Django with them)."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
