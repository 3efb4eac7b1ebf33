"""On call in a browser, time frozen at 02:00 on a Sunday: a member raises a
P1 from a phone; the person on call (Tess, primary) is paged at once; nobody
acknowledges, so after the five-minute wait the escalation job pages Pat
(secondary); Pat opens his link, which only shows the page, and
acknowledges with its button (a POST); the escalation stops; the practice
sees on the request and on its Support page that Pat is on it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tandem.desk.models import ServiceRequest
from tandem.notify.models import OutboxMessage
from tandem.oncall import paging
from tandem.oncall.models import OnCallPage, PageStatus
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie
from tests.oncall.helpers import policy_of

pytestmark = pytest.mark.browser

SUNDAY_2 = datetime(2026, 11, 29, 2, 0, tzinfo=ZoneInfo("America/New_York"))


def ack_link(person) -> str:
    email = OutboxMessage.objects.filter(recipient=person.email, subject__contains="Paged").get()
    return re.search(r"https?://\S+/oncall/ack/[\w-]+/", email.body_text).group(0)


def test_a_p1_at_two_on_sunday_pages_primary_then_secondary_who_acknowledges(
    bworld, new_context, base_url
):
    tess, pat = bworld.people["technician_a"], bworld.people["provider_admin"]
    with time_machine.travel(SUNDAY_2, tick=True) as clock:
        policy_of(bworld)
        member_ctx = new_context(viewport=PHONE)
        sign_in_cookie(member_ctx, bworld, "client_member_a", base_url)
        member = member_ctx.new_page()
        member.goto("/help/")
        member.get_by_role("radio", name=re.compile("Patient care is affected")).check()
        member.get_by_label("What do you need help with?").fill("EHR down before clinic")
        member.get_by_label("What is happening?").fill("No chart opens; first patients at 7.")
        member.get_by_label("What is it about?").select_option(label="EHR / practice management")
        member.get_by_role("button", name="Send", exact=True).click()
        expect(member.get_by_text(re.compile(r"Sent as T-\d+"))).to_be_visible()
        item = ServiceRequest.objects.latest("id")
        page = OnCallPage.objects.get(request=item)
        assert [a.person for a in page.attempts.all()] == [tess]

        # Five minutes, no acknowledgement: the job pages the second level.
        clock.move_to(SUNDAY_2 + timedelta(minutes=5, seconds=30))
        assert paging.escalate_due() == 1
        assert [a.person for a in page.attempts.order_by("id")] == [tess, pat]

        pat_ctx = new_context(viewport=PHONE)  # not signed in: the link is the key
        phone = pat_ctx.new_page()
        phone.goto(ack_link(pat))
        expect(phone.get_by_role("heading", name=f"Page for {item.reference}")).to_be_visible()
        page.refresh_from_db()
        assert page.status == PageStatus.OPEN  # the GET showed the page, nothing more
        phone.screenshot(path=SCREENSHOTS / "oncall-ack-link.png", full_page=True)
        phone.get_by_role("button", name="Acknowledge: I am on it").click()
        expect(phone.get_by_role("heading", name="You are on it")).to_be_visible()
        phone.screenshot(path=SCREENSHOTS / "oncall-acknowledged.png", full_page=True)

        clock.move_to(SUNDAY_2 + timedelta(minutes=30))
        assert paging.escalate_due() == 0
        page.refresh_from_db()
        assert page.status == PageStatus.ACKNOWLEDGED
        assert page.acknowledged_by == pat
        assert page.attempts.count() == 2

        # The member's session idled out meanwhile (15 minutes): she signs in again.
        member_ctx = new_context(viewport=PHONE)
        sign_in_cookie(member_ctx, bworld, "client_member_a", base_url)
        member = member_ctx.new_page()
        member.goto(f"/requests/{item.reference}/")
        expect(member.get_by_text("Pat Admin (on call) acknowledged the page")).to_be_visible()
        member.screenshot(path=SCREENSHOTS / "oncall-member-request.png", full_page=True)
        member.goto("/support/")
        expect(member.get_by_text("Outside your business hours")).to_be_visible()
        expect(
            member.get_by_text(re.compile(rf"{item.reference}:\s+Pat Admin is on it"))
        ).to_be_visible()
        member.screenshot(path=SCREENSHOTS / "oncall-member-support.png", full_page=True)

        staff_ctx = new_context()
        sign_in_cookie(staff_ctx, bworld, "provider_admin", base_url)
        staff = staff_ctx.new_page()
        staff.goto("/oncall/")
        times = staff.get_by_role("region", name="Acknowledgement times")
        expect(times.get_by_role("row", name=re.compile(r"Pat Admin 1 1"))).to_be_visible()
        staff.screenshot(path=SCREENSHOTS / "oncall-provider.png", full_page=True)
