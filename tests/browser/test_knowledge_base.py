"""The knowledge base at intake, in a browser: a practice member types
"printer offline" into Get help, an article is suggested, and "This solved
it" records a deflection without creating a request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.desk.models import ServiceRequest
from tandem.kb.models import Deflection
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_a_suggested_article_solves_it_and_no_request_is_made(
    bworld, new_context, base_url, viewport
):
    requests_before = ServiceRequest.objects.count()
    ctx = new_context(viewport=viewport)
    sign_in_cookie(ctx, bworld, "client_member_a", base_url)
    page = ctx.new_page()
    page.goto("/help/")
    page.get_by_label("What do you need help with?").press_sequentially("printer offline")
    suggestions = page.get_by_role("region", name="These answers may help")
    expect(suggestions).to_be_visible()
    # Only what this practice may read: not practice B's article, never an internal one.
    expect(suggestions.get_by_text(re.compile("CANARY"))).to_have_count(0)
    suggestions.get_by_text(bworld.article.title).click()
    expect(suggestions.get_by_text("Turn the printer off and on.")).to_be_visible()
    name = "laptop" if viewport is None else "phone"
    page.screenshot(path=SCREENSHOTS / f"kb-suggestion-{name}.png", full_page=True)
    suggestions.get_by_role("button", name="This solved it").click()
    expect(page.get_by_role("heading", name="Glad that solved it")).to_be_visible()
    expect(page.get_by_label("What do you need help with?")).to_have_count(0)  # form closed
    assert ServiceRequest.objects.count() == requests_before
    deflection = Deflection.objects.get()
    assert (deflection.article_id, deflection.person_id) == (
        bworld.article.pk,
        bworld.people["client_member_a"].pk,
    )
    bworld.article.refresh_from_db()
    assert bworld.article.solved_count == 1
