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


def test_the_practice_reads_its_service_levels_from_home_on_a_phone(bworld, new_context, base_url):
    # The world's request was answered by the technician: one promise kept.
    ctx = new_context(viewport=PHONE)
    sign_in_cookie(ctx, bworld, "client_member_a", base_url)
    page = ctx.new_page()
    page.goto("/")
    card = page.get_by_role("region", name="Our service levels, last 30 days")
    expect(card.get_by_role("cell", name=re.compile(r"100%"))).to_be_visible()
    page.get_by_role("link", name="Service levels month by month").click()
    monthly = page.get_by_role("region", name="Service levels by month")
    expect(monthly).to_contain_text(datetime.now().strftime("%b %Y"))
    expect(monthly).to_contain_text("(1 of 1)")
    page.screenshot(path=SCREENSHOTS / "sla-figures-member.png", full_page=True)

    staff_ctx = new_context()
    sign_in_cookie(staff_ctx, bworld, "provider_admin", base_url)
    staff = staff_ctx.new_page()
    staff.goto("/service-levels/")
    staff.get_by_label("Practice to show").select_option(label=bworld.a.name)
    staff.get_by_role("button", name="Show").click()
    expect(staff.get_by_role("heading", name=f"Service levels · {bworld.a.name}")).to_be_visible()
    expect(staff.get_by_role("region", name="Service levels by month")).to_contain_text("(1 of 1)")
    staff.screenshot(path=SCREENSHOTS / "sla-figures-staff.png", full_page=True)


def test_a_lead_adds_a_contract_and_the_practice_sees_its_deadline_move(
    bworld, new_context, base_url
):
    from tandem.accounts.actors import actor_for
    from tandem.desk import services as desk
    from tests.sla.helpers import terms_of

    terms_of(bworld, with_contracts=False)  # a Premium policy and a Chicago calendar
    with time_machine.travel(FRIDAY_1630, tick=True):
        item = desk.open_request(
            actor=actor_for(bworld.people["client_member_a"]),
            organization=bworld.a,
            subject="Scheduling is down",
            body="Nobody can book.",
            category="ehr",
            impact="practice_down",
        )
        member_ctx = new_context(viewport=PHONE)
        sign_in_cookie(member_ctx, bworld, "client_member_a", base_url)
        member = member_ctx.new_page()
        member.goto(f"/requests/{item.reference}/")
        box = member.get_by_role("region", name="Service level")
        # The standard promise: a P2 answered within an hour of New York business time.
        expect(box).to_contain_text("Fri Nov 20, 16:30 CST")

        ctx = new_context()
        sign_in_cookie(ctx, bworld, "provider_admin", base_url)
        lead = ctx.new_page()
        lead.goto("/settings/service-levels/")
        lead.get_by_role("link", name="Add a contract").click()
        lead.get_by_label("With the practice").select_option(label=bworld.a.name)
        lead.get_by_label("Name").fill("Premium care")
        lead.get_by_label("Policy").select_option(label="Premium")
        lead.get_by_label("Hours of coverage").select_option(label="Chicago office")
        lead.get_by_label("Starts on").fill("2026-11-01")
        lead.get_by_role("button", name="Save contract").click()
        expect(lead.get_by_text("Saved.")).to_be_visible()
        expect(lead.get_by_role("row", name=re.compile("Premium care"))).to_contain_text(
            "Chicago office"
        )
        lead.screenshot(path=SCREENSHOTS / "sla-contract-saved.png", full_page=True)

        # Premium answers a P2 in 30 minutes of Chicago's 09:00-17:00: 16:00 there.
        member.reload()
        expect(box).to_contain_text("Fri Nov 20, 16:00 CST")
        member.screenshot(path=SCREENSHOTS / "sla-member-new-contract.png", full_page=True)
