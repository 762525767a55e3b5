"""Queue (or, with --now, send in this process) the digests that are due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from digests import scheduling, sending, tasks
from digests.building import build
from digests.models import DigestDelivery, Subscription


class Command(BaseCommand):
    help = "Create due digest deliveries and queue them; --now sends here, --dry-run only lists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Send in this process.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due, send nothing."
        )
        parser.add_argument("--subscription", type=int, help="Only this subscription (by id).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        subscriptions = scheduling.due(now)
        if options["subscription"]:
            subscriptions = Subscription.objects.filter(pk=options["subscription"])
            if not subscriptions.exists():
                raise CommandError(f"No subscription {options['subscription']}.")
            if subscriptions[0].alerts:
                raise CommandError(
                    f"Subscription {options['subscription']} is an alert rule: see send_alerts."
                )
        if options["dry_run"]:
            for subscription in subscriptions:
                end = subscription.next_send_at or now
                digest = build(subscription, end - scheduling.period(subscription), end)
                self.stdout.write(
                    f"{subscription.pk} {subscription.email}: {digest.count} event(s), "
                    f"{len(digest.upcoming)} coming up, due {end:%Y-%m-%d %H:%M} UTC"
                )
            return
        ids: list[int] = []
        for subscription in subscriptions:
            if options["subscription"] and (subscription.next_send_at or now) > now:
                # Forced: a delivery for the week (or day) up to now.
                delivery, _ = DigestDelivery.objects.get_or_create(
                    subscription=subscription,
                    period_start=now - scheduling.period(subscription),
                    defaults={"period_end": now},
                )
                ids.append(delivery.pk)
            else:
                ids += [d.pk for d in scheduling.schedule(subscription, now)]
        if options["now"]:
            try:
                counts = sending.send(ids)
            except sending.TemporaryFailure as exc:
                message = f"Temporary failure for deliveries {exc.args[0]}; try again."
                raise CommandError(message) from exc
            self.stdout.write(self.style.SUCCESS(f"Digests: {counts}"))
            return
        for start in range(0, len(ids), tasks.BATCH):
            tasks.send_digests.delay(ids[start : start + tasks.BATCH])
        self.stdout.write(self.style.SUCCESS(f"Queued {len(ids)} digest(s)."))
