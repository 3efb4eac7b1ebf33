"""Edits keep their history: only the author edits, everyone who sees the
message sees it was edited and the earlier text; internal stays internal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tandem.audit.models import AuditEvent
from tandem.desk import services
from tandem.desk.models import MessageRevision
from tests.conftest import STAFF_ONLY_A


def _first(world):
    return world.request_a.messages.order_by("id").first()


def test_the_author_edits_and_the_earlier_text_is_kept(world, actor_of):
    member = actor_of(world.people["client_member_a"])
    message = _first(world)
    original = message.body
    services.edit_message(actor=member, message=message, body="Since 8:10 the EHR is down.")
    message.refresh_from_db()
    assert message.body == "Since 8:10 the EHR is down."
    assert message.edited_at is not None
    assert [r.body for r in message.revisions.all()] == [original]
    assert AuditEvent.objects.filter(verb="message.edit", organization=world.a).exists()
    page = world.client_for("client_admin_a").get(f"/requests/{world.request_a.reference}/")
    text = page.content.decode()
    assert "earlier versions" in text
    assert "nobody at the front desk can open the EHR" in text  # the old text, shown


def test_nobody_else_edits_a_message(world, actor_of):
    message = _first(world)
    for persona in ("client_admin_a", "technician_a", "provider_admin"):
        with pytest.raises(PermissionDenied):
            services.edit_message(actor=actor_of(world.people[persona]), message=message, body="x")
    url = f"/requests/{world.request_a.reference}/messages/{message.uuid}/edit/"
    assert world.client_for("client_admin_a").get(url).status_code == 403
    assert world.client_for("client_admin_b").get(url).status_code == 404
    assert world.client_for("client_member_a").get(url).status_code == 200


def test_an_internal_note_and_its_history_stay_with_the_provider(world, actor_of):
    note = world.request_a.messages.get(kind="internal")
    tech = actor_of(world.people["technician_a"])
    services.edit_message(actor=tech, message=note, body="Firewall: rule 12 reverted.")
    assert MessageRevision.objects.get(message=note).body.endswith(STAFF_ONLY_A)
    url = f"/requests/{world.request_a.reference}/messages/{note.uuid}/edit/"
    assert world.client_for("client_member_a").get(url).status_code == 404
    page = world.client_for("client_member_a").get(f"/requests/{world.request_a.reference}/")
    assert STAFF_ONLY_A not in page.content.decode()
    assert "rule 12" not in page.content.decode()


def test_an_edit_through_the_page_with_empty_text_is_refused(world):
    message = _first(world)
    url = f"/requests/{world.request_a.reference}/messages/{message.uuid}/edit/"
    response = world.client_for("client_member_a").post(url, {"body": "  "})
    assert response.status_code == 422
    assert not message.revisions.exists()
