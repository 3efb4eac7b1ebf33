"""Browser tests: Playwright's sync API driving Debian's headless Chromium
against pytest-django's live server, served on ``localhost``.

Playwright's sync API keeps an asyncio loop running in the test thread, so
Django's ORM refuses to run there unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set.
It is set for the browser tests only, and Playwright stops after each module:
a loop left running would break later tests that use ``async_to_sync``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright

from tests.conftest import World, build_world, drop_immutability_triggers

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 10_000
# CI runs the SQLite suite (with these tests) beside the PostgreSQL one on two
# cores: assertions wait as long as actions do, not Playwright's default 5 s.
expect.set_options(timeout=TIMEOUT_MS)
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one module. ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set exactly
    while Playwright runs: module scope outlives every test's database
    teardown (live_server flushes the database after function fixtures)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser-deps)")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def base_url(live_server, settings) -> str:
    """The live server on ``localhost`` (WebAuthn and cookies want a host name,
    not an IP); emailed links point at it too."""
    url = live_server.url.replace("127.0.0.1", "localhost")
    settings.SITE_URL = url
    return url


@pytest.fixture
def bworld(transactional_db, base_url) -> Iterator[World]:
    """The shared world of tests/conftest.py, committed so the live server's
    thread sees it (rollback tests would hide it)."""
    # The database cache (allauth's rate limits) needs its table; flush keeps it.
    call_command("createcachetable", verbosity=0)
    yield build_world()
    drop_immutability_triggers()  # before the flush; the next test restores them


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator:
    """A factory of fresh browser contexts (separate cookie jars), closed after."""
    contexts: list[BrowserContext] = []

    def make(*, viewport: dict[str, int] | None = None, **kwargs) -> BrowserContext:
        context = browser.new_context(
            base_url=base_url, viewport=viewport or DESKTOP, locale="en-US", **kwargs
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def sign_in_cookie(context: BrowserContext, world: World, persona: str, base_url: str) -> None:
    """Sign ``persona`` in without the form: a session made by Django's test
    client, its cookie handed to the browser (the form is tested elsewhere)."""
    client = Client()
    client.force_login(world.people[persona])
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": base_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
