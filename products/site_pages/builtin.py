"""The pages every site has from the start, in each store's language, until staff write
their own under the same slug."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BuiltinPage:
    slug: str
    title: Promise
    template: str
    position: int


BUILTIN_PAGES = {
    page.slug: page
    for page in (
        BuiltinPage("about", _("About"), "site_pages/builtin/about.html", 10),
        BuiltinPage("privacy", _("Privacy"), "site_pages/builtin/privacy.html", 20),
        BuiltinPage("contact", _("Contact"), "site_pages/builtin/contact.html", 30),
    )
}
