"""Gather the storefront's messages into the gettext catalogues of every shipped language.

Django's makemessages with the project's fixed options: no source locations (so a moved
line changes no catalogue) and no obsolete entries. New messages arrive untranslated, or
fuzzy when gettext guessed from a similar one; the tests refuse both until translated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

# Folders that hold no storefront text: tooling, installed packages, runtime data.
IGNORED = [".venv", "var", "devtools", "node_modules", "test-output", "deploy", "docker"]


def shipped_translations() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Command(BaseCommand):
    help = "Update locale/*/LC_MESSAGES/django.po from the templates and the Python sources."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--into",
            type=Path,
            help="write the catalogues under this folder instead of the project's locale/",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        into = options["into"]
        locale_paths = [into] if into else settings.LOCALE_PATHS
        with override_settings(LOCALE_PATHS=locale_paths):
            call_command(
                "makemessages",
                locale=shipped_translations(),
                no_location=True,
                no_obsolete=True,
                ignore_patterns=IGNORED,
                verbosity=options["verbosity"],
            )
