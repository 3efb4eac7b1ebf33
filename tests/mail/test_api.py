"""The mail API: mailboxes without their secrets, and what became of each email."""

from __future__ import annotations

import pytest

from tandem.core import crypto
from tandem.mail.ingest import ingest
from tandem.mail.models import Transport
from tests.mail.conftest import email

pytestmark = pytest.mark.django_db


def test_mailboxes_are_listed_for_admins_without_their_secrets(world, mailbox):
    mailbox.password = crypto.encrypt("never-shown")
    mailbox.save()
    response = world.client_for("provider_admin").get("/api/v1/mail/mailboxes")
    assert response.status_code == 200
    [listed] = response.json()
    assert listed["address"] == "help@it.example"
    assert {(r["domain"], r["practice"]) for r in listed["routes"]} == {
        ("a.example", world.a.slug),
        ("b.example", world.b.slug),
    }
    assert "never-shown" not in response.content.decode()
    assert "password" not in listed
    assert world.client_for("technician_a").get("/api/v1/mail/mailboxes").status_code == 403


def test_inbound_mail_is_listed_within_what_each_may_see(world, mailbox):
    ingest(
        email(sender="Carl Contact <contact@a.example>", subject="A's"), transport=Transport.PIPE
    )
    ingest(email(sender="contact@b.example", subject="B's"), transport=Transport.PIPE)
    ingest(email(sender="who@elsewhere.example", subject="Held"), transport=Transport.PIPE)
    admin = world.client_for("provider_admin").get("/api/v1/mail/inbound").json()
    assert {m["subject"] for m in admin} == {"A's", "B's", "Held"}
    held = world.client_for("provider_admin").get("/api/v1/mail/inbound?outcome=triage").json()
    assert [(m["subject"], m["request"]) for m in held] == [("Held", None)]
    tech = world.client_for("technician_a").get("/api/v1/mail/inbound").json()
    assert [m["subject"] for m in tech] == ["A's"]
    assert tech[0]["practice"] == world.a.slug
    assert tech[0]["request"].startswith("T-")
    bad = world.client_for("provider_admin").get("/api/v1/mail/inbound?outcome=lost")
    assert bad.status_code == 422
    assert world.client_for("client_admin_a").get("/api/v1/mail/inbound").status_code == 403
