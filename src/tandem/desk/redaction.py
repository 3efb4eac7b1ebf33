"""Permanent redaction: a provider admin removes a passage from a request, or
an attached file, after the fact, and leaves no copy where Tandem keeps data.

A passage is replaced by MARKER in every message of the request (replies,
notes, the description, events), in every earlier version of them, in the
request's search documents and in the outbox's copies of its notifications.
A file is deleted from storage; its row stays, renamed, as the record that
there was one. Both are audited without the text or the file's name.

The database then compacts what it freed (compact): on SQLite every
connection runs with `secure_delete` (freed space is zeroed, settings.py),
the FTS5 index is optimized (its segments are rewritten without the deleted
terms) and the WAL is checkpointed and truncated; on PostgreSQL the tables
are vacuumed (`full=True` rewrites them, under an exclusive lock). Backups
and PostgreSQL's WAL archive keep the text until they age out (docs/privacy.md).

Not covered: a request's subject and a file's name, which the hash-chained
audit trail holds in its labels; docs/privacy.md says so."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connections, transaction
from django.utils import timezone

from tandem.accounts.choices import Role
from tandem.audit import services as audit
from tandem.core import markdown
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.desk import search
from tandem.desk.models import (
    Attachment,
    MessageRevision,
    RequestMessage,
    SearchDocument,
    ServiceRequest,
)
from tandem.desk.services import _touch
from tandem.notify.models import Notification, OutboxMessage

log = logging.getLogger(__name__)

MARKER = "[redacted]"
MIN_PASSAGE = 3
MAX_PASSAGE = 2000
REASONS = {
    "phi": "Patient information",
    "secret": "A password or other secret",
    "other": "Other",
}
# The tables a redaction rewrites; vacuumed afterwards on PostgreSQL.
TABLES = (
    RequestMessage._meta.db_table,
    MessageRevision._meta.db_table,
    SearchDocument._meta.db_table,
    OutboxMessage._meta.db_table,
    Notification._meta.db_table,
    Attachment._meta.db_table,
)


def can_redact(actor: Actor) -> bool:
    return actor.is_provider and actor.role == Role.PROVIDER_ADMIN


def _check(actor: Actor) -> None:
    if not can_redact(actor):
        raise PermissionDenied("Only a provider admin can redact.")


def clean_passage(value: str) -> str:
    passage = strip_nul(value or "").strip()
    if not MIN_PASSAGE <= len(passage) <= MAX_PASSAGE:
        raise ValidationError(
            {"passage": f"Paste the exact text to remove ({MIN_PASSAGE}-{MAX_PASSAGE} characters)."}
        )
    return passage


def clean_reason(value: str) -> str:
    if value not in REASONS:
        raise ValidationError({"reason": "Choose why it is removed."})
    return value


@dataclass(frozen=True)
class Found:
    """Where a passage is: counts only (the preview shows where, never stores it)."""

    messages: int
    revisions: int
    outbox: int

    @property
    def anywhere(self) -> bool:
        return bool(self.messages or self.revisions)


def _pattern(passage: str) -> re.Pattern[str]:
    # Case-insensitive and literal: a name typed "SMITH" once and "Smith" later goes too.
    return re.compile(re.escape(passage), re.IGNORECASE)


def _outbox(request: ServiceRequest):  # type: ignore[no-untyped-def]
    return OutboxMessage.objects.filter(subject__startswith=f"[{request.reference}]")


def find(request: ServiceRequest, passage: str) -> Found:
    pattern = _pattern(passage)
    bodies = RequestMessage.objects.filter(request=request).values_list("body", flat=True)
    revisions = MessageRevision.objects.filter(message__request=request).values_list(
        "body", flat=True
    )
    outbox = _outbox(request).values_list("body_text", "body_html", "subject")
    return Found(
        messages=sum(1 for b in bodies.iterator() if pattern.search(b)),
        revisions=sum(1 for b in revisions.iterator() if pattern.search(b)),
        outbox=sum(1 for row in outbox.iterator() if any(pattern.search(v) for v in row)),
    )


@transaction.atomic
def redact_text(*, actor: Actor, request: ServiceRequest, passage: str, reason: str) -> Found:
    """Replace `passage` wherever the request keeps it; refused (nothing
    changed) when it is nowhere in the request's messages or their history."""
    _check(actor)
    passage = clean_passage(passage)
    reason = clean_reason(reason)
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    pattern = _pattern(passage)
    messages = 0
    for message in RequestMessage.objects.select_for_update().filter(request=request):
        if pattern.search(message.body):
            message.body = pattern.sub(MARKER, message.body)
            message.body_html = markdown.render(message.body)
            message.save(update_fields=["body", "body_html"])
            messages += 1
    revisions = 0
    for revision in MessageRevision.objects.filter(message__request=request):
        if pattern.search(revision.body):
            revision.body = pattern.sub(MARKER, revision.body)
            revision.save(update_fields=["body"])
            revisions += 1
    if not (messages or revisions):  # nothing changed yet
        raise ValidationError(
            {"passage": f"This text is not in {request.reference}'s messages or their history."}
        )
    outbox = 0
    for mail in _outbox(request):
        fields = {
            "subject": pattern.sub(MARKER, mail.subject)[:300],
            "body_text": pattern.sub(MARKER, mail.body_text),
            "body_html": pattern.sub(MARKER, mail.body_html),
        }
        changed = [k for k, v in fields.items() if getattr(mail, k) != v]
        if changed:
            for k in changed:
                setattr(mail, k, fields[k])
            mail.save(update_fields=changed)
            outbox += 1
    found = Found(messages=messages, revisions=revisions, outbox=outbox)
    search.refresh(request)
    _touch(request, timezone.now(), [])
    audit.record(
        actor=actor,
        verb="request.redact",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={
            "reason": [None, reason],
            "messages": [None, found.messages],
            "revisions": [None, found.revisions],
            "outbox": [None, found.outbox],
        },
    )
    db = request._state.db or "default"
    transaction.on_commit(lambda: compact(using=db), using=db)
    return found


@transaction.atomic
def delete_file(*, actor: Actor, attachment: Attachment, reason: str) -> Attachment:
    """Delete an attached file from storage for good; the row stays as the
    record that a file was there, without its name, type, size or digest."""
    _check(actor)
    reason = clean_reason(reason)
    attachment = (
        Attachment.objects.select_for_update().select_related("request").get(pk=attachment.pk)
    )
    if attachment.redacted_at is not None:
        raise ValidationError({"attachment": "This file was already deleted."})
    stored = attachment.file.name
    attachment.name = "removed file"
    attachment.content_type = "application/octet-stream"
    attachment.size = 0
    attachment.sha256 = ""
    attachment.file = ""
    attachment.redacted_at = timezone.now()
    attachment.save(update_fields=["name", "content_type", "size", "sha256", "file", "redacted_at"])
    audit.record(
        actor=actor,
        verb="attachment.delete",
        organization_id=attachment.organization_id,
        target=attachment.request,
        target_label=attachment.request.reference,
        changes={"attachment": [None, str(attachment.uuid)], "reason": [None, reason]},
    )
    storage = attachment.file.storage

    def remove() -> None:
        # After the commit: a rollback keeps the file with its row.
        if stored and storage.exists(stored):
            storage.delete(stored)
        compact(using=attachment._state.db or "default")

    transaction.on_commit(remove, using=attachment._state.db or "default")
    return attachment


def compact(*, using: str = "default", full: bool = False) -> None:
    """Let the database drop the space a redaction freed (see the module's
    docstring). Safe to run at any time, and again. Inside a transaction (a
    test's) only what can run there does."""
    connection = connections[using]
    in_transaction = connection.in_atomic_block
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO desk_search_fts(desk_search_fts) VALUES ('optimize')")
            if in_transaction:
                return
            try:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                blocked = cursor.fetchone()[0]
            except OperationalError:
                blocked = 1
            if blocked:  # a reader held the WAL: SQLite's own checkpoints finish the job
                log.warning("the WAL checkpoint after a redaction was blocked; rerun compact")
        elif connection.vendor == "postgresql" and not in_transaction:
            tables = ", ".join(connection.ops.quote_name(t) for t in TABLES)
            cursor.execute(f"VACUUM {'FULL ' if full else ''}{tables}")
