"""Pages for digest subscribers: subscribe, confirm, manage, unsubscribe (RFC 8058), preview."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import digests
from .forms import ManageSubscriptionForm, SubscribeForm
from .limits import hit, limit_posts, rate_limited
from .models import Subscription
from .permissions import may_read, private_refusal


@require_POST
@limit_posts("SUBSCRIBE_RATE")
def subscribe(request: HttpRequest) -> HttpResponse:
    """Subscribe an address to the current view. One confirmation waits per address and
    view (asking again sends nothing more), and few go to one address whoever asks."""
    refused = private_refusal(request)
    if refused is not None:
        return refused
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "tracker/subscribe.html", {"form": form}, status=400)
    email, filters = form.cleaned_data["email"], form.cleaned_data["filters"]
    existing = digests.pending_or_subscribed(email, filters)
    if existing is None:
        if hit("SUBSCRIBE_RECIPIENT_RATE", email.lower(), settings.SUBSCRIBE_RECIPIENT_RATE):
            return rate_limited(request)
        subscription = form.save(commit=False)
        if request.user.is_authenticated:
            subscription.user = request.user
        subscription.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                # An expired confirmation for the same view makes way for the new one.
                Subscription.objects.filter(
                    email__iexact=email, filters=filters, confirmed_at__isnull=True
                ).delete()
                subscription.save()
        except IntegrityError:  # the same request twice at once: one of them waits
            return _sent(request, email)
        transaction.on_commit(digests.confirmation_message(subscription).send)
    return _sent(request, email)


def _sent(request: HttpRequest, email: str) -> HttpResponse:
    """The same answer whether a confirmation went out now or waits already."""
    return render(request, "tracker/subscribe.html", {"email": email, "sent": True})


def _subscription(value: str, max_age: int | None = None) -> Subscription:
    subscription = digests.subscription_for(value, max_age=max_age)
    if subscription is None:
        raise Http404("This link is not valid (or the subscription was removed).")
    return subscription


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows a button: mail scanners that open links must not confirm for people.
    subscription = _subscription(token, max_age=digests.CONFIRM_MAX_AGE)
    # A private record's digest is confirmed by the reader who asked for it, signed in.
    owner_needed = not settings.TRACKER_PUBLIC and not (
        request.user.is_authenticated
        and request.user.pk == subscription.user_id
        and may_read(request.user)
    )
    if request.method == "POST" and not subscription.confirmed and not owner_needed:
        now = timezone.now()
        subscription.confirmed_at = now
        subscription.next_send_at = digests.next_send_time(subscription, now)
        subscription.save(update_fields=["confirmed_at", "next_send_at"])
    return render(
        request,
        "tracker/subscription_confirm.html",
        {
            "subscription": subscription,
            "token": token,
            "name": digests.view_name(subscription),
            "owner_needed": owner_needed,
            "login": f"{reverse('admin:login')}?{urlencode({'next': request.path})}",
        },
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
    """The subscriber's next digest, as they will get it (their link, their page)."""
    refused = private_refusal(request)
    if refused is not None:
        return refused
    subscription = _subscription(token)
    end = subscription.next_send_at or timezone.now()
    digest = digests.build(subscription, digests.previous_send_time(subscription, end), end)
    return HttpResponse(digests.render(digest).alternatives[0][0])


@staff_member_required
def preview_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff's preview of a subscription's next digest (without the subscriber's links)."""
    if not request.user.has_perm("tracker.view_subscription"):
        raise PermissionDenied
    subscription = get_object_or_404(Subscription, pk=pk)
    message = digests.staff_copy(subscription, subscription.next_send_at or timezone.now())
    return HttpResponse(message.alternatives[0][0])
