"""The staff form for importing ASINs and product URLs."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings

from ingestion.asins import MAX_ENTRY_LENGTH, split_entries
from products.marketplaces import MARKETPLACES

# One import may name at most this many entries; bigger lists go in several imports.
MAX_IMPORT_ENTRIES = 1000


class ImportForm(forms.Form):
    entries = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=(
            "ASINs or Amazon product URLs, one per line (or separated by spaces or commas). "
            "A URL's store is taken from its address; bare ASINs use the store below."
        ),
        max_length=MAX_IMPORT_ENTRIES * (MAX_ENTRY_LENGTH + 1),
    )
    marketplace = forms.ChoiceField(choices=())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = cast(forms.ChoiceField, self.fields["marketplace"])
        field.choices = [(code, MARKETPLACES[code].host) for code in settings.AMAZON_MARKETPLACES]

    def clean_entries(self) -> list[str]:
        entries = split_entries(self.cleaned_data["entries"])
        if not entries:
            raise forms.ValidationError("Give at least one ASIN or product URL.")
        if len(entries) > MAX_IMPORT_ENTRIES:
            raise forms.ValidationError(
                f"{len(entries)} entries given; one import takes at most {MAX_IMPORT_ENTRIES}."
            )
        return entries
