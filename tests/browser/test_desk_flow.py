"""The desk's main flow between a practice and its provider, in two browsers:
a member raises a patient-care request; a technician replies and adds an
internal note; the member sees the reply, never the note; the technician
resolves; the member answers within seven days and the request reopens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.desk.models import ServiceRequest
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser

NOTE = "Suspect last night's firewall change (do not tell them yet)"
# A real 1x1 PNG, so the preview can be checked as an image the browser decoded.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def test_a_patient_care_request_from_raising_to_reopening(bworld, new_context, base_url):
    member_ctx = new_context()
    sign_in_cookie(member_ctx, bworld, "client_member_a", base_url)
    member = member_ctx.new_page()
    member.goto("/")
    member.get_by_role("link", name="Get help").first.click()
    expect(
        member.get_by_text("Patient care is affected (we answer within 15 minutes)")
    ).to_be_visible()
    member.get_by_role("radio", name=re.compile("Patient care is affected")).check()
    member.get_by_label("What do you need help with?").fill("Exam room 2 PC frozen")
    member.get_by_label("What is happening?").fill("The PC in exam room 2 froze mid-visit.")
    member.get_by_label("What is it about?").select_option(label="Devices and printers")
    member.get_by_label("Where?").select_option(label=bworld.site_a.name)
    member.get_by_label("Attach files").set_input_files(
        [{"name": "frozen-screen.png", "mimeType": "image/png", "buffer": PNG}]
    )
    member.screenshot(path=SCREENSHOTS / "desk-get-help.png", full_page=True)
    member.get_by_role("button", name="Send", exact=True).click()
    expect(member.get_by_text(re.compile(r"Sent as T-\d+"))).to_be_visible()
    item = ServiceRequest.objects.latest("id")
    assert (item.priority, item.impact) == (1, "patient_care")
    expect(member.get_by_text("Patient care", exact=True)).to_be_visible()
    preview = member.get_by_role("img", name="frozen-screen.png")
    preview.scroll_into_view_if_needed()  # previews load lazily
    expect(preview).to_be_visible()
    # Decoded by the browser (naturalWidth stays 0 until the image has loaded).
    member.wait_for_function(
        "img => img.complete && img.naturalWidth === 1", arg=preview.element_handle()
    )

    tech_ctx = new_context()
    sign_in_cookie(tech_ctx, bworld, "technician_a", base_url)
    tech = tech_ctx.new_page()
    tech.goto("/requests/?queue=patient_care")
    tech.get_by_role("link", name=re.compile(item.reference)).click()
    tech.get_by_role("button", name="Take it").click()
    expect(tech.get_by_text("Tess Tech picked this up.")).to_be_visible()
    tech.get_by_label("Your message").fill("Hold the power button for 10 seconds, please.")
    tech.get_by_role("button", name="Send", exact=True).click()
    expect(tech.get_by_text("Sent.")).to_be_visible()
    tech.get_by_label("Internal note (provider only)").check()
    tech.get_by_label("Your message").fill(NOTE)
    tech.get_by_role("button", name="Send", exact=True).click()
    expect(tech.get_by_text("Internal note added")).to_be_visible()
    expect(tech.get_by_text(NOTE)).to_be_visible()
    tech.screenshot(path=SCREENSHOTS / "desk-request-staff.png", full_page=True)

    member.goto(f"/requests/{item.reference}/")
    expect(member.get_by_text("Hold the power button")).to_be_visible()
    expect(member.get_by_text(NOTE)).to_have_count(0)
    # Not through the API either.
    api = member_ctx.request.get(f"{base_url}/api/v1/requests/{item.reference}/messages")
    assert api.status == 200
    assert NOTE not in api.text()

    tech.reload()
    tech.get_by_label("Status").select_option(label="Resolved")
    tech.get_by_role("button", name="Change status").click()
    expect(tech.get_by_text("Status: Open → Resolved.")).to_be_visible()

    member.reload()
    expect(member.get_by_text("Resolved", exact=True)).to_be_visible()
    member.get_by_label("Your message").fill("It froze again after lunch.")
    member.get_by_role("button", name="Send", exact=True).click()
    expect(member.get_by_text(re.compile("Reopened by"))).to_be_visible()
    item.refresh_from_db()
    assert item.status == "open"
    member.set_viewport_size(PHONE)
    member.screenshot(path=SCREENSHOTS / "desk-request-phone.png", full_page=True)
