"""Mail in a browser: a provider admin adds the help mailbox with the
practices' domains; a clinic's email opens a request by itself; a stranger's
email is held; the admin reads it and gives it to its practice, and lands on
the new request with the sender as its contact."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.desk.models import ServiceRequest
from tandem.mail.ingest import ingest
from tandem.mail.models import InboundMessage, Mailbox, Outcome, Transport
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie
from tests.mail.conftest import email

pytestmark = pytest.mark.browser


def test_an_admin_sets_up_the_mailbox_and_sorts_a_held_email(bworld, new_context, base_url):
    ctx = new_context()
    sign_in_cookie(ctx, bworld, "provider_admin", base_url)
    admin = ctx.new_page()
    admin.goto("/mail/")
    admin.get_by_role("link", name="Add a mailbox").click()
    admin.get_by_label("Name", exact=True).fill("Help desk")
    admin.get_by_label("Address practices write to").fill("help@it.example")
    admin.get_by_label("Domains of practices").fill("a.example = riverside")
    admin.get_by_role("button", name="Save mailbox").click()
    expect(admin.get_by_text("help@it.example saved.")).to_be_visible()
    box = Mailbox.objects.get()
    assert [(r.domain, r.organization) for r in box.routes.all()] == [("a.example", bworld.a)]

    # A clinic's email files itself; a stranger's is held.
    known = ingest(
        email(sender="Carl Contact <contact@a.example>", subject="Label printer offline"),
        transport=Transport.PIPE,
    )
    assert known.outcome == Outcome.OPENED
    held = ingest(
        email(
            sender="Dr Ana Vo <ana@vo-dental.example>",
            subject="Our new front desk PC",
            body="Riverside referred us; the new PC cannot reach the printer.",
        ),
        transport=Transport.PIPE,
    )
    assert held.outcome == Outcome.TRIAGE

    admin.goto("/mail/")
    expect(admin.get_by_text("Label printer offline")).to_be_visible()
    admin.get_by_role("link", name=re.compile("Held for you to sort: 1")).click()
    admin.get_by_role("link", name="Our new front desk PC").click()
    expect(admin.get_by_text("the new PC cannot reach the printer")).to_be_visible()
    admin.screenshot(path=SCREENSHOTS / "mail-held-flow.png", full_page=True)
    admin.get_by_label("Whose is it?").select_option(label=bworld.a.name)
    admin.get_by_role("button", name="Open the request").click()
    expect(admin.get_by_role("heading", name=re.compile("Our new front desk PC"))).to_be_visible()
    item = ServiceRequest.objects.get(subject="Our new front desk PC")
    assert item.organization == bworld.a
    assert item.requester.email == "ana@vo-dental.example"
    assert InboundMessage.objects.get(pk=held.inbound.pk).request == item

    # The queue is empty now, on a phone too.
    phone = new_context(viewport=PHONE)
    sign_in_cookie(phone, bworld, "provider_admin", base_url)
    small = phone.new_page()
    small.goto("/mail/triage/")
    expect(small.get_by_text("Nothing is held.")).to_be_visible()
