"""Putting messages in the outbox, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.audit import services as audit
from tandem.core import events
from tandem.core.text import strip_nul
from tandem.notify.models import OPTIONAL_KINDS, Notification, OutboxMessage, Preference

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


def wants_email(person_id: int, kind: str) -> bool:
    if kind not in OPTIONAL_KINDS:
        return True
    off = Preference.objects.filter(person_id=person_id).values_list("email_off", flat=True).first()
    return kind not in (off or [])


def notify(
    *,
    person: Any,
    organization_id: int,
    kind: str,
    title: str,
    url: str,
    key: str,
    email_subject: str,
    email_body: str,
) -> Notification | None:
    """One notice for one person: in the app, and by email unless they turned
    this kind off. Inside the caller's transaction, idempotent by `key`, so a
    retried service never notifies twice and a rolled-back one never at all."""
    if not person.is_active:
        return None
    note, created = Notification.objects.get_or_create(
        key=key[:200],
        defaults={
            "person": person,
            "organization_id": organization_id,
            "kind": kind,
            "title": strip_nul(" ".join(title.split()))[:300],
            "url": url[:300],
            "created_at": timezone.now(),
        },
    )
    if created and person.can_sign_in and wants_email(person.pk, kind):
        enqueue_email(
            to=person.email,
            subject=email_subject,
            body_text=email_body,
            idempotency_key=f"notice:{key}"[:200],
            organization_id=organization_id,
        )
    return note


def unread_count(person_id: int) -> int:
    return Notification.objects.filter(person_id=person_id, read_at=None).count()


def inbox(person_id: int, *, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(person_id=person_id).order_by("-id")[:limit])


def mark_all_read(person_id: int) -> int:
    return Notification.objects.filter(person_id=person_id, read_at=None).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_off(*, actor: Any, person: Any, kinds: list[str]) -> Preference:
    """The optional notices `person` does not want by email (their own choice)."""
    if actor.person_id != person.pk:
        raise PermissionDenied
    wanted_off = sorted(k for k in kinds if k in OPTIONAL_KINDS)
    pref, _ = Preference.objects.select_for_update().get_or_create(person=person)
    if pref.email_off != wanted_off:
        audit.record(
            actor=actor,
            verb="notify.preferences",
            organization_id=person.organization_id,
            target=person,
            changes={"email_off": [pref.email_off, wanted_off]},
        )
        pref.email_off = wanted_off
        pref.save(update_fields=["email_off"])
    return pref
