"""The concerns register: raised by a practice person with how strongly they
feel, acknowledged within a business day, answered, and closed only by the
practice's confirmation (or a set silence); overdue acknowledgements escalate
to the service manager; who sees what, including restricted concerns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.audit.models import AuditEvent
from tandem.collab import concerns, queries
from tandem.collab.models import ConcernStatus
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import SYSTEM
from tandem.notify.models import Notification, OutboxMessage
from tests.collab.helpers import concern_of


def _sees(world, persona: str, concern) -> bool:
    return queries.concerns_for(actor_for(world.people[persona])).filter(pk=concern.pk).exists()


def test_raised_acknowledged_answered_and_confirmed(world, django_capture_on_commit_callbacks):
    concern = concern_of(world)
    assert concern.status == ConcernStatus.RAISED
    assert Notification.objects.filter(kind="concern", person=world.people["provider_admin"])
    pat = actor_for(world.people["provider_admin"])
    concerns.acknowledge(actor=pat, concern=concern, note="Sorry: we are on it.")
    concerns.respond(actor=pat, concern=concern, text="Tess calls you by 10 tomorrow.")
    mel = actor_for(world.people["client_member_a"])
    with pytest.raises(ValidationError):
        concerns.confirm(actor=mel, concern=concern, addressed=False)  # say what is missing
    concerns.confirm(actor=mel, concern=concern, addressed=True)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    kinds = list(concern.entries.values_list("kind", flat=True))
    assert kinds == ["raised", "acknowledged", "response", "confirmed"]
    verbs = set(AuditEvent.objects.filter(organization=world.a).values_list("verb", flat=True))
    assert {"concern.raise", "concern.acknowledge", "concern.respond", "concern.confirm"} <= verbs
    # Mail names nobody and quotes nothing.
    for mail in OutboxMessage.objects.filter(subject__contains=concern.reference):
        assert "printer" not in mail.subject + mail.body_text


def test_not_addressed_goes_back_to_the_provider(world):
    concern = concern_of(world)
    pat = actor_for(world.people["provider_admin"])
    concerns.respond(actor=pat, concern=concern, text="Fixed the callback list.")
    concerns.confirm(
        actor=actor_for(world.people["client_member_a"]),
        concern=concern,
        addressed=False,
        comment="Still nobody called.",
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACKNOWLEDGED
    concerns.respond(actor=pat, concern=concern, text="I call you myself today.")
    assert concern.entries.filter(kind="not_yet").exists()


def test_only_the_practice_closes_it(world):
    concern = concern_of(world)
    pat = actor_for(world.people["provider_admin"])
    concerns.respond(actor=pat, concern=concern, text="Done.")
    with pytest.raises(PermissionDenied):
        concerns.confirm(actor=pat, concern=concern, addressed=True)
    with pytest.raises(PermissionDenied):
        concerns.confirm(
            actor=actor_for(world.people["auditor_a"]), concern=concern, addressed=True
        )


@pytest.mark.parametrize("persona", ["technician_a", "auditor_a", "client_admin_b"])
def test_who_does_not_see_a_concern(world, persona):
    assert not _sees(world, persona, concern_of(world))


@pytest.mark.parametrize("persona", ["provider_admin", "client_admin_a", "client_member_a"])
def test_who_sees_a_concern(world, persona):
    assert _sees(world, persona, concern_of(world))


def test_a_restricted_concern_is_hidden_from_the_person_it_is_about(world):
    """Restricted, about Pat (a provider admin, who would see it otherwise):
    hidden from Pat and from the practice's admin; Mel (the raiser) and the
    provider's other managers see it."""
    manager = accounts.create_person(
        actor=SYSTEM,
        organization=world.provider,
        email="sam@example.org",
        full_name="Sam Manager",
        role=Role.SERVICE_MANAGER,
        password="x-long-password-1",
    )
    open_one = concern_of(world, about="person", about_person=world.people["provider_admin"])
    assert _sees(world, "provider_admin", open_one)  # not restricted: Pat reads it
    hidden = concern_of(
        world, about="person", about_person=world.people["provider_admin"], restricted=True
    )
    assert not _sees(world, "provider_admin", hidden)
    assert not _sees(world, "client_admin_a", hidden)
    assert _sees(world, "client_member_a", hidden)
    assert queries.concerns_for(actor_for(manager)).filter(pk=hidden.pk).exists()
    page = world.client_for("provider_admin").get(f"/concerns/{hidden.uuid}/")
    assert page.status_code == 404
    told = Notification.objects.filter(kind="concern", title__contains=hidden.reference)
    assert set(told.values_list("person__email", flat=True)) == {"sam@example.org"}


def test_a_member_raises_only_for_their_practice_and_an_auditor_not_at_all(world):
    with pytest.raises(PermissionDenied):
        concern_of(world, persona="auditor_a")
    with pytest.raises(PermissionDenied):
        concerns.raise_concern(
            actor=actor_for(world.people["provider_admin"]),
            organization=world.a,
            raised=concerns.Raised(title="x", about="cost", strength=1),
        )


def test_bad_concerns_name_their_fields(world):
    with pytest.raises(ValidationError) as err:
        concerns.raise_concern(
            actor=actor_for(world.people["client_member_a"]),
            organization=world.a,
            raised=concerns.Raised(
                title="", about="weather", strength=9, about_person=world.people["client_admin_b"]
            ),
        )
    assert set(err.value.message_dict) == {"title", "about", "strength", "about_person"}


def test_acknowledgement_is_due_one_business_day_later_in_the_practice_zone(world):
    friday_5pm_chicago = datetime(2030, 1, 4, 23, tzinfo=UTC)
    due = concerns.ack_due(friday_5pm_chicago, world.a)
    assert due.astimezone(UTC) == datetime(2030, 1, 7, 23, tzinfo=UTC)  # Monday 5 pm


def test_an_overdue_acknowledgement_escalates_once(world, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2030, 1, 4, 23, tzinfo=UTC), tick=False):
        concern = concern_of(world)
    with time_machine.travel(datetime(2030, 1, 7, 22, tzinfo=UTC), tick=False):
        assert concerns.escalate_overdue() == 0  # not due yet
    with time_machine.travel(datetime(2030, 1, 8, 0, tzinfo=UTC), tick=False):
        assert concerns.escalate_overdue() == 1
        assert concerns.escalate_overdue() == 0
    concern.refresh_from_db()
    assert concern.escalated_at is not None
    # No service manager in this world: the provider admin is told.
    assert (
        Notification.objects.filter(
            person=world.people["provider_admin"], title__contains="not acknowledged in time"
        ).count()
        == 1
    )
    assert concern.entries.filter(kind="escalated").exists()


def test_silence_after_an_answer_closes_it_noted(world, settings):
    settings.CONCERN_SILENCE_DAYS = 14
    concern = concern_of(world)
    concerns.respond(actor=actor_for(world.people["provider_admin"]), concern=concern, text="Done")
    assert concerns.close_silent(datetime.now(UTC) + timedelta(days=13)) == 0
    assert concerns.close_silent(datetime.now(UTC) + timedelta(days=15)) == 1
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED_SILENT
    assert "No answer from the practice in 14 days" in concern.entries.last().text


def test_steps_out_of_order_are_refused(world):
    concern = concern_of(world)
    with pytest.raises(Conflict):
        concerns.confirm(
            actor=actor_for(world.people["client_member_a"]), concern=concern, addressed=True
        )
    with pytest.raises(PermissionDenied):
        concerns.acknowledge(actor=actor_for(world.people["technician_a"]), concern=concern)


def test_the_api_raises_and_answers(world):
    mel = world.client_for("client_member_a")
    made = mel.post(
        "/api/v1/concerns",
        {"title": "The new PCs are slow", "about": "change", "strength": 3},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    uuid = made.json()["id"]
    pat = world.client_for("provider_admin")
    answered = pat.post(
        f"/api/v1/concerns/{uuid}/response", {"text": "We add memory on Friday."},
        content_type="application/json",
    )  # fmt: skip
    assert answered.json()["status"] == "answered"
    closed = mel.post(
        f"/api/v1/concerns/{uuid}/confirmation", {"addressed": True},
        content_type="application/json",
    )  # fmt: skip
    assert closed.json()["status"] == "closed"
    assert [e["kind"] for e in closed.json()["entries"]] == ["raised", "response", "confirmed"]
    assert world.client_for("technician_a").get(f"/api/v1/concerns/{uuid}").status_code == 404
