"""Alert pages: subscribe, confirm, manage, unsubscribe. Never cached: each is per visitor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.security.client_address import client_address
from config.security.text_rules import is_ascii_number
from products.alerts.forms import AddressForm, SubscriptionForm
from products.alerts.limits import client_request_allowed
from products.alerts.links import confirm_token_read, manage_address_read, manage_path
from products.alerts.models import Subscription
from products.alerts.selectors import subscriptions_of_address
from products.alerts.services import (
    EmailNotSent,
    manage_link_request,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    subscriptions_cancel_for_address,
)
from products.page_language import use_store
from products.selectors import products_published
from products.stores import page_store

LINK_ERRORS = {
    "expired": (
        410,
        _("This link has expired"),
        _("Links in our emails work for a limited time. Ask for a new one below."),
    ),
    "invalid": (
        400,
        _("This link is not valid"),
        _(
            "It may have been cut short or changed on its way. Copy the whole link from the "
            "email, or ask for a new one below."
        ),
    ),
    "gone": (
        404,
        _("This alert no longer exists"),
        _(
            "It was cancelled, or it was never confirmed in time. You can subscribe again "
            "from the product's page."
        ),
    ),
}


def _link_error(request: HttpRequest, reason: str) -> HttpResponse:
    status, title, explanation = LINK_ERRORS[reason]
    context = {"title": title, "explanation": explanation, "form": AddressForm()}
    return render(request, "alerts/link_error.html", context, status=status)


def _signed_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page reached by a signed link from an email: an expired or altered link gets the
    page that says which and offers a new one."""

    @wraps(view)
    def read(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except signing.SignatureExpired:
            return _link_error(request, "expired")
        except signing.BadSignature:
            return _link_error(request, "invalid")

    return read


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "alerts/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


def _not_sent(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context["not_sent"] = True
    return render(request, template, context, status=503)


# The form sits in product pages that are cached whole for anonymous visitors, so it cannot
# carry a per-visitor CSRF token. CSRF protects actions taken with a visitor's session or
# cookies; this one uses neither: anyone may type any address, from any site, and all it
# does is email that address a confirmation link. The double opt-in is the protection
# (nothing is sent to an address until its owner clicks), with the limits per client,
# per address and per product against floods.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        product_id = request.GET.get("product", "")
        if not is_ascii_number(product_id):
            raise Http404("No such product")
        product = get_object_or_404(products_published(), pk=int(product_id))
        use_store(request, product.marketplace)
        form = SubscriptionForm(product=product)
        return render(request, "alerts/subscribe.html", {"form": form, "product": product})
    if not client_request_allowed(client_address(request)):
        return _too_many(request)
    # The form's messages and number format are the product's store's.
    product_id = request.POST.get("product", "")
    if is_ascii_number(product_id):
        chosen = products_published().filter(pk=int(product_id)).only("marketplace").first()
        if chosen is not None:
            use_store(request, chosen.marketplace)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            subscription_request(
                email=data["email"],
                product=data["product"],
                kind=data["kind"],
                target_amount=data["target"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except EmailNotSent:
            context = {"form": form, "product": data["product"]}
            return _not_sent(request, "alerts/subscribe.html", context)
        else:
            return redirect("alerts:check_email")
    context = {"form": form, "product": form.cleaned_data.get("product")}
    return render(request, "alerts/subscribe.html", context, status=400)


@never_cache
def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/check_email.html")


def _on_post(
    request: HttpRequest, token: str, act: Callable[[str], Subscription | None]
) -> Subscription | None:
    """The alert a link names: acted on by the POST of its page's button, only read on GET
    (a mail scanner opening the link must change nothing)."""
    if request.method == "POST":
        return act(token)
    return Subscription.objects.select_related("product").filter(token=token).first()


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_link
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """The link in the confirmation email. GET asks, POST confirms: mail scanners open
    links, and opening one must not opt anyone in."""
    token = confirm_token_read(signed)
    subscription = _on_post(request, token, subscription_confirm)
    if subscription is None:
        return _link_error(request, "gone")
    use_store(request, subscription.product.marketplace)
    context = {
        "subscription": subscription,
        "product": subscription.product,
        "manage_link": manage_path(subscription.email) if subscription.is_confirmed else "",
    }
    return render(request, "alerts/confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def manage_request(request: HttpRequest) -> HttpResponse:
    """Ask for a link to an address's alerts; it is emailed, so only the inbox's owner sees them."""
    if request.method == "GET":
        return render(request, "alerts/manage_request.html", {"form": AddressForm()})
    if not client_request_allowed(client_address(request)):
        return _too_many(request)
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            manage_link_request(form.cleaned_data["email"], store=page_store(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        except EmailNotSent:
            return _not_sent(request, "alerts/manage_request.html", {"form": form})
        else:
            return redirect("alerts:check_email")
    return render(request, "alerts/manage_request.html", {"form": form}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_link
def manage(request: HttpRequest, signed: str) -> HttpResponse:
    """An address's alerts, reached by the signed link emailed to it, each with a cancel button."""
    key = manage_address_read(signed)
    if request.method == "POST":
        choice = request.POST.get("cancel", "")
        if choice == "all" or is_ascii_number(choice):
            ids = None if choice == "all" else [int(choice)]
            deleted = subscriptions_cancel_for_address(key=key, ids=ids)
            messages.success(
                request,
                ngettext("Cancelled %(count)d alert.", "Cancelled %(count)d alerts.", deleted)
                % {"count": deleted},
            )
        else:
            messages.error(request, gettext("Choose an alert to cancel."))
        return redirect(request.path)
    subscriptions = list(subscriptions_of_address(key))
    context = {
        "email": subscriptions[0].email if subscriptions else "",
        "subscriptions": subscriptions,
    }
    return render(request, "alerts/manage.html", context)


# Mail clients send RFC 8058 one-click unsubscribes as a POST without any cookie; the
# unguessable token in the link is what authorises it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a scanner opening the link must not unsubscribe); POST cancels the alert."""
    subscription = _on_post(request, token, subscription_cancel)
    if subscription is None:
        return _link_error(request, "gone")
    use_store(request, subscription.product.marketplace)
    context = {
        "subscription": subscription,
        "product": subscription.product,
        "cancelled": request.method == "POST",
    }
    return render(request, "alerts/unsubscribe.html", context)
