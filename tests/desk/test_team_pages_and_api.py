"""Teams through the pages and the API: routing set on the team form, sending
a request to a team, the away field in the person's own time zone, and a
practice that never learns which team has its request."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.accounts import teams
from tandem.accounts.models import Person, Team
from tandem.core.tenancy import SYSTEM
from tandem.desk.models import ServiceRequest, TeamRoute
from tests.desk.test_api import NEW, patch, post


def test_the_team_form_saves_members_mode_and_routes(world):
    admin = world.client_for("provider_admin")
    tech = world.people["technician_a"]
    response = admin.post(
        "/desk/teams/new/",
        {
            "name": "Clinical systems",
            "lead": str(tech.uuid),
            "assignment": "least_load",
            "categories": ["ehr", "network"],
        },
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Clinical systems")
    assert [m.person for m in team.memberships.all()] == [tech]  # the lead is a member
    assert set(TeamRoute.objects.filter(team=team).values_list("category", flat=True)) == {
        "ehr",
        "network",
    }
    # A practice member's new EHR request goes to the team, and to Tess (she sees A).
    created = post(world.client_for("client_member_a"), "/api/v1/requests", NEW)
    item = ServiceRequest.objects.get(number=created.json()["reference"][2:])
    assert (item.team, item.assignee) == (team, tech)
    # Taking "network" for the world's team moves that route.
    admin.post(
        f"/desk/teams/{world.team.uuid}/",
        {"name": "Front line", "assignment": "manual", "categories": ["network"]},
    )
    assert TeamRoute.objects.get(category="network").team == world.team


def test_bad_team_form_input_gets_field_errors(world):
    admin = world.client_for("provider_admin")
    response = admin.post(
        "/desk/teams/new/",
        {"name": "Front line", "assignment": "by_magic", "members": ["not-a-person"]},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"assignment", "members"} <= errors.keys()
    response = admin.post("/desk/teams/new/", {"name": "front LINE", "assignment": "manual"})
    assert response.status_code == 422
    assert "Another team has this name." in response.context["form"].errors["name"]


def test_send_to_team_from_the_request_page(world):
    tech = world.client_for("technician_a")
    item = world.request_a
    item.refresh_from_db()
    response = tech.post(
        f"/requests/{item.reference}/team/", {"team": str(world.team.uuid), "version": item.version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.team == world.team
    # The team's round-robin: Pat (the lead, first in turn, never given one).
    assert item.assignee == world.people["provider_admin"]
    stale = tech.post(f"/requests/{item.reference}/team/", {"team": "", "version": 1})
    assert stale.status_code == 409
    page = tech.get(f"/requests/{item.reference}/")
    assert b"Front line" in page.content
    # The practice sees who was assigned, never the team.
    practice = world.client_for("client_member_a").get(f"/requests/{item.reference}/")
    assert b"Front line" not in practice.content
    assert b"Pat Admin was assigned." in practice.content
    body = world.client_for("client_member_a").get(f"/api/v1/requests/{item.reference}").json()
    assert body["team"] is None
    staff_body = world.client_for("provider_admin").get(f"/api/v1/requests/{item.reference}")
    assert staff_body.json()["team"] == str(world.team.uuid)


def test_the_queue_filters_by_team_and_my_teams(world):
    teams.save_team(
        actor=SYSTEM,
        team=world.team,
        name="Front line",
        lead=None,
        assignment="manual",
        members=[world.people["technician_a"]],
        provider=world.provider,
    )
    tech = world.client_for("technician_a")
    item = world.request_a
    item.refresh_from_db()
    patch(
        world.client_for("provider_admin"),
        f"/api/v1/requests/{item.reference}",
        {"version": item.version, "team": str(world.team.uuid)},
    )
    mine = tech.get("/requests/?queue=my_teams")
    assert item.reference.encode() in mine.content
    other = world.client_for("provider_admin").get("/requests/?queue=my_teams")
    assert item.reference.encode() not in other.content  # Pat is in no team
    filtered = tech.get(f"/requests/?queue=active&team={world.team.uuid}")
    assert item.reference.encode() in filtered.content
    assert world.request_b.reference.encode() not in filtered.content
    api = tech.get("/api/v1/requests?queue=my_teams").json()
    assert [r["reference"] for r in api["items"]] == [item.reference]


def test_away_is_typed_in_ones_own_time_zone(world):
    tech = world.people["technician_a"]
    client = world.client_for("technician_a")
    response = client.post(
        "/settings/notices/",
        {"time_zone": "America/Chicago", "away_until": "2099-01-05T08:00"},
    )
    # More than a year ahead is refused with the field's message.
    assert response.status_code == 422
    assert "away_until" in response.context["form"].errors
    soon = datetime.now(ZoneInfo("America/Chicago")).replace(microsecond=0, second=0)
    soon = soon.replace(year=soon.year + (1 if soon.month == 12 else 0))
    soon = soon.replace(month=soon.month % 12 + 1, day=min(soon.day, 28))
    response = client.post(
        "/settings/notices/",
        {"time_zone": "America/Chicago", "away_until": soon.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    tech = Person.objects.get(pk=tech.pk)
    assert tech.away_until == soon
    assert tech.is_away()
    back = client.post("/settings/notices/", {"time_zone": "America/Chicago", "away_until": ""})
    assert back.status_code == 302
    assert not Person.objects.get(pk=tech.pk).is_away()
    # A practice's person has no such field.
    page = world.client_for("client_member_a").get("/settings/notices/")
    assert b"away_until" not in page.content


def test_teams_api_creates_routes_and_refuses_practices(world):
    admin = world.client_for("provider_admin")
    tech = world.people["technician_a"]
    made = post(
        admin,
        "/api/v1/teams",
        {
            "name": "Phones",
            "assignment": "round_robin",
            "members": [str(tech.uuid)],
            "categories": ["phones"],
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["categories"] == ["phones"]
    assert body["members"][0]["name"] == "Tess Tech"
    changed = patch(admin, f"/api/v1/teams/{body['id']}", {"assignment": "least_load"})
    assert changed.status_code == 200
    assert changed.json()["assignment"] == "least_load"
    assert changed.json()["categories"] == ["phones"]  # untouched when not sent
    bad = post(admin, "/api/v1/teams", {"name": "X", "members": [str(world.contact_a.uuid)]})
    assert bad.status_code == 422
    assert "members" in bad.json()["fields"]
    practice = world.client_for("client_admin_a")
    assert practice.get("/api/v1/teams").status_code == 403
    assert practice.get(f"/api/v1/teams/{body['id']}").status_code == 403
    away = world.client_for("technician_a").put(
        "/api/v1/me/away",
        json.dumps({"until": "2026-01-01T08:00:00"}),
        content_type="application/json",
    )
    assert away.status_code == 422  # no time zone (and in the past)
