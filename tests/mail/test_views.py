"""The mail pages: mailboxes (provider admins), OAuth2 authorization, and
sorting held mail."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tandem.accounts.models import Person
from tandem.audit.models import AuditEvent
from tandem.core import crypto
from tandem.desk.models import ServiceRequest
from tandem.mail.ingest import ingest
from tandem.mail.models import Auth, InboundMessage, Mailbox, Outcome, Transport
from tests.mail.conftest import email
from tests.servers import TokenEndpoint

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Help desk",
    "address": "help@it.example",
    "active": "on",
    "imap_host": "",
    "imap_port": "993",
    "imap_security": "ssl",
    "imap_folder": "INBOX",
    "smtp_port": "587",
    "smtp_security": "starttls",
    "auth": "password",
    "password": "s3cret-mail",
    "unknown_senders": "triage",
    "hourly_limit": "30",
    "routes": "a.example = Riverside Clinic\nb.example = lakeside",
}


def test_an_admin_adds_a_mailbox_with_its_domains_and_a_secret_kept_encrypted(world):
    admin = world.client_for("provider_admin")
    response = admin.post("/mail/mailboxes/new/", FORM)
    assert response.status_code == 302
    box = Mailbox.objects.get()
    assert box.password.startswith(crypto.PREFIX)
    assert crypto.decrypt(box.password) == "s3cret-mail"
    assert {(r.domain, r.organization) for r in box.routes.all()} == {
        ("a.example", world.a),
        ("b.example", world.b),
    }
    event = AuditEvent.objects.get(verb="mail.mailbox_create")
    assert "s3cret-mail" not in str(event.changes)
    page = admin.get(response["Location"]).content.decode()
    assert "s3cret-mail" not in page
    assert "a.example = Riverside Clinic" in page
    # Saving again with the password left blank keeps it.
    again = admin.post(response["Location"], {**FORM, "password": "", "hourly_limit": "10"})
    assert again.status_code == 302
    box.refresh_from_db()
    assert crypto.decrypt(box.password) == "s3cret-mail"
    assert box.hourly_limit == 10
    update = AuditEvent.objects.get(verb="mail.mailbox_update")
    assert update.changes["hourly_limit"] == [30, 10]
    assert "password" not in update.changes


def test_wrong_domain_lines_are_named_and_nothing_is_saved(world):
    admin = world.client_for("provider_admin")
    bad = {
        **FORM,
        "routes": "a.example = Riverside Clinic\nnot a domain = lakeside\nc.example = Nobody",
    }
    response = admin.post("/mail/mailboxes/new/", bad)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 2" in page
    assert "Line 3: no practice is called" in page
    assert not Mailbox.objects.exists()


def test_only_provider_admins_manage_mailboxes(world):
    for persona in ("technician_a", "client_admin_a", "client_member_a"):
        assert world.client_for(persona).get("/mail/mailboxes/new/").status_code == 403
    assert world.client_for("client_admin_a").get("/mail/").status_code == 403


def test_testing_an_unreachable_server_says_so_and_records_it(world, mailbox):
    from tests.servers import free_port

    mailbox.imap_host, mailbox.imap_port, mailbox.imap_security = "127.0.0.1", free_port(), "none"
    mailbox.save()
    admin = world.client_for("provider_admin")
    response = admin.post(f"/mail/mailboxes/{mailbox.uuid}/test/", follow=True)
    assert "IMAP: Cannot reach 127.0.0.1" in response.content.decode()
    mailbox.refresh_from_db()
    assert mailbox.last_error.startswith("IMAP: Cannot reach")


def test_oauth2_authorization_stores_a_refresh_token(world, mailbox):
    endpoint = TokenEndpoint(username="help@it.example")
    try:
        mailbox.auth = Auth.OAUTH2
        mailbox.oauth_provider = "custom"
        mailbox.oauth_client_id = "tandem-app"
        mailbox.oauth_client_secret = crypto.encrypt("app-secret")
        mailbox.oauth_authorize_url = f"{endpoint.url}/authorize"
        mailbox.oauth_token_url = f"{endpoint.url}/token"
        mailbox.save()
        admin = world.client_for("provider_admin")
        sent = admin.post(f"/mail/mailboxes/{mailbox.uuid}/authorize/")
        assert sent.status_code == 302
        query = parse_qs(urlsplit(sent["Location"]).query)
        assert sent["Location"].startswith(f"{endpoint.url}/authorize?")
        assert query["client_id"] == ["tandem-app"]
        assert query["redirect_uri"][0].endswith("/mail/oauth/callback/")
        state = query["state"][0]
        # Someone else's browser cannot finish it, nor a forged state.
        other = world.client_for("client_admin_a")
        assert (
            other.get("/mail/oauth/callback/", {"state": state, "code": "good-code"}).status_code
            == 403
        )
        forged = admin.get(
            "/mail/oauth/callback/", {"state": "x", "code": "good-code"}, follow=True
        )
        assert "expired or is not ours" in forged.content.decode()
        back = admin.get(
            "/mail/oauth/callback/", {"state": state, "code": "good-code"}, follow=True
        )
        assert "is authorized" in back.content.decode()
        mailbox.refresh_from_db()
        assert crypto.decrypt(mailbox.refresh_token) == "refresh-1"
        assert endpoint.codes[0]["client_secret"] == ["app-secret"]
        assert AuditEvent.objects.filter(verb="mail.mailbox_authorize").count() == 1
    finally:
        endpoint.stop()


def test_staff_give_a_held_message_to_its_practice(world, mailbox):
    held = ingest(
        email(sender="Dr Vo <vo@unknown-clinic.example>", subject="Fax"), transport=Transport.PIPE
    )
    assert held.outcome == Outcome.TRIAGE
    admin = world.client_for("provider_admin")
    listing = admin.get("/mail/triage/").content.decode()
    assert "vo@unknown-clinic.example" in listing
    page = admin.get(f"/mail/held/{held.inbound.uuid}/")
    assert "It jams on every page" in page.content.decode()
    done = admin.post(f"/mail/held/{held.inbound.uuid}/", {"organization": world.a.slug})
    assert done.status_code == 302
    request = ServiceRequest.objects.get(subject="Fax")
    assert request.organization == world.a
    assert request.requester == Person.objects.get(email="vo@unknown-clinic.example")
    held.inbound.refresh_from_db()
    assert (held.inbound.outcome, held.inbound.request) == (Outcome.OPENED, request)
    assert AuditEvent.objects.filter(verb="mail.held_opened", organization=world.a).exists()
    twice = admin.post(f"/mail/held/{held.inbound.uuid}/", {"organization": world.a.slug})
    assert twice.status_code == 302
    assert ServiceRequest.objects.filter(subject="Fax").count() == 1


def test_a_held_message_can_be_discarded_and_stays_stored(world, mailbox):
    held = ingest(email(sender="news@vendor.example", subject="Sale"), transport=Transport.PIPE)
    admin = world.client_for("provider_admin")
    assert admin.post(f"/mail/held/{held.inbound.uuid}/", {"discard": "1"}).status_code == 302
    stored = InboundMessage.objects.get(pk=held.inbound.pk)
    assert stored.outcome == Outcome.DISCARDED
    assert stored.handled_by == world.people["provider_admin"]
    assert AuditEvent.objects.filter(verb="mail.held_discarded").exists()


def test_held_mail_is_for_staff_who_see_every_practice(world, mailbox):
    held = ingest(email(sender="x@elsewhere.example"), transport=Transport.PIPE)
    for persona in ("technician_a", "client_admin_a"):
        client = world.client_for(persona)
        assert client.get("/mail/triage/").status_code == 403
        assert client.get(f"/mail/held/{held.inbound.uuid}/").status_code == 403


def test_every_mailbox_field_is_on_the_page():
    from tandem.mail.forms import MailboxForm

    grouped = [name for _legend, names in MailboxForm.GROUPS for name in names]
    assert sorted(grouped) == sorted(MailboxForm().fields)
