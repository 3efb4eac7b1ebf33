"""Service-level terms a provider lead sets: a contract, a calendar's day or
a policy changed moves the deadlines of the open requests they govern (and
only those), each move kept in the clock's history, each change audited;
bad input is named and changes nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.desk import services as desk
from tandem.sla.choices import ClockKind
from tandem.sla.clocks import default_calendar, default_policy
from tandem.sla.models import ClockEvent, Contract, SlaClock
from tests.sla.helpers import terms_of

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def raise_(world, at: datetime, org=None, impact: str = "practice_down"):
    org = org or world.a
    person = world.people["client_member_a" if org == world.a else "client_admin_b"]
    with time_machine.travel(at, tick=False):
        return desk.open_request(
            actor=actor_for(person),
            organization=org,
            subject="Scheduling is down",
            body="Nobody can book.",
            category="ehr",
            impact=impact,
        )


def first_response(item) -> SlaClock:
    return SlaClock.objects.get(request=item, kind=ClockKind.FIRST_RESPONSE)


def test_a_new_contract_moves_the_practices_open_deadlines_and_keeps_the_history(
    world, django_capture_on_commit_callbacks
):
    item = raise_(world, ny(2026, 11, 23, 9, 0))  # a P2 on Monday: answer due 10:00
    assert first_response(item).deadline == ny(2026, 11, 23, 10, 0)
    other = raise_(world, ny(2026, 11, 23, 9, 0), org=world.b)
    calendar, policy, contracts = terms_of(world)
    Contract.objects.filter(pk=contracts["own"].pk).delete()  # A's contract is made below
    admin = world.client_for("provider_admin")
    with (
        time_machine.travel(ny(2026, 11, 23, 9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin.post(
            "/settings/service-levels/contracts/new/",
            {
                "organization": world.a.slug,
                "name": "Premium care",
                "policy": str(policy.uuid),
                "calendar": str(calendar.uuid),
                "starts_on": "2026-11-01",
            },
        )
    assert response.status_code == 302
    # Premium answers a P2 in 30 covered minutes over Chicago's 09:00-17:00: the clock
    # started before Chicago opened (08:00 there), so it is due at 09:30 Chicago.
    clock = first_response(item)
    assert clock.deadline == ny(2026, 11, 23, 10, 30)
    assert (clock.target_minutes, clock.calendar_id) == (30, calendar.pk)
    event = ClockEvent.objects.filter(clock=clock).latest("id")
    assert (event.what, event.reason) == ("recompute", "Contract Premium care changed")
    item.refresh_from_db()
    assert item.sla_due == ny(2026, 11, 23, 10, 30)
    # Practice B's request already ran under B's contract and is not touched.
    assert not ClockEvent.objects.filter(clock__request=other, what="recompute").exists()
    audit = AuditEvent.objects.get(verb="sla.contract_create")
    assert audit.organization_id == world.a.pk


def test_a_closure_moves_deadlines_and_removing_it_moves_them_back(
    world, django_capture_on_commit_callbacks
):
    # A P3 raised Wednesday Dec 23 at 16:00: 4 business hours, 2 that day, 2 on Thursday.
    item = raise_(world, ny(2026, 12, 23, 16, 0), impact="person_blocked")
    assert first_response(item).deadline == ny(2026, 12, 24, 10, 0)
    calendar = default_calendar()
    url = f"/api/v1/sla/calendars/{calendar.uuid}/days/2026-12-24"
    with time_machine.travel(ny(2026, 12, 23, 16, 30), tick=False):
        admin = world.client_for("provider_admin")  # signed in then, not idle for weeks
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.put(
                url, {"hours": [], "reason": "Office closed"}, content_type="application/json"
            )
        assert response.status_code == 200
        # Christmas is a federal holiday, then a weekend: Monday 10:00.
        assert first_response(item).deadline == ny(2026, 12, 28, 10, 0)
        with django_capture_on_commit_callbacks(execute=True):
            assert admin.delete(url).status_code == 204
        assert first_response(item).deadline == ny(2026, 12, 24, 10, 0)
    moves = ClockEvent.objects.filter(clock=first_response(item), what="recompute")
    assert moves.count() == 2
    assert AuditEvent.objects.filter(verb__startswith="sla.calendar_day").count() == 2


def test_the_default_policy_governs_practices_without_a_contract_only(
    world, django_capture_on_commit_callbacks
):
    terms_of(world)
    Contract.objects.filter(organization=world.a).delete()  # A has none; B keeps its own
    mine = raise_(world, ny(2026, 11, 23, 9, 0))
    theirs = raise_(world, ny(2026, 11, 23, 9, 0), org=world.b)
    before_theirs = first_response(theirs).deadline
    policy = default_policy()
    admin = world.client_for("provider_admin")
    targets = {**policy.targets, "2": {**policy.targets["2"], "first_response": 120}}
    with (
        time_machine.travel(ny(2026, 11, 23, 9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin.patch(
            f"/api/v1/sla/policies/{policy.uuid}",
            {"targets": targets},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert first_response(mine).deadline == ny(2026, 11, 23, 11, 0)
    assert first_response(theirs).deadline == before_theirs
    assert AuditEvent.objects.filter(verb="sla.policy_update").count() == 1


def test_the_api_names_bad_terms_and_changes_nothing(world):
    calendar, policy, _contracts = terms_of(world)
    admin = world.client_for("provider_admin")
    audit_before = AuditEvent.objects.count()

    def post(url, body):
        return admin.post(f"/api/v1/sla/{url}", body, content_type="application/json")

    cases = [
        (post("calendars", {"name": "X", "hours": {"0": [[600, 500]]}}), "hours"),
        (post("calendars", {"name": "X", "hours": {"9": [[60, 120]]}}), "hours"),
        (post("calendars", {"name": "X", "time_zone": "Mars/Olympus"}), "time_zone"),
        (post("calendars", {"name": calendar.name}), "name"),
        (post("policies", {"name": "X", "targets": {"1": {}}}), "targets"),
        (
            post("policies", {"name": "X", "targets": policy.targets, "warn_at_percent": 0}),
            "warn_at_percent",
        ),
        (
            post(
                "contracts",
                {
                    "practice": world.a.slug,
                    "name": "X",
                    "policy": str(policy.uuid),
                    "calendar": str(calendar.uuid),
                    "starts_on": "2026-06-01",
                },
            ),
            "starts_on",
        ),
    ]
    for response, field in cases:
        assert response.status_code == 422, response.content
        assert field in str(response.json()), response.json()
    patch = admin.patch(
        f"/api/v1/sla/calendars/{default_calendar().uuid}",
        {"is_default": False},
        content_type="application/json",
    )
    assert patch.status_code == 422
    assert "is_default" in str(patch.json())
    missing = admin.delete(f"/api/v1/sla/calendars/{calendar.uuid}/days/2026-01-05")
    assert missing.status_code == 404
    assert AuditEvent.objects.count() == audit_before


def test_a_practice_reads_its_own_contract_with_its_targets(world):
    terms_of(world)
    mine = world.client_for("client_member_a").get("/api/v1/sla/contracts").json()
    assert [c["practice"] for c in mine] == [world.a.slug]
    assert mine[0]["policy"]["targets"]["2"]["first_response"] == 30
    assert mine[0]["calendar"]["days"] == [{"date": "2026-12-24", "hours": [], "reason": "Eve"}]
    refused = world.client_for("client_member_a").get("/api/v1/sla/calendars")
    assert refused.status_code == 403


def test_the_calendar_page_adds_and_removes_a_day(world):
    calendar, _policy, _contracts = terms_of(world)
    admin = world.client_for("provider_admin")
    page = f"/settings/service-levels/calendars/{calendar.uuid}/"
    bad = admin.post(f"{page}days/", {"date": "2026-12-31", "opens": "13:00", "reason": "Half"})
    assert bad.status_code == 422
    assert 'id="id_closes_error"' in bad.content.decode()
    done = admin.post(
        f"{page}days/",
        {"date": "2026-12-31", "opens": "08:00", "closes": "12:00", "reason": "Half day"},
    )
    assert done.status_code == 302
    shown = admin.get(page).content.decode()
    assert "open 08:00-12:00 · Half day" in shown
    assert admin.post(f"{page}days/2026-12-31/remove/").status_code == 302
    assert "Half day" not in admin.get(page).content.decode()
    assert admin.post(f"{page}days/not-a-date/remove/").status_code == 404
