"""The queue's tools in a browser: a technician filters the queue, saves the
filters as a view shared with the team, ticks two requests and assigns them
in one go; a teammate finds the view above their own queue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.core.tenancy import SYSTEM
from tandem.desk import services
from tandem.desk.models import SavedView, ServiceRequest
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser


def test_filter_save_a_shared_view_and_assign_in_bulk(bworld, new_context, base_url):
    printers = [
        services.open_request(
            actor=SYSTEM,
            organization=bworld.a,
            subject=f"Label printer {n} offline",
            body="It does not print.",
            category="devices",
            impact="person_blocked",
        )
        for n in (1, 2)
    ]
    ctx = new_context()
    sign_in_cookie(ctx, bworld, "provider_admin", base_url)
    page = ctx.new_page()
    page.goto("/requests/?queue=unassigned")
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Category").select_option(label="Devices and printers")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name=re.compile("Label printer 1 offline"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Front desk PCs"))).to_have_count(0)
    # With a filter set, the box stays open.
    page.get_by_label("Save these filters as").fill("Unassigned printers")
    page.get_by_label("Share with").select_option(label="Front line")
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_text("Saved the view “Unassigned printers”.")).to_be_visible()
    view = SavedView.objects.get(name="Unassigned printers")
    assert view.filters == {"queue": "unassigned", "category": "devices"}
    assert view.team_id == bworld.team.pk
    expect(page.get_by_role("link", name="Unassigned printers")).to_have_attribute(
        "aria-current", "page"
    )

    for item in printers:
        page.get_by_label(f"Select {item.reference}").check()
    page.get_by_text("Change the ticked requests").click()
    page.get_by_label("With the ticked requests").select_option(label="Assign to")
    page.get_by_label("Assign to", exact=True).select_option(label="Tess Tech")
    page.screenshot(path=SCREENSHOTS / "queue-bulk.png", full_page=True)
    page.get_by_role("button", name="Apply to ticked").click()
    expect(page.get_by_text("Changed 2 requests.")).to_be_visible()
    # Assigned, so no longer in the unassigned view.
    expect(page.get_by_role("link", name=re.compile("Label printer 1 offline"))).to_have_count(0)
    assert {r.assignee_id for r in ServiceRequest.objects.filter(subject__startswith="Label")} == {
        bworld.people["technician_a"].pk
    }

    teammate = new_context(viewport=PHONE)
    sign_in_cookie(teammate, bworld, "technician_a", base_url)
    tech = teammate.new_page()
    tech.goto("/requests/")
    tech.get_by_role("link", name="Unassigned printers").click()
    expect(tech.get_by_text("Nothing here. Good.")).to_be_visible()
    tech.screenshot(path=SCREENSHOTS / "queue-views-phone.png", full_page=True)


def test_search_from_the_queue_and_from_the_portal(bworld, new_context, base_url):
    """A technician searches every queue for a word of an internal note; the
    practice's member searching the same word finds nothing, and finds her
    request by a word of its description."""
    ctx = new_context()
    sign_in_cookie(ctx, bworld, "technician_a", base_url)
    page = ctx.new_page()
    page.goto("/requests/")
    page.get_by_role("searchbox", name="Search requests").fill("firewall rule")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("for “firewall rule” in My work")
    page.get_by_role("link", name="search everything").click()
    expect(page.get_by_role("status")).to_contain_text("1 match for “firewall rule”")
    expect(page.get_by_role("link", name=re.compile("Front desk PCs"))).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "queue-search.png", full_page=True)

    member = new_context(viewport=PHONE)
    sign_in_cookie(member, bworld, "client_member_a", base_url)
    phone = member.new_page()
    phone.goto("/requests/")
    phone.get_by_role("searchbox", name="Search requests").fill("firewall")
    phone.get_by_role("button", name="Search", exact=True).click()
    expect(phone.get_by_role("status")).to_contain_text("No match for “firewall”")
    phone.get_by_role("searchbox", name="Search requests").fill("front desk")
    phone.get_by_role("button", name="Search", exact=True).click()
    expect(phone.get_by_role("link", name=re.compile("Front desk PCs"))).to_be_visible()
    phone.screenshot(path=SCREENSHOTS / "portal-search-phone.png", full_page=True)
