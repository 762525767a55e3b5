"""Make sure a local admin account exists and print how to log in (for `make run`)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Create a local superuser if it does not exist, keep its password in a local file "
        "(not in the repository) and print the login. Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--password-file",
            type=Path,
            default=Path(settings.BASE_DIR) / ".local-admin-password",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for local development; set DEBUG=1 to use it.")
        username: str = options["username"]
        password_file: Path = options["password_file"]
        password = password_file.read_text().strip() if password_file.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        users = get_user_model()
        user = users.objects.filter(username=username).first()
        if user is None:
            users.objects.create_superuser(username=username, email="", password=password)
        elif not user.check_password(password):
            user.set_password(password)
            user.is_superuser = user.is_staff = user.is_active = True
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Local admin: {settings.SITE_URL}/admin/  user: {username}  password: {password}"
            )
        )
