"""The alert forms; each refuses bad input with a message on the field at fault."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from products.alerts.models import Subscription
from products.formatting import percent, price
from products.locales import store_locale
from products.models import Product
from products.selectors import products_published

# A target under 1 % of today's price is a typo or a wish, never a price drop Amazon makes.
MIN_TARGET_SHARE = Decimal("0.01")
ANY_DROP_CHOICE = (Subscription.ANY_DROP, gettext_lazy("when the price drops"))
BEYOND_ANY_PRICE = gettext_lazy("That target is far beyond any price in the catalogue.")


def normalized_email(value: str) -> str:
    # One address, one set of limits: Alice@Example.com and alice@example.com are the same inbox
    # in practice, though the local part may be case-sensitive in theory.
    return value.strip().lower()


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your email address."),
            "invalid": gettext_lazy("Enter a valid email address, like name@example.com."),
        },
    )

    def clean_email(self) -> str:
        return normalized_email(self.cleaned_data["email"])


class SubscriptionForm(AddressForm):
    product = forms.ModelChoiceField(
        queryset=products_published(),
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Choose a product to watch."),
            "invalid_choice": gettext_lazy("This product is not in the catalogue."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Tell me"),
        choices=[
            ANY_DROP_CHOICE,
            (Subscription.TARGET, gettext_lazy("when the price reaches my target")),
        ],
        initial=Subscription.ANY_DROP,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose when to be told."),
            "invalid_choice": gettext_lazy("Choose either a price drop or a target price."),
        },
    )
    target = forms.DecimalField(
        label=gettext_lazy("Target price"),
        required=False,
        max_digits=12,
        decimal_places=2,
        # Typed as the store's visitors write numbers: 19,99 on a German page.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "max_digits": gettext_lazy("That target is far beyond any price in the catalogue."),
            "max_whole_digits": gettext_lazy(
                "That target is far beyond any price in the catalogue."
            ),
            "max_decimal_places": gettext_lazy("Enter the target with at most 2 decimal places."),
        },
    )

    field_order = ["product", "email", "kind", "target"]

    def __init__(self, *args: Any, product: Product | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "alert-%s")
        super().__init__(*args, **kwargs)
        if product is not None:
            self.fields["product"].initial = product.pk
        self.fields["target"].error_messages["invalid"] = _(
            "Enter the target as a number, like %(example)s."
        ) % {"example": number_format(Decimal("19.99"), 2)}
        if product is not None and product.price_amount is None:
            # No offer, so no price to aim below: only "tell me when the price drops" remains.
            del self.fields["target"]
            cast(forms.ChoiceField, self.fields["kind"]).choices = [ANY_DROP_CHOICE]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") != Subscription.TARGET:
            # A target typed before choosing "any drop" is not an error; it just has no use.
            data["target"] = None
            return data
        target: Decimal | None = data.get("target")
        product: Product | None = data.get("product")
        if "target" in self.errors:
            return data
        if target is None:
            self.add_error("target", _("Enter the price you are waiting for."))
        elif target <= 0:
            self.add_error("target", _("The target price must be more than zero."))
        elif product is not None:
            self._check_target_against(product, target)
        return data

    def _check_target_against(self, product: Product, target: Decimal) -> None:
        if product.price_amount is None or not product.price_currency:
            self.add_error(
                "target",
                _("This product has no price yet, so a target cannot be set: choose a price drop."),
            )
            return
        # Compared only with a price that may be shown (Amazon's 24-hour rule): a stale one
        # would be shown in the message.
        price_amount = product.price_amount
        if not product.price_is_fresh or price_amount is None:
            return
        locale = store_locale(product.marketplace)
        shown = price(price_amount, product.price_currency, locale)
        if target >= price_amount:
            self.add_error(
                "target",
                _("The price is already %(price)s: choose a target below it, or a price drop.")
                % {"price": shown},
            )
        elif target < price_amount * MIN_TARGET_SHARE:
            self.add_error(
                "target",
                _("That target is under %(share)s of today's price (%(price)s).")
                % {"share": percent(MIN_TARGET_SHARE * 100, locale), "price": shown},
            )
