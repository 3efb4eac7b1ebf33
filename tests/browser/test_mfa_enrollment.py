"""A technician without a second factor is sent to set one up before anything
else, does it in the browser, and gets in."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.browser


def test_enrollment_is_forced_for_a_technician(bworld, new_context):
    Authenticator.objects.filter(user=bworld.people["technician_a"]).delete()
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("technician_a@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Straight to enrollment, where an app or a security key can be chosen;
    # adding one asks for the password once more.
    expect(page.get_by_text("Set up two-factor sign-in to go on")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "mfa-enrollment.png", full_page=True)
    page.goto("/clients/riverside/")
    expect(page.get_by_text("Set up two-factor sign-in to go on")).to_be_visible()
    page.get_by_role("link", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))

    page.goto("/clients/riverside/")
    expect(page.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()
