"""htmx runs under the strict Content-Security-Policy (script-src 'self', no
eval): it loads, the browser reports no CSP violation, and an htmx form works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, expect

from tests.browser.conftest import sign_in_cookie

pytestmark = pytest.mark.browser


def test_htmx_loads_and_works_under_the_csp(bworld, new_context, base_url):
    context = new_context()
    sign_in_cookie(context, bworld, "provider_admin", base_url)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))

    response = page.goto("/")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, policy
    assert "unsafe-eval" not in policy, policy
    assert "unsafe-inline" not in policy, policy

    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => htmx.version") == "2.0.4"
    assert page.evaluate("() => htmx.config.allowEval") is False

    # The practice switcher posts through htmx (hx-trigger="change") and
    # follows the HX-Redirect the server answers with.
    with page.expect_request(
        lambda r: r.url.endswith("/switch-client/") and r.headers.get("hx-request") == "true"
    ):
        page.get_by_label("Practice", exact=True).select_option(label="Riverside Clinic")
    expect(page).to_have_url(re.compile(r"/clients/riverside/$"))
    expect(page.get_by_role("heading", name="Riverside Clinic", level=1)).to_be_visible()

    csp_errors = [e for e in errors if "content security policy" in e.lower()]
    assert not csp_errors, csp_errors
    assert not errors, errors


def test_the_api_docs_page_is_served_locally_and_runs_under_the_csp(bworld, new_context, base_url):
    context = new_context()
    sign_in_cookie(context, bworld, "provider_admin", base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/audit-events")).to_be_visible()
    assert not errors, errors
    assert not [u for u in outside if not u.startswith("data:")], outside
