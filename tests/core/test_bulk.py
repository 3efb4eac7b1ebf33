"""core.bulk.insert writes what Model(**row).save() would: defaults filled
in (a distinct UUID each), auto_now_add set, JSON kept as JSON, foreign keys
by id; on PostgreSQL through COPY, elsewhere through bulk_create."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tandem.core import bulk
from tandem.notify.models import OutboxMessage, OutboxStatus


@pytest.mark.django_db
def test_rows_are_stored_with_their_defaults_and_json(world):
    before = timezone.now()
    rows = [
        {
            "organization_id": world.a.pk,
            "recipient": f"p{n}@example.org",
            "subject": f"Subject {n}",
            "body_text": "Line one\n\tand a tab, a \\ and 'quotes'",
            "headers": {"X-Ref": f"T-{n}", "List": ["a", "b"]},
            "idempotency_key": f"bulk:{n}",
            "next_attempt_at": before,
        }
        for n in range(3)
    ]
    rows.append({**rows[0], "idempotency_key": "bulk:plain", "headers": {}})
    assert bulk.insert(OutboxMessage, rows) == 4
    stored = list(OutboxMessage.objects.filter(idempotency_key__startswith="bulk:").order_by("id"))
    assert [m.recipient for m in stored] == [r["recipient"] for r in rows]
    assert stored[1].headers == {"X-Ref": "T-1", "List": ["a", "b"]}
    assert stored[3].headers == {}
    assert stored[0].body_text == rows[0]["body_text"]
    assert {m.status for m in stored} == {OutboxStatus.PENDING}
    assert {m.attempts for m in stored} == {0}
    assert len({m.uuid for m in stored}) == 4
    assert all(m.uuid.version == 4 for m in stored)
    assert all(m.created_at >= before for m in stored)
    assert {m.organization_id for m in stored} == {world.a.pk}
    assert bulk.insert(OutboxMessage, []) == 0
