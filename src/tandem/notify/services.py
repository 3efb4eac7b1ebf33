"""Putting messages in the outbox, inside the caller's transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.audit import services as audit
from tandem.core import bulk, events
from tandem.core.text import strip_nul
from tandem.notify.models import (
    OPTIONAL_KINDS,
    Notification,
    OutboxMessage,
    OutboxStatus,
    Preference,
)

OUTBOX_ENQUEUED = "notify.outbox_enqueued"
OUTBOX_BATCH_ENQUEUED = "notify.outbox_batch_enqueued"


def enqueue_email(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    idempotency_key: str,
    organization_id: int | None = None,
    headers: dict[str, str] | None = None,
    thread: str = "",
) -> OutboxMessage:
    """Write an email to the outbox. Calling twice with one key enqueues once.
    `thread`: the conversation it belongs to (a request's reference)."""
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
                "thread": thread[:40],
                "next_attempt_at": timezone.now(),
            },
        )
    if created:
        events.emit(OUTBOX_ENQUEUED, message_id=message.pk)
    return message


def enqueue_webhook(
    *,
    target: str,
    subject: str,
    payload: dict[str, Any],
    idempotency_key: str,
    organization_id: int | None = None,
) -> OutboxMessage:
    """Write a post to a webhook target (its uuid; the channel's sender reads
    the address and secret at delivery, so neither is copied here). Calling
    twice with one key enqueues once."""
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "organization_id": organization_id,
                "channel": "webhook",
                "recipient": f"target:{target}",
                "subject": strip_nul(" ".join(subject.split()))[:300],
                "body_text": json.dumps(payload, sort_keys=True),
                "headers": {"target": target},
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
    thread: str = "",
    email_contacts: bool = False,
) -> Notification | None:
    """One notice for one person: in the app, and by email unless they turned
    this kind off. Inside the caller's transaction, idempotent by `key`, so a
    retried service never notifies twice and a rolled-back one never at all.
    A contact (who cannot sign in) is emailed only with `email_contacts`: the
    desk's notices about their own requests, which they answer by email."""
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
    if created and (person.can_sign_in or email_contacts) and wants_email(person.pk, kind):
        enqueue_email(
            to=person.email,
            subject=email_subject,
            body_text=email_body,
            idempotency_key=f"notice:{key}"[:200],
            organization_id=organization_id,
            thread=thread,
        )
    return note


@dataclass(frozen=True)
class Notice:
    """What `notify` takes, for `notify_many`."""

    person: Any
    organization_id: int
    kind: str
    title: str
    url: str
    key: str
    email_subject: str
    email_body: str


def notify_many(notices: list[Notice]) -> int:
    """Many notices at once (a background job's batch), with `notify`'s rules:
    active people only, once per key, email unless turned off. A few queries
    for the whole batch instead of a few per notice; the emails are handed to
    delivery as one batch. Returns how many notices were new."""
    notices = [n for n in notices if n.person.is_active]
    keys = {n.key[:200] for n in notices}
    seen = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh: dict[str, Notice] = {}
    for notice in notices:
        key = notice.key[:200]
        if key not in seen:
            fresh.setdefault(key, notice)
    now = timezone.now()
    bulk.insert(
        Notification,
        [
            {
                "person_id": n.person.pk,
                "organization_id": n.organization_id,
                "kind": n.kind,
                "title": strip_nul(" ".join(n.title.split()))[:300],
                "url": n.url[:300],
                "key": key,
                "created_at": now,
            }
            for key, n in fresh.items()
        ],
    )
    people = {n.person.pk for n in fresh.values()}
    off = dict(
        Preference.objects.filter(person_id__in=people).values_list("person_id", "email_off")
    )
    enqueue_emails(
        [
            {
                "organization_id": n.organization_id,
                "recipient": n.person.email,
                "subject": n.email_subject,
                "body_text": n.email_body,
                "idempotency_key": f"notice:{key}"[:200],
            }
            for key, n in fresh.items()
            if n.person.can_sign_in
            and (n.kind not in OPTIONAL_KINDS or n.kind not in (off.get(n.person.pk) or []))
        ]
    )
    return len(fresh)


def enqueue_emails(messages: list[dict[str, Any]]) -> int:
    """Write many emails to the outbox (each: organization_id, recipient,
    subject, body_text, idempotency_key), skipping keys already there;
    delivery is asked once for the batch. Returns how many were written."""
    keys = [m["idempotency_key"] for m in messages]
    there = set(
        OutboxMessage.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    now = timezone.now()
    new = {
        m["idempotency_key"]: {
            **m,
            "subject": strip_nul(" ".join(m["subject"].split()))[:300],
            "body_text": strip_nul(m["body_text"]),
            "next_attempt_at": now,
        }
        for m in messages
        if m["idempotency_key"] not in there
    }
    bulk.insert(OutboxMessage, list(new.values()))
    if new:
        events.emit(OUTBOX_BATCH_ENQUEUED, count=len(new))
    return len(new)


def mark_bounced(row_uuids: list[Any], *, reason: str) -> int:
    """Emails a delivery report says did not arrive: failed for good, with
    the report's words (shown where the email is listed)."""
    if not row_uuids:
        return 0
    return OutboxMessage.objects.filter(uuid__in=row_uuids, channel="email").update(
        status=OutboxStatus.FAILED,
        lease_until=None,
        last_error=strip_nul(f"Bounced: {reason}")[:500],
    )


def emails_about(thread: str, *, limit: int = 30) -> list[OutboxMessage]:
    """The emails of one conversation (a request), newest first, with how
    each went: staff see there which did not arrive."""
    return list(
        OutboxMessage.objects.filter(thread=thread, channel="email")
        .only("recipient", "status", "attempts", "last_error", "created_at", "sent_at")
        .order_by("-id")[:limit]
    )


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
