"""The desk's rules: priority from the matrix, the lifecycle, internal notes
that never reach the practice, re-triage with a reason, and auto-close."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.core.exceptions import Conflict
from tandem.desk import queries, services
from tandem.desk.choices import MessageKind, Status
from tandem.desk.models import PriorityRule, ServiceRequest
from tests.conftest import STAFF_ONLY_A


def _open(world, actor, **kwargs):
    data = {
        "organization": world.a,
        "subject": "Printer offline",
        "body": "The reception printer says offline.",
        "category": "devices",
        "impact": "person_blocked",
    }
    return services.open_request(actor=actor, **(data | kwargs))


def test_patient_care_is_p1_and_the_request_has_a_public_reference(world, actor_of):
    item = world.request_a
    assert (item.priority, item.patient_care) == (1, True)
    assert item.reference == f"T-{item.number}"
    later = _open(world, actor_of(world.people["client_member_a"]))
    assert later.number == item.number + 2  # B's request took the number between
    assert later.priority == 3  # one person blocked, medium urgency
    assert later.requester == world.people["client_member_a"]
    assert later.messages.get().body == "The reception printer says offline."
    event = AuditEvent.objects.filter(verb="request.create", organization=world.a).latest("id")
    assert event.changes["priority"] == [None, 3]


def test_the_matrix_a_provider_admin_edits_decides_new_priorities(world, actor_of):
    PriorityRule.objects.filter(impact="person_blocked", urgency="medium").update(priority=2)
    assert _open(world, actor_of(world.people["client_member_a"])).priority == 2


def test_who_may_raise_what(world, actor_of):
    with pytest.raises(PermissionDenied):
        _open(world, actor_of(world.people["auditor_a"]))
    with pytest.raises(PermissionDenied):
        _open(world, actor_of(world.people["client_admin_b"]))  # practice A's
    with pytest.raises(ValidationError) as bad_site:
        _open(world, actor_of(world.people["client_member_a"]), site=world.site_b)
    assert "site" in bad_site.value.message_dict
    with pytest.raises(ValidationError) as no_caller:
        _open(world, actor_of(world.people["technician_a"]), channel="phone")
    assert "requester" in no_caller.value.message_dict


def test_a_question_waits_on_the_practice_and_their_answer_reopens_it(world, actor_of):
    item = world.request_a  # the technician asked: waiting on the practice
    assert item.status == Status.WAITING_CLIENT
    assert item.first_response_at is not None
    _msg, on = services.add_message(
        actor=actor_of(world.people["client_member_a"]), request=item, body="Internet is up."
    )
    assert on.pk == item.pk
    assert on.status == Status.OPEN


def test_internal_notes_never_reach_the_practice(world, actor_of):
    member = actor_of(world.people["client_member_a"])
    for persona in ("client_member_a", "client_admin_a", "auditor_a"):
        shown = queries.messages_for(actor_of(world.people[persona]), world.request_a)
        assert MessageKind.INTERNAL not in {m.kind for m in shown}
        assert all(STAFF_ONLY_A not in m.body for m in shown)
    staff = queries.messages_for(actor_of(world.people["technician_a"]), world.request_a)
    assert any(STAFF_ONLY_A in m.body for m in staff)
    with pytest.raises(PermissionDenied):
        services.add_message(actor=member, request=world.request_a, body="x", kind="internal")


def _resolve(world, actor_of, item):
    return services.change_status(
        actor=actor_of(world.people["technician_a"]), request=item, status=Status.RESOLVED
    )


def test_a_reply_within_seven_days_reopens_a_resolved_request(world, actor_of):
    item = _resolve(world, actor_of, world.request_a)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        _msg, on = services.add_message(
            actor=actor_of(world.people["client_member_a"]), request=item, body="It is back."
        )
    assert on.pk == item.pk
    assert (on.status, on.resolved_at) == (Status.OPEN, None)
    assert "Reopened" in on.messages.filter(kind=MessageKind.EVENT).latest("id").body


def test_a_reply_after_seven_days_or_to_a_closed_request_opens_a_linked_one(world, actor_of):
    member = actor_of(world.people["client_member_a"])
    item = _resolve(world, actor_of, world.request_a)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        _msg, late = services.add_message(actor=member, request=item, body="Again broken.")
    assert late.pk != item.pk
    assert (late.follows_id, late.impact, late.status) == (item.pk, item.impact, Status.NEW)
    assert late.subject.startswith(f"Follow-up to {item.reference}")
    item.refresh_from_db()
    assert item.status == Status.RESOLVED  # the old one is left as it was
    closed = services.change_status(
        actor=actor_of(world.people["technician_a"]), request=item, status=Status.CLOSED
    )
    _msg, again = services.add_message(actor=member, request=closed, body="And again.")
    assert again.follows_id == item.pk


def test_resolved_requests_close_on_their_own(world, actor_of, settings):
    settings.DESK_AUTO_CLOSE_DAYS = 3
    item = _resolve(world, actor_of, world.request_a)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert services.auto_close() == 0
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert services.auto_close() == 1
        assert services.auto_close() == 0  # a rerun finds nothing more
    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert item.closed_at is not None


def test_only_allowed_transitions_and_only_current_versions(world, actor_of):
    tech = actor_of(world.people["technician_a"])
    item = world.request_a
    stale = item.version
    services.change_status(actor=tech, request=item, status=Status.OPEN, version=stale)
    with pytest.raises(Conflict):
        services.change_status(actor=tech, request=item, status=Status.RESOLVED, version=stale)
    with pytest.raises(ValidationError):
        services.change_status(actor=tech, request=world.request_b, status=Status.CLOSED)
    with pytest.raises(PermissionDenied):
        services.change_status(
            actor=actor_of(world.people["client_admin_a"]), request=item, status=Status.RESOLVED
        )


def test_retriage_needs_a_reason_the_practice_sees(world, actor_of):
    tech = actor_of(world.people["technician_a"])
    b_item = world.request_b
    with pytest.raises(ValidationError):
        services.retriage(
            actor=actor_of(world.people["provider_admin"]), request=b_item, reason="", priority=1
        )
    services.retriage(
        actor=actor_of(world.people["provider_admin"]),
        request=b_item,
        impact="practice_down",
        reason="Labels are needed for every specimen",
    )
    b_item.refresh_from_db()
    assert (b_item.impact, b_item.priority) == ("practice_down", 2)
    seen = queries.messages_for(actor_of(world.people["client_admin_b"]), b_item)
    assert any("Labels are needed" in m.body for m in seen if m.kind == MessageKind.EVENT)
    with pytest.raises(PermissionDenied):
        services.retriage(
            actor=actor_of(world.people["client_admin_b"]), request=b_item, reason="x", priority=1
        )
    # The technician limited to practice A cannot even find B's request.
    assert not queries.requests_for(tech).filter(pk=b_item.pk).exists()


def test_assignment_goes_to_staff_who_see_the_practice(world, actor_of):
    admin = actor_of(world.people["provider_admin"])
    with pytest.raises(ValidationError):
        services.assign(actor=admin, request=world.request_b, assignee=world.people["technician_a"])
    item = services.assign(
        actor=admin, request=world.request_b, assignee=world.people["provider_admin"]
    )
    assert (item.assignee, item.status) == (world.people["provider_admin"], Status.OPEN)
    assert "picked this up" in item.messages.filter(kind=MessageKind.EVENT).latest("id").body


def test_members_see_their_own_requests_admins_and_auditors_the_practice(world, actor_of):
    other = _open(world, actor_of(world.people["client_admin_a"]))
    member = queries.requests_for(actor_of(world.people["client_member_a"]))
    assert set(member) == {world.request_a}
    for persona in ("client_admin_a", "auditor_a"):
        assert set(queries.requests_for(actor_of(world.people[persona]))) == {
            world.request_a,
            other,
        }
    assert set(queries.requests_for(actor_of(world.people["technician_a"]))) == {
        world.request_a,
        other,
    }
    assert ServiceRequest.objects.count() == 3


def test_the_periodic_job_closes_what_is_due(world, actor_of, settings):
    from tandem.desk.tasks import close_resolved_requests

    settings.DESK_AUTO_CLOSE_DAYS = 1
    _resolve(world, actor_of, world.request_a)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        close_resolved_requests.call_local()
    world.request_a.refresh_from_db()
    assert world.request_a.status == Status.CLOSED


def test_defaults_stand_in_for_cells_nobody_saved(world):
    PriorityRule.objects.all().delete()
    assert queries.matrix()[("patient_care", "low")] == 1
    assert services.priority_for("question", "medium") == 4
