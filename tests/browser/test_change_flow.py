"""A change window overlapping clinic hours is refused until moved, then
approved, in a browser: Pat plans a switch replacement at Riverside's main
clinic (Chicago, open 08:00-17:00) for Monday 10:00; sending it for approval
is refused, naming the clash; he moves it to 20:00 and it goes; Ann, the
practice admin, approves it with her password on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.collab.models import ChangeRequest, ChangeStatus
from tandem.signoff.models import Signature
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_window_in_clinic_hours_is_refused_until_moved_then_approved(
    bworld, new_context, base_url
):
    staff_ctx = new_context()
    sign_in_cookie(staff_ctx, bworld, "provider_admin", base_url)
    staff = staff_ctx.new_page()
    staff.goto("/changes/")
    staff.get_by_role("link", name="Plan a change").click()
    staff.get_by_label("For which practice?").select_option("riverside")
    staff.get_by_role("button", name="Next").click()
    staff.get_by_label("What changes").fill("Replace the core switch")
    staff.get_by_label("Main clinic (America/Chicago)").check()
    staff.get_by_label(re.compile("^Rollback plan")).fill("Put the old switch back.")
    staff.get_by_label("Window starts").fill("2030-01-07T10:00")
    staff.get_by_label("Window ends").fill("2030-01-07T11:00")
    staff.get_by_label("Time zone of the window").select_option("America/Chicago")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("saved as a draft")).to_be_visible()
    expect(staff.get_by_text("This window meets clinic hours")).to_be_visible()

    staff.get_by_role("button", name="Send for approval").click()
    refusal = staff.locator("#submit-errors")
    expect(refusal).to_contain_text("Not sent: the window meets clinic hours")
    expect(refusal).to_contain_text("Main clinic is open Mon Jan 7 08:00 to Mon Jan 7 17:00")
    staff.screenshot(path=SCREENSHOTS / "change-refused.png", full_page=True)
    change = ChangeRequest.objects.get()
    assert change.status == ChangeStatus.DRAFT

    staff.get_by_role("link", name="Edit").click()
    staff.get_by_label("Window starts").fill("2030-01-07T20:00")
    staff.get_by_label("Window ends").fill("2030-01-07T22:00")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Outside every affected site's clinic hours")).to_be_visible()
    # In the site's own time zone, whatever the reader's (Pat reads New York time).
    expect(
        staff.get_by_text("Monday, January 7, 20:00 to Monday, January 7, 22:00")
    ).to_be_visible()
    staff.get_by_role("button", name="Send for approval").click()
    expect(staff.get_by_text("is sent to the practice for approval")).to_be_visible()
    change.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED

    practice_ctx = new_context(viewport=PHONE)
    sign_in_cookie(practice_ctx, bworld, "client_admin_a", base_url)
    ann = practice_ctx.new_page()
    ann.goto(f"/changes/{change.uuid}/")
    expect(ann.get_by_text("Monday, January 7, 20:00 to Monday, January 7, 22:00")).to_be_visible()
    ann.get_by_label("Approve this change").check()
    ann.get_by_label("Your password").fill(PASSWORD)
    ann.screenshot(path=SCREENSHOTS / "change-approve-phone.png", full_page=True)
    ann.get_by_role("button", name="Sign my answer").click()
    expect(ann.get_by_text("Approved by the practice")).to_be_visible()
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    signature = Signature.objects.get()
    assert (signature.meaning, signature.person) == ("approve", bworld.people["client_admin_a"])
    assert signature.content_sha256 == change.approved_sha256
