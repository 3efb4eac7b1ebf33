"""Automatic logoff in a real browser: the idle warning and the absolute
lifetime, each shortened to seconds."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_cookie

pytestmark = pytest.mark.browser

IDLE_SECONDS = 8


def test_the_warning_offers_to_stay_signed_in_then_idle_logoff_signs_out(
    bworld, new_context, base_url, settings
):
    settings.TANDEM_IDLE_TIMEOUT_SECONDS = IDLE_SECONDS
    context = new_context()
    sign_in_cookie(context, bworld, "client_admin_a", base_url)
    page = context.new_page()
    page.goto("/")
    dialog = page.get_by_role("dialog", name="Still there?")
    # The warning comes before the end (half the timeout here), then "Stay signed in".
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)
    page.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()
    # Left alone now: the browser goes to the sign-in page and the server agrees.
    expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=(IDLE_SECONDS + 6) * 1000)
    expect(page.get_by_text("without activity")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


LIFETIME_SECONDS = 6


def test_the_absolute_lifetime_holds_under_constant_activity(
    bworld, new_context, base_url, settings
):
    """Someone clicking all the time is still signed out once the sign-in is
    older than its lifetime (shortened here to seconds)."""
    settings.SESSION_ABSOLUTE_SECONDS = LIFETIME_SECONDS
    settings.TANDEM_IDLE_TIMEOUT_SECONDS = 600  # idleness plays no part
    context = new_context()
    sign_in_cookie(context, bworld, "client_admin_a", base_url)
    page = context.new_page()
    page.goto("/")
    started = time.monotonic()
    heading = page.get_by_role("heading", name="Riverside Clinic", level=1)
    expect(heading).to_be_visible()
    # Activity every half second: pages, as someone working would open them.
    while time.monotonic() - started < LIFETIME_SECONDS - 1:
        page.goto("/clients/riverside/")
        expect(heading).to_be_visible()
        page.wait_for_timeout(500)
    page.wait_for_timeout(2500)  # past the lifetime, still active
    page.goto("/clients/riverside/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("your sign-in is over 6 seconds old")).to_be_visible()
