"""Change requests: the window check at submission, the practice admin's
signed answer, the execution record, the check after, immutability once
approved (services, pages, API, SQL), the calendar and its iCal feed."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.collab import changes
from tandem.collab.models import ChangeRequest, ChangeStatus
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import SYSTEM
from tandem.notify.models import Notification
from tandem.signoff.models import Signature
from tests.collab.helpers import (
    MORNING,
    NIGHT,
    approved_of,
    change_of,
    decide_as,
    submitted_of,
)
from tests.conftest import CANARY_B, PASSWORD


def _staff(world):
    return actor_for(world.people["provider_admin"])


def test_a_window_outside_clinic_hours_is_sent_for_approval(world):
    change = submitted_of(world)
    assert change.status == ChangeStatus.SUBMITTED
    assert change.clashes == []
    asked = Notification.objects.filter(kind="signature").values_list("person__email", flat=True)
    assert list(asked) == ["client_admin_a@example.org"]


def test_a_window_in_clinic_hours_is_refused_until_moved(world):
    change = change_of(world, window=MORNING)
    with pytest.raises(ValidationError) as err:
        changes.submit(actor=_staff(world), change=change)
    text = " ".join(err.value.message_dict["starts_at"])
    assert "Main clinic is open Mon Jan 7 08:00 to Mon Jan 7 17:00 America/Chicago" in text
    assert "emergency justification" in text
    change.refresh_from_db()
    assert change.status == ChangeStatus.DRAFT
    plan = _plan_of(change, window=NIGHT)
    changes.update(actor=_staff(world), change=change, plan=plan)
    assert changes.submit(actor=_staff(world), change=change).status == ChangeStatus.SUBMITTED


def test_a_window_in_clinic_hours_goes_with_an_emergency_justification(world):
    change = change_of(
        world, window=MORNING, emergency_justification="The switch is dropping EHR traffic now."
    )
    changes.submit(actor=_staff(world), change=change)
    change.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED
    assert len(change.clashes) == 1  # kept for the approver to read
    assert "in clinic hours" in _page(world, "client_admin_a", change)


def _plan_of(change: ChangeRequest, **overrides) -> changes.Plan:
    window = overrides.pop("window", (change.starts_at, change.ends_at))
    fields = {
        "title": change.title,
        "sites": list(change.sites.all()),
        "description": change.description,
        "risk": change.risk,
        "rollback_plan": change.rollback_plan,
        "emergency_justification": change.emergency_justification,
    }
    return changes.Plan(starts_at=window[0], ends_at=window[1], **(fields | overrides))


def _page(world, persona: str, change: ChangeRequest) -> str:
    return world.client_for(persona).get(f"/changes/{change.uuid}/").content.decode()


def test_a_24_7_site_takes_changes_only_in_its_low_impact_window(world):
    accounts.update_site(
        actor=SYSTEM, site=world.site_a, always_open=True, low_impact={0: (time(20), time(23))}
    )
    # Monday 20:00-22:00 Chicago: inside Monday's 20:00-23:00 low-impact window.
    assert submitted_of(world).status == ChangeStatus.SUBMITTED
    accounts.update_site(
        actor=SYSTEM, site=world.site_a, always_open=True, low_impact={6: (time(1), time(5))}
    )
    with pytest.raises(ValidationError, match="open around the clock"):
        submitted_of(world, title="Firmware")


def test_a_24_7_site_must_declare_a_low_impact_window(world):
    with pytest.raises(ValidationError) as err:
        accounts.update_site(actor=SYSTEM, site=world.site_a, always_open=True)
    assert "always_open" in err.value.message_dict


def test_the_practice_admin_approves_with_a_signature(world):
    change = submitted_of(world)
    signature = decide_as(world, "client_admin_a", change)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert signature.meaning == "approve"
    assert change.approved_sha256 == signature.content_sha256 == changes.current_hash(change)
    assert AuditEvent.objects.filter(verb="change.approved", organization=world.a).exists()


@pytest.mark.parametrize("persona", ["client_member_a", "auditor_a", "provider_admin"])
def test_only_a_practice_admin_approves(world, persona):
    change = submitted_of(world)
    with pytest.raises(PermissionDenied):
        decide_as(world, persona, change)
    assert not Signature.objects.exists()


def test_the_other_practice_cannot_approve(world):
    with pytest.raises(PermissionDenied):
        decide_as(world, "client_admin_b", submitted_of(world))


def test_asking_for_changes_sends_it_back_for_editing(world):
    change = submitted_of(world)
    with pytest.raises(ValidationError):
        decide_as(world, "client_admin_a", change, meaning="ask_changes")  # no comment
    decide_as(world, "client_admin_a", change, meaning="ask_changes", comment="Not on a Monday")
    change.refresh_from_db()
    assert change.status == ChangeStatus.CHANGES_REQUESTED
    assert change.approved_sha256 == ""
    changes.update(actor=_staff(world), change=change, plan=_plan_of(change, title="Tuesday"))
    changes.submit(actor=_staff(world), change=change)
    decide_as(world, "client_admin_a", change)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert Signature.objects.filter(subject_id=str(change.uuid)).count() == 2


def test_a_rejected_change_is_final(world):
    change = submitted_of(world)
    decide_as(world, "client_admin_a", change, meaning="reject", comment="Not this year")
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    with pytest.raises(Conflict):
        changes.record_step(actor=_staff(world), change=change, step="start")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collab_changerequest SET status = %s WHERE id = %s", ["approved", change.pk]
        )


def test_approving_what_was_edited_since_it_was_read_is_refused(world):
    change = submitted_of(world)
    with pytest.raises(Conflict):
        changes.decide(
            actor=actor_for(world.people["client_admin_a"]),
            change=change,
            meaning="approve",
            password=PASSWORD,
            seen_sha256="0" * 64,
        )


def test_the_execution_record_and_the_check_after(world, django_capture_on_commit_callbacks):
    change = approved_of(world)
    staff = _staff(world)
    changes.record_step(actor=staff, change=change, step="start")
    with pytest.raises(ValidationError):
        changes.record_step(actor=staff, change=change, step="roll_back")  # needs notes
    changes.record_step(actor=staff, change=change, step="complete", notes="Swapped, tested.")
    change.refresh_from_db()
    assert change.status == ChangeStatus.COMPLETED
    assert change.started_at
    assert change.finished_at
    assert "Swapped, tested." in change.execution_notes
    with pytest.raises(ValidationError):
        changes.record_check(
            actor=actor_for(world.people["client_admin_a"]), change=change, result="failed"
        )
    changes.record_check(
        actor=actor_for(world.people["client_admin_a"]), change=change, result="passed"
    )
    change.refresh_from_db()
    assert change.check_result == "passed"
    assert change.checked_by == world.people["client_admin_a"]
    verbs = set(AuditEvent.objects.filter(organization=world.a).values_list("verb", flat=True))
    assert {"change.start", "change.complete", "change.check"} <= verbs
    assert Notification.objects.filter(person=world.people["client_admin_a"], kind="status")


def test_an_approved_change_is_fixed_in_services_pages_api_and_sql(world):
    change = approved_of(world)
    with pytest.raises(Conflict):
        changes.update(actor=_staff(world), change=change, plan=_plan_of(change, title="Other"))
    client = world.client_for("provider_admin")
    assert client.post(f"/changes/{change.uuid}/edit/", {"title": "Other"}).status_code == 409
    patch = client.patch(
        f"/api/v1/changes/{change.uuid}", {"title": "Other"}, content_type="application/json"
    )
    assert patch.status_code == 409
    for sql, params in (
        ("UPDATE collab_changerequest SET title = %s WHERE id = %s", ["Other", change.pk]),
        ("UPDATE collab_changerequest SET starts_at = ends_at WHERE id = %s", [change.pk]),
        ("UPDATE collab_changerequest SET status = %s WHERE id = %s", ["draft", change.pk]),
        ("DELETE FROM collab_changesite WHERE change_id = %s", [change.pk]),
        ("DELETE FROM collab_changerequest WHERE id = %s", [change.pk]),
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    # Its execution moves on.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collab_changerequest SET status = %s, execution_notes = %s WHERE id = %s",
            ["in_progress", "Started", change.pk],
        )
    change.refresh_from_db()
    assert change.title == "Replace the core switch"
    assert change.approved_sha256 == changes.current_hash(change)


def test_who_may_plan_changes(world):
    for persona in ("client_admin_a", "client_member_a"):
        with pytest.raises(PermissionDenied):
            changes.create(
                actor=actor_for(world.people[persona]),
                organization=world.a,
                plan=_plan_of(change_of(world)),
            )


def test_bad_plans_name_their_fields(world):
    with pytest.raises(ValidationError) as err:
        changes.create(
            actor=_staff(world),
            organization=world.a,
            plan=changes.Plan(
                title="", starts_at=NIGHT[1], ends_at=NIGHT[0], sites=[world.site_b], risk="huge"
            ),
        )
    assert set(err.value.message_dict) == {"title", "ends_at", "sites", "risk"}


def test_the_calendar_and_its_feed_show_what_the_owner_sees(world):
    mine = approved_of(world)
    theirs = submitted_of(world, "foreign")
    client = world.client_for("client_admin_a")
    page = client.get("/changes/").content.decode()
    assert mine.reference in page
    assert theirs.reference not in page
    assert CANARY_B not in page
    made = client.post("/changes/feeds/")
    raw = made.context["raw_url"].rsplit("/", 1)[-1]
    feed = client.get(f"/changes/feed/{raw}")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VEVENT" in body
    assert f"UID:{mine.uuid}@tandem" in body
    assert "DTSTART:20300108T020000Z" in body
    assert CANARY_B not in body
    assert client.get("/changes/feed/not-a-token.ics").status_code == 404
    feed_row = world.people["client_admin_a"]
    from tandem.collab.models import ChangeFeed

    client.post(f"/changes/feeds/{ChangeFeed.objects.get(owner=feed_row).uuid}/revoke/")
    assert client.get(f"/changes/feed/{raw}").status_code == 404


def test_a_practice_admin_declares_a_24_7_site_and_its_low_impact_window(world):
    client = world.client_for("client_admin_a")
    url = f"/sites/{world.site_a.uuid}/edit/"
    body = {"name": "Main clinic", "time_zone": "America/Chicago", "always_open": "on"}
    refused = client.post(url, body)
    assert refused.status_code == 422
    assert 'id="id_always_open_error"' in refused.content.decode()
    saved = client.post(url, body | {"low_starts_6": "01:00", "low_ends_6": "05:00"})
    assert saved.status_code == 302
    world.site_a.refresh_from_db()
    assert world.site_a.always_open
    assert [str(w) for w in world.site_a.low_impact.all()] == ["Sunday 01:00-05:00"]
    api = client.get(f"/api/v1/sites/{world.site_a.uuid}").json()
    assert api["always_open"] is True
    assert api["low_impact"] == [{"weekday": 6, "opens": "01:00:00", "closes": "05:00:00"}]
    event = AuditEvent.objects.filter(verb="site.update").latest("position")
    assert "low_impact" in event.changes
