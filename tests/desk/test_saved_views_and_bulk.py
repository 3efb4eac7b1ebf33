"""Saved views (personal or shared with a team, never wider than the tenancy
rule) and bulk actions (each request on its own: stale or impossible changes
skipped and named, every change audited, a retry changing nothing twice)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM
from tandem.desk import bulk, saved_views, services
from tandem.desk.choices import MessageKind, Status
from tandem.desk.models import RequestMessage, SavedView, ServiceRequest
from tests.conftest import STAFF_ONLY_A
from tests.desk.test_api import patch, post


def _save(world, persona="provider_admin", name="Patient care at Riverside", team=None, **f):
    actor = actor_for(world.people[persona])
    filters = saved_views.clean_filters(
        actor, f or {"queue": "patient_care", "client": "riverside"}
    )
    return saved_views.save_view(actor=actor, view=None, name=name, team=team, filters=filters)


def _outsider(world):
    """Provider staff who is in no team."""
    return accounts.create_person(
        actor=SYSTEM,
        organization=world.provider,
        email="olly@provider.example",
        full_name="Olly Outsider",
        role=Role.TECHNICIAN,
    )


def _open(world, subject="Printer offline", org=None):
    return services.open_request(
        actor=SYSTEM,
        organization=org or world.a,
        subject=subject,
        body="It does not print.",
        category="devices",
        impact="person_blocked",
    )


# Saved views -------------------------------------------------------------------------


def test_a_view_keeps_only_filters_that_exist_and_the_saver_may_see(world):
    admin = actor_for(world.people["provider_admin"])
    tech = actor_for(world.people["technician_a"])  # restricted to practice A
    with pytest.raises(ValidationError) as bad:
        saved_views.clean_filters(
            admin, {"queue": "nope", "client": "nowhere", "priority": "7", "sort": "x"}
        )
    assert set(bad.value.message_dict) == {"queue", "client", "priority", "sort"}
    with pytest.raises(ValidationError) as hidden:
        saved_views.clean_filters(tech, {"client": "lakeside"})
    assert set(hidden.value.message_dict) == {"client"}
    with pytest.raises(ValidationError) as unknown:
        saved_views.clean_filters(admin, {"colour": "red"})
    assert "filters" in unknown.value.message_dict
    view = _save(world, category="devices", priority="3", sort="oldest")
    assert view.filters == {
        "queue": "active",
        "category": "devices",
        "priority": 3,
        "sort": "oldest",
    }
    assert AuditEvent.objects.filter(verb="view.create", target_label=view.name).count() == 1


def test_a_name_is_unique_per_owner_and_required(world):
    _save(world)
    with pytest.raises(ValidationError) as same:
        _save(world, name="patient care at riverside")
    assert "name" in same.value.message_dict
    with pytest.raises(ValidationError) as blank:
        _save(world, name="   ")
    assert "name" in blank.value.message_dict
    # Someone else may use the same name.
    _save(world, persona="technician_a")


def test_a_shared_view_shows_to_the_team_only_and_only_its_owner_or_a_lead_changes_it(world):
    view = _save(world, team=world.team)
    outsider = _outsider(world)
    tech = actor_for(world.people["technician_a"])
    assert list(saved_views.views_for(tech)) == [world.view, view]
    assert list(saved_views.views_for(actor_for(outsider))) == []
    assert list(saved_views.views_for(actor_for(world.people["client_admin_a"]))) == []
    with pytest.raises(PermissionDenied):
        saved_views.view_for(actor_for(world.people["client_admin_a"]), view.uuid)
    assert not saved_views.can_change(tech, view)
    with pytest.raises(PermissionDenied):
        saved_views.delete_view(actor=tech, view=view)
    # Personal again: the team no longer sees it.
    saved_views.save_view(
        actor=actor_for(world.people["provider_admin"]),
        view=view,
        name=view.name,
        team=None,
        filters=saved_views.filters_of(tech, view),
    )
    assert list(saved_views.views_for(tech)) == [world.view]
    updated = AuditEvent.objects.get(verb="view.update", target_id=str(view.uuid))
    assert updated.changes["team"] == ["Front line", None]


def test_a_shared_view_never_shows_a_member_a_practice_they_may_not_see(world):
    # The admin's view of practice B, shared with a team whose member sees only A.
    view = _save(world, team=world.team, queue="all", client="lakeside")
    tech = actor_for(world.people["technician_a"])
    seen = saved_views.filters_of(tech, view).requests(tech)
    assert world.request_b not in seen
    assert {r.organization_id for r in seen} <= {world.a.pk}
    admin = actor_for(world.people["provider_admin"])
    assert list(saved_views.filters_of(admin, view).requests(admin)) == [world.request_b]


def test_the_queue_page_filters_offers_views_and_saves_one(world):
    _open(world, subject="Label printer jams")
    client = world.client_for("provider_admin")
    page = client.get("/requests/?queue=all&category=devices&priority=3")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Label printer jams" in text
    assert "Front desk PCs" not in text
    saved = client.post(
        "/desk/views/new/",
        {"name": "Printers", "queue": "all", "category": "devices", "priority": "3"},
    )
    assert saved.status_code == 302
    assert saved["Location"] == "/requests/?queue=all&category=devices&priority=3"
    assert SavedView.objects.filter(name="Printers").count() == 1
    again = client.get(saved["Location"]).content.decode()
    chip = 'href="?queue=all&amp;category=devices&amp;priority=3" aria-current="page">Printers<'
    assert chip in again
    # Bad input: a field-level 422 that saves nothing.
    refused = client.post("/desk/views/new/", {"name": "", "client": "nowhere"})
    assert refused.status_code == 422
    assert not SavedView.objects.filter(name="").exists()
    assert SavedView.objects.filter(owner=world.people["provider_admin"]).count() == 2
    # Junk in the address is dropped, never sent to the database (PostgreSQL refuses NUL).
    junk = client.get(
        "/requests/", {"client": "a\x00b", "team": "\x00", "priority": "x", "sort": "z"}
    )
    assert junk.status_code == 200
    # Practice people: no queue tools at all.
    assert world.client_for("client_admin_a").get("/desk/views/").status_code == 403


def test_a_view_is_edited_and_removed_from_its_page(world):
    view = _save(world)
    client = world.client_for("provider_admin")
    form = client.get(f"/desk/views/{view.uuid}/")
    assert form.status_code == 200
    changed = client.post(
        f"/desk/views/{view.uuid}/",
        {"name": "All of Riverside", "queue": "all", "client": "riverside", "sort": "newest",
         "share_with": str(world.team.uuid)},
    )  # fmt: skip
    assert changed.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.filters, view.team_id) == (
        "All of Riverside",
        {"queue": "all", "client": "riverside", "sort": "newest"},
        world.team.pk,
    )
    assert (
        world.client_for("technician_a").post(f"/desk/views/{view.uuid}/remove/").status_code == 403
    )
    assert client.post(f"/desk/views/{view.uuid}/remove/").status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()
    assert AuditEvent.objects.filter(verb="view.delete", target_id=str(view.uuid)).exists()


# Bulk actions ------------------------------------------------------------------------


def _pick(item: ServiceRequest) -> bulk.Pick:
    item.refresh_from_db()
    return bulk.Pick(item.reference, item.version)


def test_bulk_assign_changes_each_and_skips_a_stale_one(world):
    admin = actor_for(world.people["provider_admin"])
    first, second, third = (_open(world, subject=f"Printer {n}") for n in range(3))
    picks = [_pick(first), _pick(second), _pick(third)]
    services.add_message(actor=admin, request=third, body="Changed meanwhile", kind="internal")
    before = AuditEvent.objects.filter(verb="request.assign").count()
    outcome = bulk.apply(
        actor=admin, action="assign", picks=picks, assignee=world.people["technician_a"]
    )
    assert outcome.done == [first.reference, second.reference]
    assert [ref for ref, _ in outcome.skipped] == [third.reference]
    assert "changed since" in outcome.skipped[0][1]
    for item, expected in ((first, True), (second, True), (third, False)):
        item.refresh_from_db()
        assert (item.assignee_id == world.people["technician_a"].pk) is expected
    assert AuditEvent.objects.filter(verb="request.assign").count() == before + 2


def test_bulk_status_skips_a_move_the_status_does_not_allow(world):
    admin = actor_for(world.people["provider_admin"])
    open_one, closed = _open(world, subject="Open"), _open(world, subject="Done")
    services.change_status(actor=admin, request=closed, status=Status.RESOLVED)
    services.change_status(actor=admin, request=closed, status=Status.CLOSED)
    outcome = bulk.apply(
        actor=admin,
        action="status",
        picks=[_pick(open_one), _pick(closed)],
        status="waiting_third_party",
    )
    assert outcome.done == [open_one.reference]
    assert outcome.skipped[0][0] == closed.reference
    assert "cannot become" in outcome.skipped[0][1]
    # Someone who cannot assign to practice B's request: skipped, not failed.
    b_item = _open(world, org=world.b, subject="B's")
    mixed = bulk.apply(
        actor=admin, action="assign", picks=[_pick(b_item)], assignee=world.people["technician_a"]
    )
    assert mixed.done == []
    assert "provider who sees this practice" in mixed.skipped[0][1]


def test_a_bulk_note_is_internal_and_a_retry_adds_it_once(world):
    admin = actor_for(world.people["provider_admin"])
    picks = [_pick(world.request_a), _pick(world.request_b)]
    note = f"Vendor outage, see INC-7. {STAFF_ONLY_A}"
    first = bulk.apply(actor=admin, action="note", picks=picks, note=note)
    again = bulk.apply(actor=admin, action="note", picks=picks, note=note)
    assert len(first.done) == 2
    assert again.done == []
    assert len(again.skipped) == 2
    notes = RequestMessage.objects.filter(body=note)
    assert notes.count() == 2
    assert {m.kind for m in notes} == {MessageKind.INTERNAL}
    # The practice never sees it.
    page = world.client_for("client_member_a").get(f"/requests/{world.request_a.reference}/")
    assert "INC-7" not in page.content.decode()


def test_bulk_refuses_a_practice_person_and_bad_input(world):
    with pytest.raises(PermissionDenied):
        bulk.apply(
            actor=actor_for(world.people["client_admin_a"]),
            action="note",
            picks=[_pick(world.request_a)],
            note="x",
        )
    admin = actor_for(world.people["provider_admin"])
    with pytest.raises(ValidationError) as bad:
        bulk.apply(actor=admin, action="status", picks=[], status="sideways")
    assert set(bad.value.message_dict) == {"pick", "status"}
    # Another practice's request the actor cannot see is skipped as not found.
    tech = actor_for(world.people["technician_a"])
    hidden = bulk.apply(actor=tech, action="note", picks=[_pick(world.request_b)], note="x")
    assert hidden.skipped == [(world.request_b.reference, "not found")]


def test_the_bulk_form_on_the_queue(world):
    items = [_open(world, subject=f"Printer {n}") for n in range(2)]
    client = world.client_for("provider_admin")
    picks = [f"{p.reference}@{p.version}" for p in map(_pick, items)]
    done = client.post(
        "/requests/bulk/",
        {"action": "status", "status": "waiting_third_party", "pick": picks, "queue": "all"},
    )
    assert done.status_code == 302
    assert done["Location"] == "/requests/?queue=all"
    assert {i.status for i in ServiceRequest.objects.filter(pk__in=[i.pk for i in items])} == {
        Status.WAITING_THIRD_PARTY
    }
    page = client.get(done["Location"]).content.decode()
    assert "Changed 2 requests." in page
    # Nothing ticked, or no action: 422 with the reason beside the field, nothing changed.
    refused = client.post("/requests/bulk/", {"action": "", "pick": picks})
    assert refused.status_code == 422
    assert "This field is required." in refused.content.decode()
    empty = client.post("/requests/bulk/", {"action": "note", "note": "hi"})
    assert empty.status_code == 422
    assert "Tick at least one request." in empty.content.decode()
    assert world.client_for("client_admin_a").post("/requests/bulk/", {}).status_code == 403


# API ---------------------------------------------------------------------------------


def test_the_views_api(world):
    client = world.client_for("provider_admin")
    made = post(
        client,
        "/api/v1/views",
        {"name": "P1s", "shared_with": str(world.team.uuid), "filters": {"priority": 1}},
    )
    assert made.status_code == 201, made.content
    uuid = made.json()["id"]
    assert made.json()["filters"] == {
        "queue": "active", "client": None, "team": None, "category": None, "priority": 1,
        "phi": False, "sort": "priority", "q": None,
    }  # fmt: skip
    bad = post(client, "/api/v1/views", {"name": "x", "filters": {"client": "lakeside-nope"}})
    assert bad.status_code == 422
    assert "client" in bad.json()["fields"]
    listed = world.client_for("technician_a").get(f"/api/v1/requests?view={uuid}")
    assert listed.status_code == 200
    assert [r["reference"] for r in listed.json()["items"]] == [world.request_a.reference]
    assert world.client_for("technician_a").get(f"/api/v1/views/{uuid}").status_code == 200
    assert (
        patch(world.client_for("technician_a"), f"/api/v1/views/{uuid}", {"name": "y"}).status_code
        == 403
    )
    renamed = patch(client, f"/api/v1/views/{uuid}", {"name": "Urgent", "shared_with": None})
    assert (renamed.status_code, renamed.json()["shared_with"]) == (200, None)
    assert world.client_for("technician_a").get(f"/api/v1/views/{uuid}").status_code == 404
    assert world.client_for("client_admin_a").get("/api/v1/views").status_code == 403
    assert client.delete(f"/api/v1/views/{uuid}").status_code == 204


def test_the_bulk_api(world):
    client = world.client_for("provider_admin")
    item = _pick(world.request_a)
    body = {
        "action": "assign",
        "assignee": str(world.people["technician_a"].uuid),
        "requests": [
            {"reference": item.reference, "version": item.version},
            {"reference": "T-999999", "version": 1},
        ],
    }
    answer = post(client, "/api/v1/requests/bulk", body)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "changed": [item.reference],
        "skipped": [{"reference": "T-999999", "reason": "not found"}],
    }
    retried = post(client, "/api/v1/requests/bulk", body)
    assert retried.json()["changed"] == []
    assert (
        post(client, "/api/v1/requests/bulk", {"action": "note", "requests": []}).status_code == 422
    )
    no_version = post(
        client,
        "/api/v1/requests/bulk",
        {"action": "note", "note": "x", "requests": [{"reference": item.reference}]},
    )
    assert no_version.status_code == 422
    assert (
        post(world.client_for("client_admin_a"), "/api/v1/requests/bulk", body).status_code == 403
    )
