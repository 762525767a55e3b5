"""Every runnable example of the README answers what it says on the demo data: the API
calls (`curl …`) and the links it gives, run here through the test client after
`load_demo`."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
LOCAL = "http://127.0.0.1:8000"


def examples() -> list[str]:
    """The GET URLs of the README: `curl -s URL` lines and `(/path?query)` references."""
    found = re.findall(r"curl -s '?(" + re.escape(LOCAL) + r"[^'\s]*)'?\s*$", README, re.M)
    paths = re.findall(r"`(/(?:api|countries|events)[^`\s]*\?[^`\s]+)`", README)
    found += [LOCAL + path for path in paths]
    return sorted({url for url in found if "…" not in url})  # ("?…": any query)


def test_the_readme_has_examples_to_run() -> None:
    assert len(examples()) >= 5


@pytest.mark.parametrize("url", examples())
def test_each_readme_example_finds_something_in_the_demo_data(url: str) -> None:
    call_command("load_demo", stdout=StringIO())
    call_command("reindex_search", "--missing", stdout=StringIO())
    parts = urlsplit(url)
    response = Client().get(parts.path, QUERY_STRING=parts.query)
    assert response.status_code == 200, url
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    assert rows, f"{url} finds nothing in the demo data"
