"""A practice admin sets up an integration: a service account, a token made
after confirming the password, the token used by the integration, then the
account retired and its token dead."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.api.models import ServiceAccount
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in_cookie
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_an_admin_sets_up_and_retires_an_integration(bworld, new_context, base_url):
    context = new_context()
    sign_in_cookie(context, bworld, "client_admin_a", base_url)
    page = context.new_page()
    page.goto("/clients/riverside/")
    page.get_by_role("link", name="Service accounts").click()
    expect(page.get_by_role("heading", name="Service accounts", level=1)).to_be_visible()

    page.get_by_label("Name").fill("Backup monitor")
    page.get_by_label("Description").fill("Nightly backup checks, run by Front Office IT")
    page.get_by_label("Role").select_option(label="Practice member")
    page.get_by_role("button", name="Add the service account").click()
    expect(page.get_by_role("heading", name="Backup monitor")).to_be_visible()
    expect(page.get_by_text("Practice member")).to_be_visible()

    page.get_by_role("link", name="New token").click()
    page.get_by_label("Password").fill(PASSWORD)  # making a token asks for it again
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="New API token for Backup monitor")).to_be_visible()
    page.get_by_label("Name").fill("backup-checker")
    page.get_by_label("Read organizations, sites and people").check()
    page.get_by_role("button", name="Make the token").click()
    raw = page.get_by_label(re.compile("Token backup-checker")).input_value()
    assert raw.startswith("tdm_")
    page.screenshot(path=SCREENSHOTS / "service-account-token.png", full_page=True)

    # The integration uses it: a separate context, so no session cookie.
    api = new_context().request
    headers = {"Authorization": f"Bearer {raw}"}
    used = api.get(f"{base_url}/api/v1/sites", headers=headers, fail_on_status_code=False)
    assert used.status == 200
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("cell", name=re.compile("backup-checker"))).to_be_visible()
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "service-account-phone.png", full_page=True)

    page.get_by_role("button", name="Deactivate Backup monitor").click()
    expect(page.get_by_text("Backup monitor deactivated")).to_be_visible()
    assert api.get(f"{base_url}/api/v1/sites", headers=headers).status == 401
    assert ServiceAccount.objects.get(name="Backup monitor").deactivated_at is not None
