"""The main flow, as people do it: a provider admin signs in, invites someone
to a practice, and the invitee follows the emailed link and lands signed in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.notify.models import OutboxMessage
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.browser

NEW_PASSWORD = "lantern-orbit-quietly-42"


def test_provider_admin_invites_and_invitee_joins(bworld, new_context, base_url):
    admin = new_context().new_page()

    # Sign in through the real form.
    admin.goto("/accounts/login/")
    expect(admin.get_by_role("heading", name="Sign in")).to_be_visible()
    admin.get_by_label("Email").fill("provider_admin@example.org")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    # Provider staff have a second factor: the authenticator code comes next.
    expect(admin.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    admin.get_by_label("Code").fill(totp_code())
    admin.get_by_role("button", name="Sign In").click()
    expect(admin.get_by_role("heading", name="Good to see you, Pat Admin")).to_be_visible()
    expect(admin.get_by_role("link", name="Riverside Clinic")).to_be_visible()

    # Practice A's page, then the invite form.
    admin.goto("/clients/riverside/")
    expect(admin.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()
    admin.get_by_role("link", name="Invite someone").click()
    expect(admin.get_by_role("heading", name="Invite someone to Riverside Clinic")).to_be_visible()
    admin.get_by_label("Full name").fill("Olive Office")
    admin.get_by_label("Email").fill("Olive@Riverside.example")
    admin.get_by_label("Role").select_option(label="Practice member")
    admin.get_by_role("button", name="Send invitation").click()

    expect(admin.get_by_role("status")).to_contain_text(
        "Invitation emailed to olive@riverside.example."
    )
    expect(admin).to_have_url(re.compile(r"/clients/riverside/$"))
    expect(admin.get_by_text("Olive Office <olive@riverside.example>")).to_be_visible()

    # The email: its link, followed in a fresh browser (no admin cookies).
    message = OutboxMessage.objects.filter(recipient="olive@riverside.example").get()
    match = re.search(r"https?://\S+/invite/[\w-]+/", message.body_text)
    assert match, message.body_text
    link = match.group(0)
    assert link.startswith(base_url), link

    invitee = new_context().new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Join Riverside Clinic")).to_be_visible()
    expect(invitee.get_by_text("olive@riverside.example")).to_be_visible()
    expect(invitee.get_by_label("Your full name")).to_have_value("Olive Office")
    invitee.get_by_label("Your full name").fill("Olive O'Fice")
    invitee.get_by_label("Choose a password").fill(NEW_PASSWORD)
    invitee.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Join and sign in").click()

    expect(invitee).to_have_url(base_url + "/")
    expect(invitee.get_by_role("status")).to_contain_text("Welcome to Tandem, Olive O'Fice.")
    expect(invitee.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()
    expect(invitee.get_by_role("button", name="Sign out")).to_be_visible()

    # The link works once.
    again = new_context().new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="This invitation link cannot be used")).to_be_visible()
    expect(again.get_by_text("It has already been used.")).to_be_visible()
