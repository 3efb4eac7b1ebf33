"""The shared action plan in a browser: Ann (Riverside's admin) gives Tess
(the provider's technician) an item already past due; both see "Provider
owes 1 overdue"; Tess marks it done on the board, on a phone, and the line
clears for both."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.collab.models import ActionItem, ActionStatus
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser


def test_an_item_owed_by_the_provider_is_seen_by_both_and_done_on_the_board(
    bworld, new_context, base_url
):
    ann_ctx = new_context()
    sign_in_cookie(ann_ctx, bworld, "client_admin_a", base_url)
    ann = ann_ctx.new_page()
    ann.goto("/actions/")
    ann.get_by_role("link", name="Add an action item").click()
    ann.get_by_label("What is to be done").fill("Replace the front-desk toner")
    ann.get_by_label("Owner").select_option(label="Tess Tech")
    ann.get_by_label("Due").fill("2020-01-06")
    ann.get_by_role("button", name="Add to the plan").click()
    expect(ann.get_by_text("added to the plan")).to_be_visible()
    expect(ann.get_by_text("Provider owes 1 overdue, practice owes 0.")).to_be_visible()
    item = ActionItem.objects.get()
    assert (item.side, item.owner) == ("provider", bworld.people["technician_a"])

    tess_ctx = new_context(viewport=PHONE)
    sign_in_cookie(tess_ctx, bworld, "technician_a", base_url)
    tess = tess_ctx.new_page()
    tess.goto("/actions/?practice=riverside&view=board")
    expect(tess.get_by_text("Provider owes 1 overdue, practice owes 0.")).to_be_visible()
    tess.screenshot(path=SCREENSHOTS / "action-board-phone.png", full_page=True)
    tess.get_by_role("button", name=f"Done {item.reference}").click()
    expect(tess.get_by_text(f"{item.reference}: done.")).to_be_visible()
    expect(tess.get_by_text("Provider owes 0 overdue, practice owes 0.")).to_be_visible()
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    ann.reload()
    expect(ann.get_by_text("Provider owes 0 overdue, practice owes 0.")).to_be_visible()
