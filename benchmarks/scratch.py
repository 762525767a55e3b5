"""Scratch resources for the benchmarks and the tests that start servers: a free port on
loopback and a fresh PostgreSQL database. No Django imports, so scripts can use them
before configuring Django."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def recreate_database(url: str, template: str = "") -> None:
    """Drop (if there) and create the PostgreSQL database named by ``url`` (psql, through
    the server's ``postgres`` database), empty or as a copy of the database ``template``."""
    base, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    admin = f"{base}/postgres"
    copy = f' TEMPLATE "{template}"' if template else ""
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"{copy}'], check=True)
