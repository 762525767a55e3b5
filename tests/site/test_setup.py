"""Set-up commands and settings: the local admin and the production guard on SECRET_KEY."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.conftest import run_python


@pytest.mark.django_db
def test_ensure_admin_creates_once_and_prints_the_login(tmp_path: Path) -> None:
    password_file = tmp_path / "pw"
    with override_settings(DEBUG=True):
        out = StringIO()
        call_command("ensure_admin", password_file=password_file, stdout=out)
        password = password_file.read_text().strip()
        assert f"password: {password}" in out.getvalue()
        call_command("ensure_admin", password_file=password_file, stdout=StringIO())
    user = User.objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password(password)
    assert password_file.stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_ensure_admin_refuses_in_production(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("ensure_admin", password_file=tmp_path / "pw")
    assert not User.objects.exists()


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_python(
        *("manage.py", "check", "--deploy", "--fail-level", "ERROR"),
        env=env,
        without=("SECRET_KEY", "DEBUG"),
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_starts_without_a_secret_key() -> None:
    result = _check({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_make_writes_a_local_env_once(tmp_path: Path) -> None:
    """`make run` writes .env (DEBUG on, a random SECRET_KEY) so that the README's
    `.venv/bin/python manage.py …` commands work after it; a second run keeps it."""
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "Makefile").write_text((root / "Makefile").read_text())
    made = subprocess.run(
        ["make", "-s", ".env"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Wrote .env" in made.stdout
    first = (tmp_path / ".env").read_text()
    values = dict(
        line.split("=", 1) for line in first.splitlines() if line and not line.startswith("#")
    )
    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) >= 50
    again = subprocess.run(["make", "-s", ".env"], cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0
    assert (tmp_path / ".env").read_text() == first
    # The settings read it: a command that needs a SECRET_KEY with DEBUG off runs with it.
    result = run_python(
        *("manage.py", "check"),
        env={"ENV_FILE": str(tmp_path / ".env")},
        without=("SECRET_KEY", "DEBUG"),
    )
    assert result.returncode == 0, result.stderr
    assert (root / ".gitignore").read_text().splitlines().count(".env") == 1
