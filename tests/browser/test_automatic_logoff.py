"""The idle warning in a real browser, with a timeout shortened to seconds."""

from __future__ import annotations

import re

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
