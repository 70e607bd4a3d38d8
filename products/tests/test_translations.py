"""The shipped catalogues: complete, well-formed, and holding every message of the sources."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from pytest_django.fixtures import Settings

from devtools.management.commands.messages_extract import shipped_translations

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language: str, root: Path = LOCALE) -> Catalog:
    with (root / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po)


def messages(found: Catalog) -> Iterator[Message]:
    return (message for message in found if message.id)


def translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_the_storefront_ships_five_languages() -> None:
    assert shipped_translations() == ["de", "fr", "it", "es"]


@pytest.mark.parametrize("language", shipped_translations())
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    found = catalogue(language)

    assert not found.fuzzy, "the header is marked fuzzy: the catalogue would not compile"
    assert [m.id for m in messages(found) if not translated(m)] == []
    assert [m.id for m in messages(found) if m.fuzzy] == []


@pytest.mark.parametrize("language", shipped_translations())
def test_each_translation_keeps_the_placeholders_of_its_message(language: str) -> None:
    problems = [(message.id, errors) for message, errors in catalogue(language).check()]

    assert problems == []


def test_the_catalogues_hold_every_message_of_the_sources(
    tmp_path: Path, settings: Settings
) -> None:
    # makemessages writes beside the sources it reads, so it runs on a copy of them.
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        root, copy, ignore=shutil.ignore_patterns(".*", "var", "test-output", "__pycache__")
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    here = Path.cwd()
    os.chdir(copy)
    try:
        call_command("messages_extract", verbosity=0)
    finally:
        os.chdir(here)

    for language in shipped_translations():
        extracted = {m.id for m in messages(catalogue(language, copy / "locale"))}
        shipped = {m.id for m in messages(catalogue(language))}
        assert extracted - shipped == set(), f"{language}: run `make messages` and translate"
        assert shipped - extracted == set(), f"{language}: entries no source uses any more"
        assert [m.id for m in messages(catalogue(language, copy / "locale")) if m.fuzzy] == []
