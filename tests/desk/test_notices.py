"""Who hears about what: requester, watchers and assignee, in the app and by
email through the outbox; internal notes only ever to provider staff;
@mentions; each person's choices."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tandem.audit.models import AuditEvent
from tandem.desk import services
from tandem.desk.models import Watcher
from tandem.notify.models import Notification, OutboxMessage
from tests.conftest import STAFF_ONLY_A


def notices_of(person, **filters):
    return Notification.objects.filter(person=person, **filters)


def mails_to(person):
    return OutboxMessage.objects.filter(recipient=person.email)


def test_a_staff_reply_reaches_the_requester_in_the_app_and_by_email(world, actor_of):
    member = world.people["client_member_a"]
    tech = world.people["technician_a"]
    before = notices_of(member, kind="reply").count()
    services.add_message(actor=actor_of(tech), request=world.request_a, body="Rebooted the switch.")
    assert notices_of(member, kind="reply").count() == before + 1
    mail = mails_to(member).latest("id")
    # One subject per request, so every mail client keeps the thread together.
    assert mail.subject == f"[{world.request_a.reference}] {world.request_a.subject}"
    assert mail.body_text.startswith(f"Reply: {world.request_a.subject}")
    assert "Rebooted the switch." in mail.body_text
    assert f"/requests/{world.request_a.reference}/" in mail.body_text
    assert not notices_of(tech, kind="reply").exists()  # never the author


def test_internal_notes_never_reach_the_practice_even_when_it_watches(world, actor_of):
    admin_a = world.people["client_admin_a"]
    Watcher.objects.create(request=world.request_a, person=admin_a)
    Watcher.objects.create(request=world.request_a, person=world.people["provider_admin"])
    services.add_message(
        actor=actor_of(world.people["technician_a"]),
        request=world.request_a,
        body=f"Check the firewall. @{admin_a.full_name} {STAFF_ONLY_A}",
        kind="internal",
    )
    for persona in ("client_member_a", "client_admin_a", "auditor_a"):
        person = world.people[persona]
        assert not notices_of(person, kind__in=["note", "mention"]).exists()
        assert not mails_to(person).filter(body_text__contains=STAFF_ONLY_A).exists()
    staff_mail = mails_to(world.people["provider_admin"]).latest("id")
    assert STAFF_ONLY_A in staff_mail.body_text
    assert notices_of(world.people["provider_admin"], kind="note").exists()


def test_a_mention_notifies_and_makes_a_watcher_of_who_can_see_it(world, actor_of):
    tech = world.people["technician_a"]
    member = world.people["client_member_a"]
    admin_b = world.people["client_admin_b"]
    services.add_message(
        actor=actor_of(member),
        request=world.request_a,
        body=f"@{tech.full_name} it is still down. cc @{admin_b.full_name}",
    )
    assert notices_of(tech, kind="mention").count() == 1
    assert Watcher.objects.filter(request=world.request_a, person=tech).exists()
    assert not notices_of(admin_b).exists()  # another practice: not mentionable
    assert not Watcher.objects.filter(person=admin_b).exists()


def test_optional_emails_can_be_turned_off_essential_ones_cannot(world, actor_of):
    from tandem.notify import services as notify

    member = world.people["client_member_a"]
    notify.set_email_off(actor=actor_of(member), person=member, kinds=["status", "reply"])
    tech = actor_of(world.people["technician_a"])
    mails = mails_to(member).count()
    services.change_status(actor=tech, request=world.request_a, status="open")
    assert notices_of(member, kind="status").exists()  # still listed in the app
    assert mails_to(member).count() == mails  # but not emailed
    services.add_message(actor=tech, request=world.request_a, body="Fixed?")
    assert mails_to(member).count() == mails + 1  # replies are essential: "reply" was ignored
    event = AuditEvent.objects.filter(verb="notify.preferences").latest("id")
    assert event.changes == {"email_off": [[], ["status"]]}
    with pytest.raises(PermissionDenied):
        notify.set_email_off(actor=tech, person=member, kinds=["status"])


def test_assignment_tells_the_assignee(world, actor_of):
    services.assign(
        actor=actor_of(world.people["technician_a"]),
        request=world.request_a,
        assignee=world.people["provider_admin"],
    )
    assert notices_of(world.people["provider_admin"], kind="assigned").count() == 1


def test_only_people_who_see_a_request_may_follow_it(world, actor_of):
    client = world.client_for("client_admin_b")
    assert client.post(f"/requests/{world.request_a.reference}/watch/").status_code == 404
    admin = world.client_for("client_admin_a")
    assert admin.post(f"/requests/{world.request_a.reference}/watch/").status_code == 302
    assert Watcher.objects.filter(person=world.people["client_admin_a"]).count() == 1
    admin.post(f"/requests/{world.request_a.reference}/watch/", {"on": "0"})
    assert not Watcher.objects.filter(person=world.people["client_admin_a"]).exists()
    verbs = AuditEvent.objects.filter(
        organization=world.a, verb__in=["request.watch", "request.unwatch"]
    ).order_by("position")
    assert list(verbs.values_list("verb", flat=True)) == ["request.watch", "request.unwatch"]


def test_the_inbox_lists_notices_and_marks_them_read(world, actor_of):
    services.add_message(
        actor=actor_of(world.people["technician_a"]), request=world.request_a, body="Hello"
    )
    client = world.client_for("client_member_a")
    page = client.get("/notices/")
    assert f"Reply: {world.request_a.subject}" in page.content.decode()
    assert page.context["unread_notices"] >= 1
    client.post("/notices/read/")
    assert client.get("/notices/").context["unread_notices"] == 0


def test_preferences_page_saves_time_zone_and_emails(world):
    client = world.client_for("client_member_a")
    assert client.get("/settings/notices/").status_code == 200
    response = client.post(
        "/settings/notices/", {"time_zone": "America/Denver", "email": ["request_opened"]}
    )
    assert response.status_code == 302
    member = world.people["client_member_a"]
    member.refresh_from_db()
    assert member.time_zone == "America/Denver"
    # Every optional kind left unticked is turned off (the weekly digest too).
    assert member.notice_preference.email_off == ["digest", "note", "status"]
    bad = client.post("/settings/notices/", {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 422
