"""On-call rotations through the pages: a lead sets one up (audited), the
rotation hands off on time, a technician covers a shift for themselves but
puts nobody else on call, bad covers are named; a practice's people see
none of it. Calendar feeds: a secret address serves the shifts as iCalendar
to anyone holding it, until revoked or its owner leaves."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from tandem.audit.models import AuditEvent
from tandem.oncall import queries
from tandem.oncall.models import CalendarFeed, Override, Rotation
from tests.oncall.helpers import rotation_of

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def test_a_lead_sets_up_a_rotation_and_it_hands_off_on_time(world):
    pat, tess = world.people["provider_admin"], world.people["technician_a"]
    admin = world.client_for("provider_admin")
    response = admin.post(
        "/oncall/rotations/new/",
        {
            "name": "Desk nights",
            "time_zone": "America/New_York",
            "handoff_time": "09:00",
            "period_days": "7",
            "starts_on": "2026-11-02",
            "member_0": str(pat.uuid),
            "member_1": str(tess.uuid),
        },
    )
    assert response.status_code == 302
    rotation = Rotation.objects.get(name="Desk nights")
    assert [m.person for m in rotation.members.all()] == [pat, tess]
    assert queries.on_call_now(rotation, ny(2026, 11, 9, 8, 59)) == pat
    assert queries.on_call_now(rotation, ny(2026, 11, 9, 9, 0)) == tess
    event = AuditEvent.objects.get(verb="oncall.rotation_create")
    assert event.changes["members"] == [None, ["Pat Admin", "Tess Tech"]]
    with time_machine.travel(ny(2026, 11, 10, 12, 0), tick=False):
        page = world.client_for("technician_a").get("/oncall/").content.decode()
    assert "On call now:</strong> Tess Tech" in page


def test_a_technician_covers_for_themselves_but_not_for_others(world):
    rotation = rotation_of(world)
    pat, tess = world.people["provider_admin"], world.people["technician_a"]
    tech = world.client_for("technician_a")
    url = f"/oncall/rotations/{rotation.uuid}/overrides/"
    with time_machine.travel(ny(2026, 11, 3, 8, 0), tick=False):
        night = {"starts_at": "2026-11-04T18:00", "ends_at": "2026-11-05T08:00"}
        mine = tech.post(url, {**night, "person": str(tess.uuid), "reason": "School night"})
        theirs = tech.post(url, {**night, "person": str(pat.uuid), "reason": "Swap"})
        # Not a lead: the rotation itself stays as it is.
        edit = tech.post(f"/oncall/rotations/{rotation.uuid}/", {"name": "Mine"})
    assert mine.status_code == 302
    assert theirs.status_code == 403
    assert edit.status_code == 403
    cover = Override.objects.get()
    # Typed in the rotation's time zone: 18:00 New York.
    assert cover.starts_at == ny(2026, 11, 4, 18, 0)
    assert queries.on_call_now(rotation, ny(2026, 11, 4, 19, 0)) == tess
    assert queries.on_call_now(rotation, ny(2026, 11, 5, 8, 0)) == pat
    assert AuditEvent.objects.filter(verb="oncall.override_create").count() == 1


def test_bad_covers_are_named_and_change_nothing(world):
    rotation = rotation_of(world)
    tess = world.people["technician_a"]
    tech = world.client_for("technician_a")
    url = f"/oncall/rotations/{rotation.uuid}/overrides/"
    base = {"person": str(tess.uuid), "starts_at": "2026-11-04T18:00",
            "ends_at": "2026-11-05T08:00", "reason": "Cover"}  # fmt: skip
    with time_machine.travel(ny(2026, 11, 3, 8, 0), tick=False):
        for changes, field in [
            ({"ends_at": "2026-11-04T17:00"}, "ends_at"),
            ({"ends_at": "2026-12-31T08:00"}, "ends_at"),
            ({"starts_at": "soon"}, "starts_at"),
            ({"reason": ""}, "reason"),
            ({"person": str(world.people["client_admin_a"].uuid)}, "person"),
        ]:
            response = tech.post(url, {**base, **changes})
            assert response.status_code == 422, changes
            assert f'id="id_{field}_error"' in response.content.decode(), changes
    assert not Override.objects.exists()


def test_a_feed_serves_the_shifts_until_revoked(world):
    rotation = rotation_of(world)
    tech = world.client_for("technician_a")
    with time_machine.travel(ny(2026, 11, 3, 8, 0), tick=False):
        made = tech.post("/oncall/feeds/", {"rotation": ""})
        assert made.status_code == 201
        url = made.context["new_url"]
        path = url.split("testserver", 1)[1]
        calendar = world.client_for("anonymous").get(path)
        assert calendar.status_code == 200
        assert calendar["Content-Type"] == "text/calendar"
        events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
        # Tess's turns, every other week, from two weeks back: Oct 26, Nov 9, Nov 23...
        starts = sorted(e.decoded("dtstart") for e in events)
        assert starts[:3] == [ny(2026, 10, 26, 9), ny(2026, 11, 9, 9), ny(2026, 11, 23, 9)]
        assert all(str(e["summary"]) == "Tess Tech on call: Desk nights" for e in events)
        feed = CalendarFeed.objects.get()
        assert tech.post(f"/oncall/feeds/{feed.uuid}/revoke/").status_code == 302
        assert world.client_for("anonymous").get(path).status_code == 404
    assert world.client_for("anonymous").get("/oncall/feeds/not-a-token.ics").status_code == 404
    assert {e.verb for e in AuditEvent.objects.filter(verb__startswith="oncall.feed")} == {
        "oncall.feed_create",
        "oncall.feed_revoke",
    }
    del rotation


def test_a_feed_closes_when_its_owner_leaves(world):
    rotation_of(world)
    tech = world.client_for("technician_a")
    path = tech.post("/oncall/feeds/", {"rotation": ""}).context["new_url"].split("testserver")[1]
    person = world.people["technician_a"]
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert world.client_for("anonymous").get(path).status_code == 404


def test_the_api_gives_who_is_on_call_and_takes_covers(world):
    rotation = rotation_of(world)
    pat, tess = world.people["provider_admin"], world.people["technician_a"]
    tech = world.client_for("technician_a")
    with time_machine.travel(ny(2026, 11, 3, 8, 0), tick=False):
        [listed] = tech.get("/api/v1/oncall/rotations").json()
        assert listed["on_call_now"]["full_name"] == "Pat Admin"
        assert [m["full_name"] for m in listed["members"]] == ["Pat Admin", "Tess Tech"]
        shifts = tech.get(f"/api/v1/oncall/rotations/{rotation.uuid}/shifts?days=7").json()
        assert [s["person"]["full_name"] for s in shifts] == ["Pat Admin", "Tess Tech"]
        url = f"/api/v1/oncall/rotations/{rotation.uuid}/overrides"
        body = {"starts_at": "2026-11-04T23:00:00Z", "ends_at": "2026-11-05T13:00:00Z",
                "reason": "School night"}  # fmt: skip
        mine = tech.post(url, {**body, "person": str(tess.uuid)}, content_type="application/json")
        theirs = tech.post(url, {**body, "person": str(pat.uuid)}, content_type="application/json")
        backwards = tech.post(
            url,
            {**body, "person": str(tess.uuid), "ends_at": "2026-11-04T22:00:00Z"},
            content_type="application/json",
        )
        assert mine.status_code == 201
        assert theirs.status_code == 403
        assert backwards.status_code == 422
        assert "ends_at" in backwards.json()["fields"]
        assert queries.on_call_now(rotation, ny(2026, 11, 4, 20, 0)) == tess
        gone = tech.delete(f"/api/v1/oncall/overrides/{mine.json()['id']}")
        assert gone.status_code == 204
        assert queries.on_call_now(rotation, ny(2026, 11, 4, 20, 0)) == pat
    refused = world.client_for("client_admin_a").get("/api/v1/oncall/rotations")
    assert refused.status_code == 403
