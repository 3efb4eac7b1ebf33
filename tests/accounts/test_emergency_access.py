"""Break glass: time-boxed access to one more practice, with a reason the
practice sees, ending on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.accounts import services
from tandem.audit.models import AuditEvent
from tandem.notify.models import OutboxMessage

REASON = "Paged at 2 a.m.: Lakeside's EHR server is down and its technician is off shift"


def test_a_restricted_technician_opens_a_practice_for_four_hours(world, actor_of, settings):
    settings.TANDEM_IDLE_TIMEOUT_SECONDS = 24 * 3600  # this test is about the grant's window
    tech = world.people["technician_a"]
    client = world.client_for("technician_a")
    assert client.get("/clients/lakeside/").status_code == 404
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        response = client.post("/emergency-access/", {"slug": "lakeside", "reason": REASON})
        assert response.status_code == 302
        assert client.get("/clients/lakeside/").status_code == 200
        assert actor_of(tech).can_see(world.b.pk)
        clock.move_to(start + timedelta(hours=3, minutes=59))
        assert client.get("/clients/lakeside/").status_code == 200
        clock.move_to(start + timedelta(hours=4, minutes=1))
        assert client.get("/clients/lakeside/").status_code == 404  # over on its own
        assert not actor_of(tech).can_see(world.b.pk)


def test_the_practice_sees_who_and_why_and_is_told_by_email(world, actor_of):
    services.grant_emergency_access(
        actor=actor_of(world.people["technician_a"]), slug="lakeside", reason=REASON
    )
    page = world.client_for("client_admin_b").get("/clients/lakeside/").content.decode()
    assert "Emergency access by provider staff" in page
    assert "Tess Tech" in page
    assert "EHR server is down" in page
    email = OutboxMessage.objects.get(
        recipient="client_admin_b@example.org", subject__startswith="Emergency"
    )
    assert "EHR server is down" in email.body_text
    event = AuditEvent.objects.filter(organization=world.b, verb="emergency_access.grant").latest(
        "id"
    )
    assert event.actor_id == world.people["technician_a"].pk
    assert event.changes["reason"][1]["length"] == len(REASON)  # free text: a fingerprint


def test_the_practice_admin_can_end_it_early(world, actor_of):
    grant = services.grant_emergency_access(
        actor=actor_of(world.people["technician_a"]), slug="lakeside", reason=REASON
    )
    response = world.client_for("client_admin_b").post(f"/emergency-access/{grant.uuid}/end/")
    assert response.status_code == 302
    assert world.client_for("technician_a").get("/clients/lakeside/").status_code == 404
    assert AuditEvent.objects.filter(organization=world.b, verb="emergency_access.end").exists()


def test_it_needs_a_real_reason_and_a_restricted_provider_person(world, actor_of):
    tech = actor_of(world.people["technician_a"])
    with pytest.raises(ValidationError, match="at least 20"):
        services.grant_emergency_access(actor=tech, slug="lakeside", reason="outage")
    with pytest.raises(ValidationError, match="No practice"):
        services.grant_emergency_access(actor=tech, slug="nowhere", reason=REASON)
    with pytest.raises(ValidationError, match="already see"):
        services.grant_emergency_access(actor=tech, slug="riverside", reason=REASON)
    with pytest.raises(ValidationError, match="every practice"):
        services.grant_emergency_access(
            actor=actor_of(world.people["provider_admin"]), slug="lakeside", reason=REASON
        )
    with pytest.raises(PermissionDenied):
        services.grant_emergency_access(
            actor=actor_of(world.people["client_admin_a"]), slug="lakeside", reason=REASON
        )


def test_a_short_reason_is_refused_beside_the_field(world):
    response = world.client_for("technician_a").post(
        "/emergency-access/", {"slug": "lakeside", "reason": "urgent"}
    )
    assert response.status_code == 422
    assert "at least 20 characters" in response.content.decode()
