"""Permanent redaction: a provider admin removes a passage (or a file) and no
copy is left in the database: not in the row, the edit history, the search
documents and their index, or the outbox. Checked by dumping every table,
and on SQLite the database file and its WAL as well."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tandem.audit.models import AuditEvent
from tandem.desk import queries, redaction
from tandem.desk import services as desk
from tandem.desk.models import Attachment, MessageRevision, RequestMessage
from tandem.notify.models import OutboxMessage

PASSAGE = "Patient Wilhelmina Zygmuntowicz, DOB 03/14/1962, MRN 88213377"
TOKENS = ("zygmuntowicz", "88213377")  # what must be nowhere afterwards (any case)


def dump() -> str:
    """Every row of every table (FTS5 shadow tables and the tsvector column
    included), lowercased; bytes kept byte for byte."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            sql = f"SELECT * FROM {connection.ops.quote_name(table)}"  # noqa: S608 (introspected names)
            cursor.execute(sql)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts).lower()


def sqlite_files() -> bytes:
    name = Path(connection.settings_dict["NAME"])
    return b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())


def plant(world, actor_of):
    """The passage in a public reply (so in an email to the requester), in a
    note, and in the history of an edited reply."""
    tech = actor_of(world.people["technician_a"])
    item = world.request_a
    reply, _ = desk.add_message(actor=tech, request=item, body=f"Is this about {PASSAGE}?")
    desk.edit_message(actor=tech, message=reply, body=f"Is this about {PASSAGE.upper()}, again?")
    desk.add_message(actor=tech, request=item, body=f"Note: {PASSAGE}", kind="internal")
    return item


@pytest.mark.django_db(transaction=True)
def test_after_redaction_no_table_holds_a_copy(world, actor_of):
    item = plant(world, actor_of)
    before = dump()
    assert all(token in before for token in TOKENS)
    assert OutboxMessage.objects.filter(body_text__icontains="zygmuntowicz").exists()
    assert MessageRevision.objects.filter(body__icontains="zygmuntowicz").exists()
    assert queries.searched(
        queries.requests_for(actor_of(world.people["provider_admin"])),
        actor_of(world.people["provider_admin"]),
        "zygmuntowicz",
        "",
    ).exists()

    found = redaction.redact_text(
        actor=actor_of(world.people["provider_admin"]),
        request=item,
        passage="wilhelmina zygmuntowicz, dob 03/14/1962, mrn 88213377",  # any capitals
        reason="phi",
    )
    assert (found.messages, found.revisions) == (2, 1)
    assert found.outbox >= 1

    after = dump()
    for token in TOKENS:
        assert token not in after, f"{token!r} is still in the database"
    assert redaction.MARKER in after  # the dump did read the rewritten rows
    if connection.vendor == "sqlite":
        raw = sqlite_files().lower()
        for token in TOKENS:
            assert token.encode() not in raw, f"{token!r} is still in the database file"
    # Search no longer finds it, for anyone.
    admin = actor_of(world.people["provider_admin"])
    assert not queries.searched(queries.requests_for(admin), admin, "zygmuntowicz", "").exists()
    # Audited without the text.
    event = AuditEvent.objects.get(verb="request.redact")
    assert event.target_label == item.reference
    assert "zygmuntowicz" not in str(event.changes).lower()
    assert event.changes["reason"] == [None, "phi"]


def test_a_passage_that_is_not_there_changes_nothing(world, actor_of):
    admin = actor_of(world.people["provider_admin"])
    bodies = list(RequestMessage.objects.order_by("id").values_list("body", flat=True))
    with pytest.raises(ValidationError) as caught:
        redaction.redact_text(
            actor=admin, request=world.request_a, passage="not in it", reason="phi"
        )
    assert "passage" in caught.value.message_dict
    assert list(RequestMessage.objects.order_by("id").values_list("body", flat=True)) == bodies
    assert not AuditEvent.objects.filter(verb="request.redact").exists()
    for bad in ("", "ab", "x" * 2001):
        with pytest.raises(ValidationError):
            redaction.redact_text(actor=admin, request=world.request_a, passage=bad, reason="phi")
    with pytest.raises(ValidationError):
        redaction.redact_text(
            actor=admin, request=world.request_a, passage="front desk", reason="because"
        )


def test_only_a_provider_admin_redacts(world, actor_of):
    for persona in ("technician_a", "client_admin_a", "client_member_a"):
        with pytest.raises(PermissionDenied):
            redaction.redact_text(
                actor=actor_of(world.people[persona]),
                request=world.request_a,
                passage="front desk",
                reason="phi",
            )
        with pytest.raises(PermissionDenied):
            redaction.delete_file(
                actor=actor_of(world.people[persona]),
                attachment=world.attachment_a,
                reason="phi",
            )


def test_the_page_previews_then_removes(world):
    client = world.client_for("provider_admin")
    url = f"/requests/{world.request_a.reference}/redact/"
    preview = client.post(url, {"passage": "front desk", "reason": "phi"})
    assert preview.status_code == 200
    assert "Found in 1 message" in preview.content.decode()
    assert RequestMessage.objects.filter(body__contains="front desk").exists()  # not yet
    missing = client.post(url, {"passage": "nowhere at all", "reason": "phi"})
    assert missing.status_code == 422
    assert "is not in" in missing.content.decode()
    done = client.post(url, {"passage": "front desk", "reason": "phi", "confirm": "1"})
    assert done.status_code == 302
    assert not RequestMessage.objects.filter(body__contains="front desk").exists()
    page = client.get(f"/requests/{world.request_a.reference}/").content.decode()
    assert "nobody at the [redacted] can open the EHR" in page


def test_a_deleted_file_leaves_storage_and_its_name_leaves_the_row(
    world, django_capture_on_commit_callbacks
):
    attachment = world.attachment_a
    stored = attachment.file.name
    storage = attachment.file.storage
    assert storage.exists(stored)
    client = world.client_for("provider_admin")
    url = f"/api/v1/requests/{world.request_a.reference}/files/{attachment.uuid}/removal"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "phi"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["removed"] is True
    assert response.json()["url"] is None
    row = Attachment.objects.get(pk=attachment.pk)
    assert row.redacted_at is not None
    assert row.name == "removed file"
    assert row.sha256 == ""
    assert not storage.exists(stored)
    event = AuditEvent.objects.get(verb="attachment.delete")
    assert "error.txt" not in str(event.changes)
    download = client.get(f"/requests/{world.request_a.reference}/files/{attachment.uuid}/")
    assert download.status_code == 404
    again = client.post(url, {"reason": "phi"}, content_type="application/json")
    assert again.status_code == 404
