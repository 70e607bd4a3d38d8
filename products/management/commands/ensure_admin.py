"""Make sure someone can log in to the admin of a new install, and say how."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an 'admin' superuser with a random password if no superuser exists yet."

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        password_file = settings.VAR_DIR / "admin-password.txt"
        if not users.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            users.objects.create_superuser("admin", "admin@localhost", password)
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        admin_url = f"/{settings.ADMIN_URL}"
        admin = users.objects.filter(username="admin").first()
        password = password_file.read_text().strip() if password_file.exists() else ""
        # Only repeat the generated password while it still opens the account.
        if admin and password and admin.check_password(password):
            self.stdout.write(f"Admin: {admin_url} user 'admin', password '{password}'")
        else:
            self.stdout.write(
                f"Admin: {admin_url} (log in with your superuser; "
                "`python manage.py createsuperuser` makes another)"
            )
