"""Pages for digest subscribers: subscribe, confirm, manage, unsubscribe (RFC 8058),
preview; and the staff preview."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tracker import selectors
from tracker.filters import EventFilter, canonical_query
from tracker.limits import limit_posts, rate_limited
from tracker.models import Event
from tracker.permissions import private_refusal
from tracker.selectors import timeline as reads

from . import subscriptions
from .building import build, staff_copy, wording
from .building import render as render_digest
from .forms import ManageSubscriptionForm, SubscribeForm
from .links import describe, subscription_for, view_name
from .models import Subscription
from .scheduling import previous_send_time


@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts("SUBSCRIBE_RATE")
def subscribe(request: HttpRequest) -> HttpResponse:
    """Subscribe an address to a view (see digests.subscriptions.subscribe). A GET shows the
    form for the view in its query string; a POST that is not valid shows it again, with
    what was typed and what is wrong."""
    refused = private_refusal(request)
    if refused is not None:
        return refused
    if request.method != "POST":
        try:
            filters = canonical_query(request.GET.urlencode())
        except ValueError as exc:
            context = {"form": SubscribeForm(), "filters_error": str(exc)}
            return render(request, "digests/subscribe.html", context, status=400)
        form = SubscribeForm(initial={"filters": filters})
        return render(request, "digests/subscribe.html", _asking(form, filters))
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        filters = request.POST.get("filters", "")
        return render(request, "digests/subscribe.html", _asking(form, filters), status=400)
    try:
        subscriptions.subscribe(subscription=form.save(commit=False), user=request.user)
    except subscriptions.TooManyConfirmations:
        return rate_limited(request)
    # The same answer whether a confirmation went out now or waits already.
    context = {"email": form.cleaned_data["email"], "sent": True}
    return render(request, "digests/subscribe.html", context)


def _asking(form: SubscribeForm, filters: str) -> dict[str, Any]:
    """The subscribe page's context: the form, and the view it subscribes to in words."""
    try:
        valid = canonical_query(filters)
    except ValueError:
        valid = None
    return {
        "form": form,
        "view_words": describe(valid) or "Everything in the record" if valid is not None else "",
        "view_url": reverse("tracker:timeline") + (f"?{valid}" if valid else ""),
    }


def _subscription(value: str, max_age: int | None = None) -> Subscription:
    subscription = subscription_for(value, max_age=max_age)
    if subscription is None:
        raise Http404("This link is not valid (or the subscription was removed).")
    return subscription


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows a button: mail scanners that open links must not confirm for people.
    subscription = _subscription(token, max_age=subscriptions.CONFIRM_MAX_AGE)
    allowed = subscriptions.may_confirm(subscription, request.user)
    if request.method == "POST" and allowed:
        subscriptions.confirm(subscription)
    return render(
        request,
        "digests/subscription_confirm.html",
        {
            "subscription": subscription,
            "token": token,
            "name": view_name(subscription),
            "owner_needed": not allowed,
            "login": f"{reverse('admin:login')}?{urlencode({'next': request.path})}",
            **wording(subscription),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """A subscriber's page: the view (with the timeline's filter fields), when, and how."""
    subscription = _subscription(token)
    if request.method == "POST" and "delete" in request.POST:
        subscriptions.remove(subscription)
        return render(request, "digests/unsubscribed.html", {})
    form = ManageSubscriptionForm(request.POST or None, instance=subscription)
    saved = False
    values = QueryDict(subscription.filters)
    if request.method == "POST":
        # The view's fields are the filter panel's, named as in its query string.
        typed = [
            (key, value)
            for key in EventFilter.base_filters
            for value in request.POST.getlist(key)
            if value.strip()
        ]
        values = QueryDict(urlencode(typed))
        try:
            filters = canonical_query(urlencode(typed))
        except ValueError as exc:
            form.add_error(None, f"The view: {exc}")
        if form.is_valid():
            changed = form.save(commit=False)
            changed.filters = filters
            subscription = subscriptions.save_changes(changed)
            values = QueryDict(subscription.filters)
            saved = True
    everything = selectors.facets(Event.objects.all(), selectors.Shape())
    return render(
        request,
        "digests/subscription_manage.html",
        {
            "form": form,
            "subscription": subscription,
            "token": token,
            "saved": saved,
            "values": values,
            "panel": reads.panel(values, everything, counted=False),
            "view_words": describe(values.urlencode()) or "Everything in the record",
            "what": wording(subscription)["what"],
        },
    )


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscription_for(token)
    if request.method == "POST":
        if subscription is not None:
            subscriptions.remove(subscription)
        return render(request, "digests/unsubscribed.html", {})
    if subscription is None:
        raise Http404("This link is not valid (or you have already unsubscribed).")
    return render(
        request,
        "digests/unsubscribe.html",
        {"subscription": subscription, "name": view_name(subscription), **wording(subscription)},
    )


def preview(request: HttpRequest, token: str) -> HttpResponse:
    """The subscriber's next digest, as they will get it (their link, their page)."""
    refused = private_refusal(request)
    if refused is not None:
        return refused
    subscription = _subscription(token)
    end = subscription.next_send_at or timezone.now()
    digest = build(subscription, previous_send_time(subscription, end), end)
    return HttpResponse(render_digest(digest).alternatives[0][0])


@staff_member_required
def preview_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff's preview of a subscription's next digest (without the subscriber's links)."""
    if not request.user.has_perm("digests.view_subscription"):
        raise PermissionDenied
    subscription = get_object_or_404(Subscription, pk=pk)
    message = staff_copy(subscription, subscription.next_send_at or timezone.now())
    return HttpResponse(message.alternatives[0][0])
