"""A deactivated person's open browser session and API token stop on their next request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts import services
from tandem.accounts.actors import actor_for
from tests.browser.conftest import sign_in_cookie

pytestmark = pytest.mark.browser


def test_deactivation_ends_the_open_session_and_the_token(bworld, new_context, base_url):
    context = new_context()
    sign_in_cookie(context, bworld, "client_admin_a", base_url)
    page = context.new_page()
    page.goto("/clients/riverside/")
    expect(page.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()
    token = {"Authorization": f"Bearer {bworld.raw_api_token_a}"}
    assert context.request.get("/api/v1/me", headers=token).status == 200

    services.deactivate(
        actor=actor_for(bworld.people["provider_admin"]), person=bworld.people["client_admin_a"]
    )

    page.reload()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    anonymous = new_context()
    assert anonymous.request.get("/api/v1/me", headers=token).status == 401
