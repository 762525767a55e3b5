"""Pages for digest subscribers: subscribe, confirm, manage, unsubscribe (RFC 8058), preview."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import digests
from .forms import ManageSubscriptionForm, SubscribeForm
from .limits import limit_posts
from .models import Subscription
from .views import private_refusal

CONFIRM_MAX_AGE = 7 * 24 * 3600


@require_POST
@limit_posts("SUBSCRIBE_RATE")
def subscribe(request: HttpRequest) -> HttpResponse:
    refused = private_refusal(request)
    if refused is not None:
        return refused
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "tracker/subscribe.html", {"form": form}, status=400)
    subscription = form.save(commit=False)
    if request.user.is_authenticated:
        subscription.user = request.user
    subscription.full_clean()
    subscription.save()
    message = digests.confirmation_message(subscription)
    transaction.on_commit(message.send)
    return render(request, "tracker/subscribe.html", {"subscription": subscription, "sent": True})


def _subscription(value: str, max_age: int | None = None) -> Subscription:
    subscription = digests.subscription_for(value, max_age=max_age)
    if subscription is None:
        raise Http404("This link is not valid (or the subscription was removed).")
    return subscription


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows a button: mail scanners that open links must not confirm for people.
    subscription = _subscription(token, max_age=CONFIRM_MAX_AGE)
    if request.method == "POST" and not subscription.confirmed:
        now = timezone.now()
        subscription.confirmed_at = now
        subscription.next_send_at = digests.next_send_time(subscription, now)
        subscription.save(update_fields=["confirmed_at", "next_send_at"])
    return render(
        request,
        "tracker/subscription_confirm.html",
        {"subscription": subscription, "token": token, "name": digests.view_name(subscription)},
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription(token)
    if request.method == "POST" and "delete" in request.POST:
        subscription.delete()
        return render(request, "tracker/unsubscribed.html", {})
    form = ManageSubscriptionForm(request.POST or None, instance=subscription)
    saved = False
    if request.method == "POST" and form.is_valid():
        subscription = form.save(commit=False)
        if subscription.confirmed:
            subscription.next_send_at = digests.next_send_time(subscription, timezone.now())
        subscription.save()
        saved = True
    return render(
        request,
        "tracker/subscription_manage.html",
        {"form": form, "subscription": subscription, "token": token, "saved": saved},
    )


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = digests.subscription_for(token)
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return render(request, "tracker/unsubscribed.html", {})
    if subscription is None:
        raise Http404("This link is not valid (or you have already unsubscribed).")
    return render(
        request,
        "tracker/unsubscribe.html",
        {"subscription": subscription, "name": digests.view_name(subscription)},
    )


def preview(request: HttpRequest, token: str) -> HttpResponse:
    refused = private_refusal(request)
    if refused is not None:
        return refused
    return _preview(_subscription(token), personal_links=True)


@staff_member_required
def preview_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("tracker.view_subscription"):
        raise PermissionDenied
    return _preview(get_object_or_404(Subscription, pk=pk), personal_links=False)


def _preview(subscription: Subscription, *, personal_links: bool) -> HttpResponse:
    end = subscription.next_send_at or timezone.now()
    digest = digests.build(subscription, digests.previous_send_time(subscription, end), end)
    message = digests.render(digest, personal_links=personal_links)
    html = message.alternatives[0][0]
    return HttpResponse(html)
