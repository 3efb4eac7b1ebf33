"""A concern raised, acknowledged, answered and confirmed, in a browser:
Mel (a Riverside member) raises one on a phone, strongly felt; Pat (the
provider admin) acknowledges it and answers; Mel confirms it was addressed
and it closes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.collab.models import Concern, ConcernStatus
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser


def test_a_concern_is_raised_acknowledged_answered_and_confirmed(bworld, new_context, base_url):
    mel_ctx = new_context(viewport=PHONE)
    sign_in_cookie(mel_ctx, bworld, "client_member_a", base_url)
    mel = mel_ctx.new_page()
    mel.goto("/concerns/")
    mel.get_by_role("link", name="Raise a concern").click()
    mel.get_by_label("What concerns you").fill("Nobody called back about the label printer")
    mel.get_by_label("The service").check()
    mel.get_by_label("5: very strongly").check()
    mel.get_by_label("Tell us more").fill("Three days, two calls, no answer.")
    mel.screenshot(path=SCREENSHOTS / "concern-raise-phone.png", full_page=True)
    mel.get_by_role("button", name="Raise the concern").click()
    expect(mel.get_by_text("Your IT provider acknowledges it by")).to_be_visible()
    concern = Concern.objects.get()
    assert (concern.strength, concern.status) == (5, ConcernStatus.RAISED)

    pat_ctx = new_context()
    sign_in_cookie(pat_ctx, bworld, "provider_admin", base_url)
    pat = pat_ctx.new_page()
    pat.goto("/concerns/")
    pat.get_by_role("link", name=concern.title).click()
    pat.get_by_label("A note to the practice").fill("Sorry. I am looking into it now.")
    pat.get_by_role("button", name="Acknowledge").click()
    expect(pat.get_by_text("Acknowledged: the practice is told.")).to_be_visible()
    pat.get_by_label("Your response").fill("Tess calls you by 10 tomorrow; callbacks now page her.")
    pat.get_by_role("button", name="Send the response").click()
    expect(pat.get_by_text("Response sent")).to_be_visible()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ANSWERED

    mel.goto(f"/concerns/{concern.uuid}/")
    expect(mel.get_by_text("Tess calls you by 10 tomorrow")).to_be_visible()
    mel.get_by_label("Yes, it was addressed").check()
    mel.get_by_role("button", name="Send my answer").click()
    expect(mel.get_by_text("Closed: confirmed by the practice")).to_be_visible()
    mel.screenshot(path=SCREENSHOTS / "concern-closed-phone.png", full_page=True)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert list(concern.entries.values_list("kind", flat=True)) == [
        "raised",
        "acknowledged",
        "response",
        "confirmed",
    ]
