"""Merging a duplicate (same practice only; internal notes stay internal) and
linking related requests (a link across practices is seen by staff only)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM
from tandem.desk import relations, services
from tandem.desk.choices import MessageKind, Status
from tandem.desk.models import RequestMessage, ServiceRequest
from tests.conftest import CANARY_B, STAFF_ONLY_A
from tests.desk.test_api import post

DUP_NOTE = "DUPLICATE-NOTE-STAFF-ONLY"


@pytest.fixture
def duplicate(world):
    """Another member of practice A reports the same outage; staff add a note."""
    mo = accounts.create_person(
        actor=SYSTEM,
        organization=world.a,
        email="mo.member@riverside.example",
        full_name="Mo Member",
        role=Role.CLIENT_MEMBER,
        password="long-enough-pass-77",
    )
    item = services.open_request(
        actor=actor_for(mo),
        organization=world.a,
        subject="EHR is down for me too",
        body="Same here at the back office.",
        category="ehr",
        impact="patient_care",
    )
    services.add_message(
        actor=actor_for(world.people["technician_a"]),
        request=item,
        body=f"Same root cause. {DUP_NOTE}",
        kind=MessageKind.INTERNAL,
    )
    item.refresh_from_db()
    return item, mo


def _staff(world):
    return actor_for(world.people["technician_a"])


def test_a_merge_across_practices_is_refused_and_moves_nothing(world):
    before = RequestMessage.objects.filter(request=world.request_b).count()
    with pytest.raises(ValidationError) as exc:
        relations.merge(
            actor=actor_for(world.people["provider_admin"]),
            duplicate=world.request_b,
            into=world.request_a,
        )
    assert "same practice" in str(exc.value.message_dict["into"])
    assert RequestMessage.objects.filter(request=world.request_b).count() == before
    world.request_b.refresh_from_db()
    assert world.request_b.merged_into is None
    assert world.request_b.status != Status.CLOSED


def test_after_a_merge_the_practice_sees_no_internal_note_of_either(world, duplicate):
    item, mo = duplicate
    survivor = relations.merge(actor=_staff(world), duplicate=item, into=world.request_a)
    item.refresh_from_db()
    assert (item.merged_into, item.status) == (survivor, Status.CLOSED)
    moved = RequestMessage.objects.filter(request=survivor)
    assert moved.filter(body__contains=DUP_NOTE, kind=MessageKind.INTERNAL).exists()
    assert moved.filter(body__contains="Same here at the back office.").exists()
    # Both practice people who raised one of them, through the page and the API.
    for person in (mo, world.people["client_member_a"], world.people["client_admin_a"]):
        client = world.client_for("client_admin_a")
        client.force_login(person)
        page = client.get(f"/requests/{survivor.reference}/")
        assert page.status_code == 200
        assert b"Same here at the back office." in page.content
        api = client.get(f"/api/v1/requests/{survivor.reference}/messages").content
        for secret in (DUP_NOTE, STAFF_ONLY_A):
            assert secret.encode() not in page.content
            assert secret.encode() not in api
    staff_page = world.client_for("technician_a").get(f"/requests/{survivor.reference}/")
    assert DUP_NOTE.encode() in staff_page.content
    assert STAFF_ONLY_A.encode() in staff_page.content
    # The duplicate's page says where it went.
    client = world.client_for("client_member_a")
    client.force_login(mo)
    old = client.get(f"/requests/{item.reference}/")
    assert b"This request was merged into" in old.content
    assert f'href="/requests/{survivor.reference}/"'.encode() in old.content


def test_a_member_sees_the_survivor_only_through_her_own_merged_request(world, duplicate):
    item, mo = duplicate
    client = world.client_for("client_member_a")
    client.force_login(mo)
    assert client.get(f"/requests/{world.request_a.reference}/").status_code == 404
    relations.merge(actor=_staff(world), duplicate=item, into=world.request_a)
    assert client.get(f"/requests/{world.request_a.reference}/").status_code == 200
    listed = client.get("/api/v1/requests").json()["items"]
    assert {r["reference"] for r in listed} == {item.reference, world.request_a.reference}


def test_a_reply_to_the_merged_duplicate_lands_on_the_survivor(world, duplicate):
    item, mo = duplicate
    relations.merge(actor=_staff(world), duplicate=item, into=world.request_a)
    message, on = services.add_message(actor=actor_for(mo), request=item, body="Any news?")
    assert on == world.request_a
    assert message.request_id == world.request_a.pk
    assert ServiceRequest.objects.filter(follows=item).count() == 0  # no follow-up opened


def test_merge_refusals(world, duplicate):
    item, _mo = duplicate
    staff = _staff(world)
    with pytest.raises(ValidationError):
        relations.merge(actor=staff, duplicate=item, into=item)
    with pytest.raises(PermissionDenied):
        relations.merge(
            actor=actor_for(world.people["client_admin_a"]), duplicate=item, into=world.request_a
        )
    relations.merge(actor=staff, duplicate=item, into=world.request_a)
    with pytest.raises(ValidationError) as exc:
        relations.merge(actor=staff, duplicate=item, into=world.request_a)
    assert "already merged" in str(exc.value)
    audit = AuditEvent.objects.filter(verb="request.merge", organization=world.a)
    assert audit.count() == 2  # one on each request


def test_merge_through_the_api_checks_the_version(world, duplicate):
    item, _mo = duplicate
    client = world.client_for("technician_a")
    path = f"/api/v1/requests/{item.reference}/merge"
    stale = post(client, path, {"into": world.request_a.reference, "version": item.version - 1})
    assert stale.status_code == 409
    missing = post(client, path, {"into": world.request_a.reference})
    assert missing.status_code == 428
    done = post(client, path, {"into": world.request_a.reference, "version": item.version})
    assert done.status_code == 200
    assert done.json()["reference"] == world.request_a.reference
    gone = client.get(f"/api/v1/requests/{item.reference}").json()
    assert (gone["merged_into"], gone["status"]) == (world.request_a.reference, "closed")
    across = post(
        world.client_for("provider_admin"),
        f"/api/v1/requests/{world.request_b.reference}/merge",
        {"into": world.request_a.reference, "version": 1},
    )
    assert across.status_code == 422
    assert "into" in across.json()["fields"]


def test_a_link_across_practices_is_seen_by_staff_only(world, duplicate):
    item, _mo = duplicate
    admin = world.client_for("provider_admin")
    made = post(
        admin,
        f"/api/v1/requests/{world.request_a.reference}/links",
        {"ref": world.request_b.reference},
    )
    assert made.status_code == 201
    again = post(
        admin,
        f"/api/v1/requests/{world.request_a.reference}/links",
        {"ref": world.request_b.reference},
    )
    assert again.status_code == 200
    relations.link(actor=_staff(world), request=world.request_a, other=item)
    staff = admin.get(f"/api/v1/requests/{world.request_a.reference}/links").json()
    assert {r["reference"] for r in staff} == {world.request_b.reference, item.reference}
    practice = world.client_for("client_admin_a")
    links = practice.get(f"/api/v1/requests/{world.request_a.reference}/links")
    assert [r["reference"] for r in links.json()] == [item.reference]
    page = practice.get(f"/requests/{world.request_a.reference}/")
    assert world.request_b.reference.encode() not in page.content
    assert CANARY_B.encode() not in page.content
    assert item.reference.encode() in page.content
    other_side = world.client_for("client_admin_b")
    assert other_side.get(f"/api/v1/requests/{world.request_b.reference}/links").json() == []
    # A's audit trail does not name B's request.
    trail = AuditEvent.objects.filter(verb="request.link", organization=world.a)
    assert all(world.request_b.reference not in json.dumps(e.changes) for e in trail)
    gone = admin.delete(
        f"/api/v1/requests/{world.request_a.reference}/links/{world.request_b.reference}"
    )
    assert gone.status_code == 204
    assert admin.get(f"/api/v1/requests/{world.request_b.reference}/links").json() == []


def test_linking_from_the_page(world, duplicate):
    item, _mo = duplicate
    tech = world.client_for("technician_a")
    response = tech.post(f"/requests/{world.request_a.reference}/links/", {"ref": item.reference})
    assert response.status_code == 302
    page = tech.get(f"/requests/{world.request_a.reference}/")
    assert item.reference.encode() in page.content
    bad = tech.post(f"/requests/{world.request_a.reference}/links/", {"ref": "T-999999"})
    assert bad.status_code == 422
    assert "No request T-999999" in bad.content.decode()
    merged = tech.post(
        f"/requests/{item.reference}/merge/",
        {"into": world.request_a.reference.lower(), "version": item.version},
    )
    assert merged.status_code == 302
    assert merged["Location"].endswith(f"/requests/{world.request_a.reference}/")
