"""A decision signed by both sides becomes immutable, in a browser: Pat (the
provider admin) writes and proposes it; Ann (Riverside's admin) signs with
her password; Pat signs with his password and authenticator code; the page
then offers no edit, no file upload and no signing, and the edit address
answers 409 with the way forward (supersede)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tandem.collab import decisions
from tandem.collab.models import Decision, DecisionStatus
from tandem.signoff.models import Signature
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.browser


def test_a_decision_signed_by_both_sides_becomes_immutable(bworld, new_context, base_url):
    staff_ctx = new_context()
    sign_in_cookie(staff_ctx, bworld, "provider_admin", base_url)
    staff = staff_ctx.new_page()
    staff.goto("/decisions/")
    staff.get_by_role("link", name="Write a decision").click()
    staff.get_by_role("main").get_by_label("Practice", exact=True).select_option("riverside")
    staff.get_by_label("Title", exact=True).fill("Encrypt every laptop")
    staff.get_by_label(re.compile("^Context")).fill(
        "Two laptops left the clinic unencrypted last year."
    )
    first = staff.get_by_role("group", name="Option 1")
    first.get_by_label(re.compile("^Option")).fill("BitLocker on every laptop")
    first.get_by_label("Cost").fill("$0, a day of work")
    second = staff.get_by_role("group", name="Option 2")
    second.get_by_label(re.compile("^Option")).fill("Keep as is")
    second.get_by_label("Risk").fill("High: a lost laptop is a breach")
    staff.get_by_label("Recommended option").select_option("0")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("saved as a draft")).to_be_visible()
    staff.get_by_role("button", name="Propose for signature").click()
    expect(staff.get_by_text("is proposed")).to_be_visible()
    decision = Decision.objects.get()
    assert decision.status == DecisionStatus.PROPOSED

    # Ann signs for the practice: her password, no code (she has no authenticator).
    practice_ctx = new_context(viewport=PHONE)
    sign_in_cookie(practice_ctx, bworld, "client_admin_a", base_url)
    ann = practice_ctx.new_page()
    ann.goto(f"/decisions/{decision.uuid}/")
    expect(ann.get_by_role("heading", name="Sign for the practice")).to_be_visible()
    ann.screenshot(path=SCREENSHOTS / "decision-sign-phone.png", full_page=True)
    ann.get_by_label("I agree to this decision").check()
    ann.get_by_label("Your password").fill("not my password")
    ann.get_by_role("button", name="Sign this decision").click()
    expect(ann.get_by_text("That is not your password.")).to_be_visible()
    ann.get_by_label("I agree to this decision").check()
    ann.get_by_label("Your password").fill(PASSWORD)
    ann.get_by_role("button", name="Sign this decision").click()
    expect(ann.get_by_text("Signed.")).to_be_visible()
    expect(ann.get_by_role("heading", name="Sign for the practice")).to_have_count(0)

    # Pat signs for the provider: password and authenticator code.
    cache.clear()
    staff.reload()
    staff.get_by_label("I agree to this decision").check()
    staff.get_by_label("Your password").fill(PASSWORD)
    staff.get_by_label("Code from your authenticator app").fill(totp_code())
    staff.get_by_role("button", name="Sign this decision").click()
    expect(staff.get_by_text("is agreed")).to_be_visible()
    expect(staff.get_by_text("Fixed: signed by both sides")).to_be_visible()
    expect(staff.get_by_role("link", name="Edit")).to_have_count(0)
    expect(staff.get_by_label("Add a file")).to_have_count(0)
    expect(staff.get_by_role("button", name="Supersede with a new decision")).to_be_visible()
    staff.screenshot(path=SCREENSHOTS / "decision-agreed.png", full_page=True)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AGREED
    assert decision.content_sha256 == decisions.current_hash(decision)
    assert set(Signature.objects.values_list("capacity", "meaning")) == {
        ("practice", "agree"),
        ("provider", "agree"),
    }
    # The edit address refuses, with the way forward.
    response = staff.goto(f"/decisions/{decision.uuid}/edit/")
    assert response is not None
    assert response.status == 409
    expect(staff.get_by_text("changes only by a superseding decision").first).to_be_visible()
    decision.refresh_from_db()
    assert decision.title == "Encrypt every laptop"
