"""Delivering outbox rows at least once: claim with a lease, send, mark sent,
or back off and retry."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.utils import timezone

from tandem.notify.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 12
BASE_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=2)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, … capped at 2 h: 12 attempts span about 9 hours."""
    return min(BASE_BACKOFF * int(2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def claim(message_id: int) -> str | None:
    """Take a lease on one due row; None if another worker holds it or it is done."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = OutboxMessage.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now),
        pk=message_id,
        status=OutboxStatus.PENDING,
        next_attempt_at__lte=now,
    ).update(lease_until=now + LEASE, lease_token=token)
    return token if claimed == 1 else None


Sender = Callable[[OutboxMessage], None]


def _send_email(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-Tandem-Outbox": str(message.uuid), **message.headers},
        connection=get_connection(fail_silently=False),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send()


# channel -> what delivers it; apps add their own channels (on call: "webhook").
SENDERS: dict[str, Sender] = {"email": _send_email}


def register(channel: str, sender: Sender) -> None:
    SENDERS[channel] = sender


def _send(message: OutboxMessage) -> None:
    sender = SENDERS.get(message.channel)
    if sender is None:
        raise LookupError(f"no sender for channel {message.channel!r}")
    sender(message)


def deliver(message_id: int) -> bool:
    """Deliver one row if it is due and unclaimed. True if it was sent now."""
    token = claim(message_id)
    if token is None:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    attempts = message.attempts + 1
    try:
        _send(message)
    except Exception as exc:
        failed_for_good = attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message_id, lease_token=token).update(
            attempts=attempts,
            lease_until=None,
            lease_token="",
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            next_attempt_at=timezone.now() + backoff(attempts),
            status=OutboxStatus.FAILED if failed_for_good else OutboxStatus.PENDING,
        )
        log.warning("outbox %s attempt %s failed: %s", message_id, attempts, type(exc).__name__)
        return False
    OutboxMessage.objects.filter(pk=message_id, lease_token=token).update(
        attempts=attempts,
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        last_error="",
    )
    return True


def due_ids(limit: int = 100) -> list[int]:
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )


def deliver_due(limit: int = 100) -> int:
    """Deliver what is due now; returns how many were sent."""
    return sum(1 for message_id in due_ids(limit) if deliver(message_id))
