"""Gather the storefront's messages into the gettext catalogues of every shipped language.

Django's makemessages with the project's fixed options: no source locations (so a moved
line changes no catalogue) and no obsolete entries. New messages arrive untranslated, or
fuzzy when gettext guessed from a similar one; the tests refuse both until translated.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Folders that hold no storefront text: tooling, installed packages, runtime data.
IGNORED = [".venv", "var", "devtools", "node_modules", "test-output", "deploy", "docker"]


def shipped_translations() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Command(BaseCommand):
    help = (
        "Update locale/*/LC_MESSAGES/django.po from the templates and the Python sources "
        "(run from the project's root)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "makemessages",
            locale=shipped_translations(),
            no_location=True,
            no_obsolete=True,
            ignore_patterns=IGNORED,
            verbosity=options["verbosity"],
        )
