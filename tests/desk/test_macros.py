"""Canned replies: plain placeholder substitution (never a template engine),
setting status and priority in one all-or-nothing change, shared or personal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.desk import macros, services
from tandem.desk.choices import MessageKind, Status
from tandem.desk.models import Macro, RequestMessage
from tests.desk.test_api import patch, post


def _macro(world, persona="provider_admin", **kw):
    fields = {
        "name": "Password reset done",
        "body": "Hi {requester_name}, the password for {practice} is reset ({reference}). "
        "— {technician}",
        "shared": True,
        "set_status": Status.RESOLVED,
        "set_priority": None,
    } | kw
    return macros.save_macro(actor=actor_for(world.people[persona]), macro=None, **fields)


def test_placeholders_are_filled_by_plain_substitution(world):
    macro = _macro(world)
    tech = actor_for(world.people["technician_a"])
    item = world.request_a
    item.refresh_from_db()
    done = macros.apply(actor=tech, macro=macro, request=item, version=item.version)
    reply = RequestMessage.objects.filter(request=item, kind=MessageKind.PUBLIC).latest("id")
    assert reply.body == (
        f"Hi Mel Member, the password for {world.a.name} is reset ({item.reference}). — Tess Tech"
    )
    assert done.status == Status.RESOLVED
    assert AuditEvent.objects.filter(verb="request.macro").count() == 1


def test_template_syntax_and_hostile_values_stay_text(world):
    # A requester whose name looks like template code, and a macro with template syntax.
    member = world.people["client_member_a"]
    member.full_name = "{{ settings.SECRET_KEY }} {technician}"
    member.save()
    macro = _macro(world, body="{% debug %} {{ request }} Hi {requester_name}", set_status="")
    item = world.request_a
    item.refresh_from_db()
    macros.apply(
        actor=actor_for(world.people["technician_a"]),
        macro=macro,
        request=item,
        version=item.version,
    )
    reply = RequestMessage.objects.filter(request=item, kind=MessageKind.PUBLIC).latest("id")
    # Filled once: the value's own braces are not filled again.
    assert reply.body == "{% debug %} {{ request }} Hi {{ settings.SECRET_KEY }} {technician}"


def test_unknown_placeholders_are_refused_when_saving(world):
    with pytest.raises(ValidationError) as exc:
        _macro(world, body="Hi {patient_name}")
    assert "{patient_name}" in str(exc.value.message_dict["body"])


def test_a_move_the_request_cannot_make_refuses_all_of_it(world):
    tech = actor_for(world.people["technician_a"])
    item = world.request_a
    services.change_status(actor=tech, request=item, status=Status.RESOLVED)
    services.change_status(actor=tech, request=item, status=Status.CLOSED)
    item.refresh_from_db()
    before = RequestMessage.objects.filter(request=item).count()
    macro = _macro(world, set_status=Status.WAITING_CLIENT)
    with pytest.raises(ValidationError):
        macros.apply(actor=tech, macro=macro, request=item, version=item.version)
    assert RequestMessage.objects.filter(request=item).count() == before


def test_priority_is_set_with_a_reason_the_practice_sees(world):
    macro = _macro(world, name="Escalate", body="We are on it.", set_status="", set_priority=2)
    item = world.request_a
    item.refresh_from_db()
    done = macros.apply(
        actor=actor_for(world.people["technician_a"]),
        macro=macro,
        request=item,
        version=item.version,
    )
    assert done.priority == 2
    assert RequestMessage.objects.filter(
        request=item, kind=MessageKind.EVENT, body__contains="“Escalate”"
    ).exists()


def test_personal_and_shared(world):
    tech = actor_for(world.people["technician_a"])
    mine = macros.save_macro(
        actor=tech, macro=None, name="Mine", body="Hello {requester_name}", shared=False
    )
    with pytest.raises(PermissionDenied):  # technicians keep personal ones only
        macros.save_macro(actor=tech, macro=None, name="Ours", body="Hello", shared=True)
    shared = _macro(world)
    admin = actor_for(world.people["provider_admin"])
    assert set(macros.macros_for(tech)) == {mine, shared, world.macro}
    assert set(macros.macros_for(admin)) == {shared, world.macro}  # not the technician's own
    with pytest.raises(PermissionDenied):
        macros.apply(actor=admin, macro=mine, request=world.request_a)
    with pytest.raises(PermissionDenied):
        macros.save_macro(actor=tech, macro=shared, name="Changed", body="x", shared=True)
    client = actor_for(world.people["client_admin_a"])
    assert list(macros.macros_for(client)) == []


def test_preview_then_apply_from_the_request_page(world):
    macro = _macro(world)
    tech = world.client_for("technician_a")
    item = world.request_a
    item.refresh_from_db()
    before = RequestMessage.objects.count()
    preview = tech.get(f"/requests/{item.reference}/reply-with/?macro={macro.uuid}")
    assert preview.status_code == 200
    assert b"Hi Mel Member" in preview.content
    assert RequestMessage.objects.count() == before  # the preview sends nothing
    stale = tech.post(
        f"/requests/{item.reference}/reply-with/{macro.uuid}/", {"version": item.version - 1}
    )
    assert stale.status_code == 302
    assert RequestMessage.objects.count() == before
    sent = tech.post(
        f"/requests/{item.reference}/reply-with/{macro.uuid}/", {"version": item.version}
    )
    assert sent.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.RESOLVED
    missing = tech.post(f"/requests/{item.reference}/reply-with/{macro.uuid}/", {})
    assert missing.status_code == 422


def test_macros_api(world):
    admin = world.client_for("provider_admin")
    made = post(
        admin,
        "/api/v1/macros",
        {"name": "Thanks", "body": "Thanks {requester_name}!", "shared": True},
    )
    assert made.status_code == 201, made.content
    uuid = made.json()["id"]
    bad = post(admin, "/api/v1/macros", {"name": "Bad", "body": "Hi {nope}"})
    assert bad.status_code == 422
    assert "body" in bad.json()["fields"]
    changed = patch(admin, f"/api/v1/macros/{uuid}", {"set_status": "resolved"})
    assert changed.json()["set_status"] == "resolved"
    item = world.request_a
    item.refresh_from_db()
    applied = post(
        admin, f"/api/v1/requests/{item.reference}/macros/{uuid}", {"version": item.version}
    )
    assert applied.status_code == 200
    assert applied.json()["status"] == "resolved"
    stale = post(admin, f"/api/v1/requests/{item.reference}/macros/{uuid}", {"version": 1})
    assert stale.status_code == 409
    assert world.client_for("client_admin_a").get("/api/v1/macros").status_code == 403
    assert Macro.objects.filter(name="Thanks").count() == 1
