"""Putting messages in the outbox, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.core import events
from tandem.core.text import strip_nul
from tandem.notify.models import OutboxMessage

OUTBOX_ENQUEUED = "notify.outbox_enqueued"


def enqueue_email(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    idempotency_key: str,
    organization_id: int | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Write an email to the outbox. Calling twice with one key enqueues once."""
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "organization_id": organization_id,
                "recipient": to,
                "subject": strip_nul(" ".join(subject.split()))[:300],
                "body_text": strip_nul(body_text),
                "body_html": strip_nul(body_html),
                "headers": headers or {},
                "next_attempt_at": timezone.now(),
            },
        )
    if created:
        events.emit(OUTBOX_ENQUEUED, message_id=message.pk)
    return message


def enqueue_templated_email(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    idempotency_key: str,
    organization_id: int | None = None,
) -> OutboxMessage:
    """Render `emails/<template>_subject.txt` and `_body.txt` now, so the row
    holds exactly what will be sent even if templates change before delivery."""
    return enqueue_email(
        to=to,
        subject=render_to_string(f"emails/{template}_subject.txt", context).strip(),
        body_text=render_to_string(f"emails/{template}_body.txt", context),
        idempotency_key=idempotency_key,
        organization_id=organization_id,
    )
