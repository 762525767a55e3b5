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


def readme_block(language: str, starts: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", README, re.S)
    return next(block for block in blocks if starts in block)


def test_the_readme_verifies_webhook_signatures_in_python_and_in_a_shell(
    tmp_path: Path,
) -> None:
    import shutil
    import subprocess
    import time

    from digests.alerts import signature

    secret, body = "s3cret", b'{"type":"alert","events":[]}'
    now = int(time.time())
    header = signature(secret, now, body)
    space: dict[str, object] = {}
    exec(readme_block("python", "def verify("), space)  # noqa: S102 - the README's own code
    verify = space["verify"]
    assert verify(secret, header, body)  # type: ignore[operator]
    assert not verify(secret, header, body + b" ")  # type: ignore[operator]
    assert not verify("other", header, body)  # type: ignore[operator]
    assert not verify(secret, header, body, now=now + 301)  # type: ignore[operator]
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    script = readme_block("sh", "openssl dgst")
    (tmp_path / "body.json").write_bytes(body)

    def shell(sig: str) -> str:
        env = {"PATH": "/usr/bin:/bin", "SIG": sig, "SECRET": secret}
        run = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        return run.stdout.strip()

    assert shell(header) == "valid"
    assert shell(signature("other", now, body)) == "invalid"
    assert shell(signature(secret, now - 600, body)) == "invalid"
