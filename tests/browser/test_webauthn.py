"""Security keys: a person registers one and signs in with it, against
Chromium's virtual authenticator (DevTools' WebAuthn domain) on ``localhost``."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tandem.audit.models import AuditEvent
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _virtual_authenticator(context, page) -> tuple:
    """A USB key that is present, verifies its user and answers at once."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, found["authenticatorId"]


def _sign_in_with_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_register_a_security_key_then_sign_in_with_it(bworld, new_context):
    person = bworld.people["client_admin_a"]
    assert not Authenticator.objects.filter(user=person).exists()
    context = new_context()
    page = context.new_page()
    cdp, authenticator_id = _virtual_authenticator(context, page)

    _sign_in_with_password(page, person.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/accounts/2fa/webauthn/add/")
    # Adding a second factor asks for the password first.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Add Security Key")).to_be_visible()
    page.get_by_label("Name").fill("Front desk key")
    page.screenshot(path=SCREENSHOTS / "webauthn-add.png", full_page=True)
    page.get_by_role("button", name="Add").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/"))
    page.screenshot(path=SCREENSHOTS / "webauthn-added.png", full_page=True)

    # The same key again: the browser refuses it, and the page says so.
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label("Name").fill("Same key")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert")).to_contain_text("already registered")

    key = Authenticator.objects.get(user=person, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Front desk key"
    assert (
        len(
            cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})[
                "credentials"
            ]
        )
        == 1
    )
    added = AuditEvent.objects.filter(verb="auth.mfa_added", actor=person)
    # The first second factor also brings recovery codes; both are recorded.
    assert sorted(e.changes["kind"][1] for e in added) == ["recovery_codes", "webauthn"]

    # Sign out, sign in again: the password is not enough, the key finishes it.
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    _sign_in_with_password(page, person.email)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "webauthn-sign-in.png", full_page=True)
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("link", name=person.full_name)).to_be_visible()
    assert AuditEvent.objects.filter(verb="auth.sign_in", actor=person).count() == 2
    signed_in = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert signed_in["credentials"][0]["signCount"] >= 1
