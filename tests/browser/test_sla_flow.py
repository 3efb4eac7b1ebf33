"""The SLA in a browser (time set to a Friday afternoon): a member raises a
request that stops the practice (P2) at 16:30 and sees its resolution is due
on Monday; the technician asks the practice a question, and the member sees
the clock paused and why. The staff queue shows the countdown."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tandem.desk.models import ServiceRequest
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser

FRIDAY_1630 = datetime(2026, 11, 20, 16, 30, tzinfo=ZoneInfo("America/New_York"))


def test_a_p2_raised_friday_afternoon_is_due_monday_and_pauses_while_waiting(
    bworld, new_context, base_url
):
    with time_machine.travel(FRIDAY_1630, tick=True):
        member_ctx = new_context(viewport=PHONE)
        sign_in_cookie(member_ctx, bworld, "client_member_a", base_url)
        member = member_ctx.new_page()
        member.goto("/help/")
        member.get_by_role("radio", name=re.compile("The practice can't work")).check()
        member.get_by_label("What do you need help with?").fill("Scheduling is down")
        member.get_by_label("What is happening?").fill("Nobody at the front desk can book.")
        member.get_by_label("What is it about?").select_option(label="EHR / practice management")
        member.get_by_role("button", name="Send", exact=True).click()
        expect(member.get_by_text(re.compile(r"Sent as T-\d+"))).to_be_visible()
        item = ServiceRequest.objects.latest("id")
        assert item.priority == 2
        box = member.get_by_role("region", name="Service level")
        # The member's clinic is in Chicago: Monday 14:30 New York is 13:30 there.
        expect(box).to_contain_text("Resolution")
        expect(box).to_contain_text("Mon Nov 23, 13:30 CST")
        expect(box).to_contain_text("First response")
        member.screenshot(path=SCREENSHOTS / "sla-member-due.png", full_page=True)

        tech_ctx = new_context()
        sign_in_cookie(tech_ctx, bworld, "technician_a", base_url)
        tech = tech_ctx.new_page()
        tech.goto("/requests/?queue=all")
        row = tech.get_by_role("row", name=re.compile(item.reference))
        expect(row).to_contain_text(re.compile(r"Due in \d+ min"))
        tech.get_by_role("link", name=re.compile(item.reference)).click()
        tech.get_by_label("Your message").fill("Which PC shows the error?")
        tech.get_by_label("This asks the practice something: wait for their answer").check()
        tech.get_by_role("button", name="Send", exact=True).click()
        expect(tech.get_by_text("Waiting on the practice").first).to_be_visible()

        member.reload()
        expect(box).to_contain_text("Paused: Waiting on the practice")
        member.screenshot(path=SCREENSHOTS / "sla-member-paused.png", full_page=True)
