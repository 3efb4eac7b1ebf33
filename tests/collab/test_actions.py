"""The shared action plan: items owned by one side and one person, overdue
counts per side shown to both, the board and list, and a weekly digest sent
once per ISO week however often the job runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.collab import actions
from tandem.collab.models import ActionStatus, DigestSent, Side
from tandem.core import links
from tandem.notify.models import OutboxMessage
from tests.collab.helpers import action_of, agreed_of
from tests.conftest import CANARY_B


def test_an_item_is_owned_by_one_side_and_one_person(world, django_capture_on_commit_callbacks):
    mine = action_of(world)
    assert mine.side == Side.CLIENT
    assert mine.reference.startswith("A-")
    theirs = action_of(world, owner="technician_a")
    assert theirs.side == Side.PROVIDER
    assert AuditEvent.objects.filter(verb="action.create", organization=world.a).count() == 2
    assert OutboxMessage.objects.filter(recipient="client_admin_a@example.org").exists()


@pytest.mark.parametrize("owner", ["client_admin_b", "auditor_a", "contact"])
def test_the_owner_must_work_for_this_practice(world, owner):
    person = world.contact_a if owner == "contact" else world.people[owner]
    if owner == "contact":
        person.is_active = False
        person.save()
    with pytest.raises(ValidationError) as err:
        actions.create(
            actor=actor_for(world.people["provider_admin"]),
            organization=world.a,
            item=actions.Item(title="Call the vendor", owner=person, due_on=date(2030, 1, 1)),
        )
    assert "owner" in err.value.message_dict


@pytest.mark.parametrize("persona", ["client_member_a", "auditor_a", "client_admin_b"])
def test_who_may_not_keep_the_plan(world, persona):
    with pytest.raises(PermissionDenied):
        actions.create(
            actor=actor_for(world.people[persona]),
            organization=world.a,
            item=actions.Item(
                title="Call the vendor",
                owner=world.people["client_admin_a"],
                due_on=date(2030, 1, 1),
            ),
        )


def test_the_owner_moves_their_item_and_others_cannot(world):
    item = action_of(world, owner="client_member_a")
    actions.set_status(actor=actor_for(world.people["client_member_a"]), item=item, status="done")
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert item.done_at is not None
    other = action_of(world, owner="client_admin_a")
    with pytest.raises(PermissionDenied):
        actions.set_status(actor=actor_for(world.people["auditor_a"]), item=other, status="done")


def test_overdue_per_side_is_shown_to_both(world):
    past = date(2020, 1, 1)
    action_of(world, owner="technician_a", due=past, title="Fix the scanner")
    action_of(world, owner="provider_admin", due=past, title="Send the quote")
    action_of(world, owner="client_admin_a", due=past, title="Sign the BAA")
    done = action_of(world, owner="technician_a", due=past, title="Old")
    actions.set_status(actor=actor_for(world.people["provider_admin"]), item=done, status="done")
    action_of(world, owner="client_admin_a")  # not due yet
    action_of(world, "foreign", due=past)  # another practice's
    for persona in ("client_member_a", "provider_admin"):
        page = world.client_for(persona).get("/actions/", {"practice": "riverside"}).content
        assert b"Provider owes 2 overdue, practice owes 1." in page
    api = world.client_for("client_member_a").get("/api/v1/actions/overdue?practice=riverside")
    assert (api.json()["provider"], api.json()["client"]) == (2, 1)


def test_the_board_and_the_list(world):
    todo = action_of(world, title="Replace the toner")
    doing = action_of(world, title="Label the cables")
    actions.set_status(
        actor=actor_for(world.people["provider_admin"]), item=doing, status="in_progress"
    )
    theirs = action_of(world, "foreign")
    client = world.client_for("client_admin_a")
    board = client.get("/actions/", {"view": "board"}).content.decode()
    assert todo.reference in board
    assert doing.reference in board
    assert theirs.reference not in board
    assert CANARY_B not in board
    listed = client.get("/actions/").content.decode()
    assert todo.reference in listed


def test_moving_an_item_from_the_board(world):
    item = action_of(world)
    client = world.client_for("client_admin_a")
    response = client.post(
        f"/actions/{item.uuid}/status/", {"status": "done", "next": "/actions/?view=board"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/actions/?view=board"
    item.refresh_from_db()
    assert item.status == "done"
    evil = client.post(
        f"/actions/{item.uuid}/status/", {"status": "open", "next": "//evil.example/"}
    )
    assert evil["Location"] == f"/actions/{item.uuid}/"


def test_an_item_from_a_decision_links_to_it(world):
    decision = agreed_of(world)
    client = world.client_for("provider_admin")
    url = f"/actions/new/?practice=riverside&decision={decision.uuid}"
    assert decision.reference in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Encrypt the two laptops",
            "owner": str(world.people["technician_a"].uuid),
            "due_on": "2030-02-01",
        },
    )
    assert response.status_code == 302
    item = actions.ActionItem.objects.get(title="Encrypt the two laptops")
    assert links.linked_ids(item, "collab.decision", relation="source") == [str(decision.pk)]
    assert decision.reference in client.get(f"/actions/{item.uuid}/").content.decode()


def test_the_api_keeps_the_plan(world):
    client = world.client_for("client_admin_a")
    made = client.post(
        "/api/v1/actions",
        {
            "practice": "riverside",
            "title": "Send the laptop list",
            "owner": str(world.people["technician_a"].uuid),
            "due_on": "2030-01-15",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["side"] == "provider"
    uuid = made.json()["id"]
    tess = world.client_for("technician_a")
    moved = tess.patch(
        f"/api/v1/actions/{uuid}", {"status": "done"}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "done"
    wrong = client.patch(
        f"/api/v1/actions/{uuid}", {"owner": str(world.people["client_admin_b"].uuid)},
        content_type="application/json",
    )  # fmt: skip
    assert wrong.status_code == 422
    assert "owner" in wrong.json()["fields"]


MONDAY_0800_CHICAGO = datetime(2030, 1, 7, 14, tzinfo=UTC)
SUNDAY_0800_CHICAGO = datetime(2030, 1, 6, 14, tzinfo=UTC)


def test_the_weekly_digest_goes_once_per_iso_week(world, django_capture_on_commit_callbacks):
    action_of(world, owner="client_admin_a")
    action_of(world, owner="client_admin_a", title="Review the BAA", due=date(2020, 1, 1))
    with time_machine.travel(SUNDAY_0800_CHICAGO, tick=False):
        assert actions.send_digests() == 0  # not Monday yet
    with time_machine.travel(MONDAY_0800_CHICAGO, tick=False):
        assert actions.send_digests() == 1
        assert actions.send_digests() == 0  # the job again: nothing more
    with time_machine.travel(datetime(2030, 1, 10, 14, tzinfo=UTC), tick=False):
        assert actions.send_digests() == 0  # later the same ISO week
    mails = OutboxMessage.objects.filter(
        recipient="client_admin_a@example.org", subject__startswith="Your action plan"
    )
    assert mails.count() == 1
    body = mails.get().body_text
    assert "Review the BAA: due Wed Jan 1 (overdue)" in body
    assert DigestSent.objects.get().iso_week == 2
    with time_machine.travel(datetime(2030, 1, 14, 14, tzinfo=UTC), tick=False):
        assert actions.send_digests() == 1  # the next week


def test_the_digest_job_runs_through_huey(world):
    from tandem.collab.tasks import send_action_digests

    action_of(world, owner="client_admin_a")
    with time_machine.travel(MONDAY_0800_CHICAGO, tick=False):
        send_action_digests.call_local()
        send_action_digests.call_local()
    assert DigestSent.objects.count() == 1
