"""The PHI guard in a browser: a practice member pastes a patient's date of
birth and MRN into Get help, sees the warning, removes them, and the stored
request holds only the markers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.desk.models import RequestMessage, ServiceRequest
from tests.browser.conftest import SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser

PASTED = "Chart for DOB 03/14/1962, MRN 00482913 opens someone else's allergies."


def test_a_pasted_dob_and_mrn_are_caught_and_removed(bworld, new_context, base_url):
    ctx = new_context()
    sign_in_cookie(ctx, bworld, "client_member_a", base_url)
    page = ctx.new_page()
    page.goto("/help/")
    page.get_by_role("radio", name=re.compile("One person is blocked")).check()
    page.get_by_label("What do you need help with?").fill("Wrong allergies in a chart")
    page.get_by_label("What is happening?").fill(PASTED)
    page.get_by_role("button", name="Send", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="This looks like a patient")
    expect(warning).to_be_visible()
    expect(warning.get_by_text("03/14/1962")).to_be_visible()
    expect(warning.get_by_text("00482913")).to_be_visible()
    assert not ServiceRequest.objects.filter(subject="Wrong allergies in a chart").exists()
    page.screenshot(path=SCREENSHOTS / "phi-warning.png", full_page=True)
    page.get_by_role("button", name="Remove them and send").click()
    expect(page.get_by_text(re.compile(r"Sent as T-\d+"))).to_be_visible()
    item = ServiceRequest.objects.get(subject="Wrong allergies in a chart")
    body = RequestMessage.objects.get(request=item).body
    assert body == (
        "Chart for DOB [redacted: Date or age], [redacted: Medical record number] opens "
        "someone else's allergies."
    )
    expect(page.get_by_text("[redacted: Medical record number]")).to_be_visible()
