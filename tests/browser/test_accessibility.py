"""Accessibility and small screens on the main pages.

axe-core runs in each page: no "serious" or "critical" violation. At 375 px
(a small phone) nothing scrolls sideways. Each page is also photographed at
desktop and phone widths into ./screenshots for people to look at.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, DESKTOP, PHONE, SCREENSHOTS, sign_in_cookie
from tests.conftest import World
from tests.oncall.helpers import ack_token, policy_of, raise_p1, rotation_of
from tests.sla.helpers import terms_of

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@dataclass(frozen=True)
class Screen:
    name: str
    persona: str
    path: Callable[[World], str]
    heading: str
    then: Callable[[Page], None] | None = None


def _submit_empty_invite(page: Page) -> None:
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _submit_bad_site(page: Page) -> None:
    page.get_by_label("Monday opens").fill("17:00")
    page.get_by_label("Monday closes").fill("08:00")
    page.get_by_role("button", name="Save site").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    expect(page.get_by_text("Closing time must be after opening time.")).to_be_visible()


def _submit_bad_decision(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _submit_bad_signature(page: Page) -> None:
    page.get_by_role("button", name="Sign this decision").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _submit_bad_change(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _submit_bad_answer(page: Page) -> None:
    page.get_by_role("button", name="Sign my answer").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _change_path(world: World, state: str, path: str = "") -> str:
    from tests.collab.helpers import approved_of, change_of, submitted_of

    made = {"draft": change_of, "submitted": submitted_of, "approved": approved_of}[state](world)
    return path or f"/changes/{made.uuid}/"


def _submit_bad_action(page: Page) -> None:
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _action_path(world: World, path: str) -> str:
    from datetime import date

    from tests.collab.helpers import action_of

    action_of(world, owner="technician_a", due=date(2020, 1, 6), title="Replace the toner")
    item = action_of(world)
    return path or f"/actions/{item.uuid}/"


def _submit_bad_concern(page: Page) -> None:
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def _concern_path(world: World, path: str) -> str:
    from tests.collab.helpers import concern_of

    concern = concern_of(world)
    return path or f"/concerns/{concern.uuid}/"


def _decision_path(world: World, state: str) -> str:
    from tests.collab.helpers import agreed_of, proposed_of

    made = {"proposed": proposed_of, "agreed": agreed_of}[state](world)
    return f"/decisions/{made.uuid}/"


def _submit_bad_policy(page: Page) -> None:
    page.get_by_label("Minutes to acknowledge").first.fill("0")
    page.get_by_role("button", name="Save policy").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 1.")).to_be_visible()


def _submit_bad_mailbox(page: Page) -> None:
    page.get_by_label("Domains of practices").fill("x.example = nobody")
    page.get_by_role("button", name="Save mailbox").click()
    expect(page.get_by_text("Line 1: no practice is called")).to_be_visible()


def _mail_of(world: World) -> tuple[str, str]:
    """A mailbox routing practice A's domain, and a stranger's email held for triage."""
    from tandem.mail.ingest import ingest
    from tandem.mail.models import DomainRoute, InboundMessage, Mailbox, Transport
    from tests.mail.conftest import email

    box, created = Mailbox.objects.get_or_create(
        address="help@it.example", defaults={"name": "Help"}
    )
    if created:
        DomainRoute.objects.create(mailbox=box, domain="a.example", organization=world.a)
    held = InboundMessage.objects.filter(subject="Who am I").first()
    if held is None:
        raw = email(sender="stranger@elsewhere.example", subject="Who am I")
        held = ingest(raw, transport=Transport.PIPE).inbound
    return str(box.uuid), str(held.uuid)


def _a_page(world: World) -> tuple[str, str]:
    """A P1 of practice A raised at 02:00 last Sunday: its page and the
    link's token (read back from the email that carried it)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tandem.oncall.models import OnCallPage

    found = OnCallPage.objects.first()
    if found is None:
        policy_of(world)
        item = raise_p1(world, datetime(2026, 11, 29, 2, tzinfo=ZoneInfo("America/New_York")))
        found = OnCallPage.objects.get(request=item)
    return str(found.uuid), ack_token(found.attempts.get())


def _rating_link(world: World) -> str:
    """A request of A resolved for its member: the path of the emailed rating link."""
    import re

    from tandem.accounts.actors import actor_for
    from tandem.desk import services
    from tandem.notify.models import OutboxMessage

    item = services.open_request(
        actor=actor_for(world.people["client_member_a"]),
        organization=world.a,
        subject="Printer offline",
        body="Still offline.",
        category="devices",
        impact="person_blocked",
    )
    services.change_status(
        actor=actor_for(world.people["provider_admin"]), request=item, status="resolved"
    )
    mail = OutboxMessage.objects.get(subject__contains=f"[{item.reference}] How did we do?")
    return re.search(r"(/rate/[^\s/]+/)", mail.body_text).group(1)  # type: ignore[union-attr]


SCREENS = [
    Screen("sign-in", "anonymous", lambda w: "/accounts/login/", "Sign in"),
    Screen("provider-home", "provider_admin", lambda w: "/", "Good to see you, Pat Admin"),
    Screen("client-home", "client_admin_a", lambda w: "/", "Riverside Clinic"),
    Screen("organization", "provider_admin", lambda w: "/clients/riverside/", "Riverside Clinic"),
    Screen(
        "person",
        "provider_admin",
        lambda w: f"/people/{w.people['client_member_a'].uuid}/",
        "Mel Member",
    ),
    Screen("site-form", "client_admin_a", lambda w: "/clients/riverside/sites/new/", "site"),
    Screen(
        "site-form-errors",
        "client_admin_a",
        lambda w: "/clients/riverside/sites/new/",
        "site",
        then=_submit_bad_site,
    ),
    Screen("invite-form", "provider_admin", lambda w: "/clients/riverside/invite/", "Invite"),
    Screen(
        "invite-form-errors",
        "provider_admin",
        lambda w: "/clients/riverside/invite/",
        "Invite",
        then=_submit_empty_invite,
    ),
    Screen("audit", "provider_admin", lambda w: "/audit/", "Audit"),
    Screen("emergency-access", "technician_a", lambda w: "/emergency-access/", "Emergency access"),
    Screen("access-review", "provider_admin", lambda w: "/access-review/", "Access review"),
    Screen("api-tokens", "client_admin_a", lambda w: "/settings/tokens/", "Your API tokens"),
    Screen(
        "service-accounts",
        "client_admin_a",
        lambda w: "/clients/riverside/service-accounts/",
        "Service accounts",
    ),
    Screen(
        "service-account",
        "client_admin_a",
        lambda w: f"/service-accounts/{w.service_account_a.uuid}/",
        "Riverside monitoring",
    ),
    Screen("get-help", "client_member_a", lambda w: "/help/", "Get help"),
    Screen("staff-queue", "technician_a", lambda w: "/requests/?queue=active", "Requests"),
    Screen("portal-requests", "client_admin_a", lambda w: "/requests/", "My requests"),
    Screen(
        "request-staff",
        "technician_a",
        lambda w: f"/requests/{w.request_a.reference}/",
        "Front desk PCs",
    ),
    Screen(
        "request-practice",
        "client_member_a",
        lambda w: f"/requests/{w.request_a.reference}/",
        "Front desk PCs",
    ),
    Screen("phone-log", "technician_a", lambda w: "/desk/phone/?practice=riverside", "Log a call"),
    Screen("priorities", "provider_admin", lambda w: "/settings/priorities/", "Priorities"),
    Screen("teams", "technician_a", lambda w: "/desk/teams/", "Teams"),
    Screen("satisfaction", "provider_admin", lambda w: "/desk/satisfaction/", "Satisfaction"),
    Screen("time-report", "technician_a", lambda w: "/desk/time/", "Time report"),
    Screen(
        "sla-settings",
        "provider_admin",
        lambda w: "/settings/service-levels/",
        "Service levels settings",
    ),
    Screen(
        "sla-calendar",
        "provider_admin",
        lambda w: f"/settings/service-levels/calendars/{terms_of(w)[0].uuid}/",
        "Chicago office",
    ),
    Screen(
        "sla-policy",
        "provider_admin",
        lambda w: f"/settings/service-levels/policies/{terms_of(w)[1].uuid}/",
        "Premium",
    ),
    Screen(
        "sla-contract",
        "provider_admin",
        lambda w: f"/settings/service-levels/contracts/{terms_of(w)[2]['own'].uuid}/",
        "Managed services",
    ),
    Screen("oncall", "technician_a", lambda w: (rotation_of(w), "/oncall/")[1], "On call"),
    Screen(
        "oncall-rotation",
        "provider_admin",
        lambda w: f"/oncall/rotations/{rotation_of(w).uuid}/",
        "Desk nights",
    ),
    Screen("oncall-feeds", "technician_a", lambda w: "/oncall/feeds/", "Calendar feeds"),
    Screen(
        "oncall-policy",
        "provider_admin",
        lambda w: f"/oncall/policies/{policy_of(w).uuid}/",
        "Out of hours",
        then=_submit_bad_policy,
    ),
    Screen("oncall-page", "technician_a", lambda w: f"/oncall/pages/{_a_page(w)[0]}/", "Page for"),
    Screen("oncall-ack", "anonymous", lambda w: f"/oncall/ack/{_a_page(w)[1]}/", "Page for"),
    Screen("mail", "provider_admin", lambda w: (_mail_of(w), "/mail/")[1], "Mail"),
    Screen(
        "mailbox",
        "provider_admin",
        lambda w: f"/mail/mailboxes/{_mail_of(w)[0]}/",
        "help@it.example",
        then=_submit_bad_mailbox,
    ),
    Screen("mail-triage", "provider_admin", lambda w: (_mail_of(w), "/mail/triage/")[1], "held"),
    Screen("mail-held", "provider_admin", lambda w: f"/mail/held/{_mail_of(w)[1]}/", "Who am I"),
    Screen("oncall-channels", "technician_a", lambda w: "/oncall/channels/", "Paging channels"),
    Screen("support", "client_member_a", lambda w: (_a_page(w), "/support/")[1], "Support"),
    Screen("service-levels", "client_member_a", lambda w: "/service-levels/", "Service levels"),
    Screen(
        "service-levels-staff",
        "provider_admin",
        lambda w: "/service-levels/?practice=riverside",
        "Service levels",
    ),
    Screen("canned-replies", "technician_a", lambda w: "/desk/replies/", "Canned replies"),
    Screen(
        "canned-reply-edit",
        "provider_admin",
        lambda w: f"/desk/replies/{w.macro.uuid}/",
        "Looking into it",
    ),
    Screen(
        "canned-reply-preview",
        "technician_a",
        lambda w: f"/requests/{w.request_a.reference}/reply-with/?macro={w.macro.uuid}",
        "Send",
    ),
    Screen("rate-link", "anonymous", _rating_link, "How did we do"),
    Screen("team-edit", "provider_admin", lambda w: f"/desk/teams/{w.team.uuid}/", "Front line"),
    Screen("saved-views", "technician_a", lambda w: "/desk/views/", "Saved views"),
    Screen("queue-search", "technician_a", lambda w: "/requests/?queue=all&q=EHR", "Requests"),
    Screen("portal-search", "client_member_a", lambda w: "/requests/?q=EHR", "My requests"),
    Screen(
        "redact",
        "provider_admin",
        lambda w: f"/requests/{w.request_a.reference}/redact/",
        "Remove text for good",
    ),
    Screen(
        "file-delete",
        "provider_admin",
        lambda w: f"/requests/{w.request_a.reference}/files/{w.attachment_a.uuid}/delete/",
        "for good",
    ),
    Screen("kb-list", "client_member_a", lambda w: "/kb/?q=printer", "Knowledge base"),
    Screen("kb-list-staff", "technician_a", lambda w: "/kb/", "Knowledge base"),
    Screen("kb-article", "client_member_a", lambda w: f"/kb/{w.article.uuid}/", "Printer shows"),
    Screen("kb-edit", "technician_a", lambda w: f"/kb/{w.article.uuid}/edit/", "Edit"),
    Screen(
        "saved-view-edit",
        "provider_admin",
        lambda w: f"/desk/views/{w.view.uuid}/",
        "Front line P1s",
    ),
    Screen("staff-notice-choices", "technician_a", lambda w: "/settings/notices/", "Your notices"),
    Screen("notices", "client_member_a", lambda w: "/notices/", "Notices"),
    Screen("notice-choices", "client_member_a", lambda w: "/settings/notices/", "Your notices"),
    Screen("security-keys", "client_admin_a", lambda w: "/accounts/2fa/webauthn/", "Security Keys"),
    Screen(
        "own-person-page",
        "client_admin_a",
        lambda w: f"/people/{w.people['client_admin_a'].uuid}/",
        "Ann Admin",
    ),
    Screen("invitation-accept", "anonymous", lambda w: f"/invite/{w.token_a}/", "Join Riverside"),
    Screen(
        "decision-log",
        "provider_admin",
        lambda w: "/decisions/?practice=riverside&q=x",
        "Decisions",
    ),
    Screen(
        "decision-new",
        "provider_admin",
        lambda w: "/decisions/new/",
        "Write a decision",
        then=_submit_bad_decision,
    ),
    Screen("decision-to-sign", "client_admin_a", lambda w: _decision_path(w, "proposed"), "D-"),
    Screen(
        "decision-bad-signature",
        "client_admin_a",
        lambda w: _decision_path(w, "proposed"),
        "D-",
        then=_submit_bad_signature,
    ),
    Screen("decision-agreed", "client_member_a", lambda w: _decision_path(w, "agreed"), "D-"),
    Screen(
        "changes", "provider_admin", lambda w: _change_path(w, "approved", "/changes/"), "Changes"
    ),
    Screen(
        "change-new",
        "technician_a",
        lambda w: "/changes/new/?practice=riverside",
        "Plan a change",
        then=_submit_bad_change,
    ),
    Screen("change-draft", "provider_admin", lambda w: _change_path(w, "draft"), "C-"),
    Screen(
        "change-to-approve",
        "client_admin_a",
        lambda w: _change_path(w, "submitted"),
        "C-",
        then=_submit_bad_answer,
    ),
    Screen("change-approved", "client_member_a", lambda w: _change_path(w, "approved"), "C-"),
    Screen(
        "change-feeds", "client_admin_a", lambda w: "/changes/feeds/", "Changes in your calendar"
    ),
    Screen("action-plan", "client_member_a", lambda w: _action_path(w, "/actions/"), "Action plan"),
    Screen(
        "action-board",
        "provider_admin",
        lambda w: _action_path(w, "/actions/?practice=riverside&view=board"),
        "Action plan",
    ),
    Screen(
        "action-new",
        "client_admin_a",
        lambda w: "/actions/new/",
        "Add an action item",
        then=_submit_bad_action,
    ),
    Screen("action-item", "client_admin_a", lambda w: _action_path(w, ""), "A-"),
    Screen("concerns", "provider_admin", lambda w: _concern_path(w, "/concerns/"), "Concerns"),
    Screen(
        "concern-new",
        "client_member_a",
        lambda w: "/concerns/new/",
        "Raise a concern",
        then=_submit_bad_concern,
    ),
    Screen("concern-to-answer", "provider_admin", lambda w: _concern_path(w, ""), "CN-"),
    Screen("concern-raised", "client_member_a", lambda w: _concern_path(w, ""), "CN-"),
]


def _axe_problems(page: Page, axe_source: str) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document)")
    problems = []
    for violation in results["violations"]:
        if violation["impact"] in BLOCKING:
            nodes = [
                {"target": n["target"], "summary": n.get("failureSummary", "")}
                for n in violation["nodes"][:5]
            ]
            problems.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']}\n"
                f"  {json.dumps(nodes, indent=1)}"
            )
    return problems


def _dangling_references(page: Page) -> list[str]:
    """aria-describedby/-labelledby pointing at no element (axe lets it pass:
    Django 5.2 points fields at "<id>_error", which templates must render)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')]
             .flatMap(e => ['aria-describedby', 'aria-labelledby']
               .filter(a => e.hasAttribute(a))
               .flatMap(a => e.getAttribute(a).split(/\\s+/)
                 .filter(id => id && !document.getElementById(id))
                 .map(id => `#${e.id || e.tagName.toLowerCase()} ${a}="${id}" matches nothing`)))"""
    )


@pytest.fixture(scope="module", autouse=True)
def _screenshots_dir() -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / ".gitignore").write_text("*\n")  # never committed


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing (npm ci)")
    return AXE_JS.read_text()


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_page_is_accessible_and_fits_a_phone(screen, bworld, new_context, base_url, axe_source):
    # The pages' CSP (script-src 'self') rightly blocks the injected axe script:
    # this context bypasses CSP; test_csp.py checks the real policy.
    context = new_context(viewport=DESKTOP, bypass_csp=True)
    if screen.persona != "anonymous":
        sign_in_cookie(context, bworld, screen.persona, base_url)
    page = context.new_page()
    response = page.goto(screen.path(bworld))
    assert response is not None
    assert response.status == 200, f"{screen.name}: HTTP {response.status}"
    if screen.then:
        screen.then(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(screen.heading)
    # The stylesheet loaded (a 404 under nosniff leaves the page unstyled, unnoticed).
    assert page.evaluate(
        """() => { const links = [...document.querySelectorAll('link[rel=stylesheet]')];
                   return links.length > 0
                     && links.every(l => l.sheet && l.sheet.cssRules.length > 0); }"""
    ), f"{screen.name}: a stylesheet did not load"

    failures = []
    page.screenshot(path=SCREENSHOTS / f"{screen.name}-desktop.png", full_page=True)
    failures += [f"desktop {p}" for p in _axe_problems(page, axe_source)]
    failures += _dangling_references(page)

    page.set_viewport_size(PHONE)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if widths["scroll"] > widths["inner"]:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .slice(0, 8)
                 .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (e.className && typeof e.className === 'string'
                         ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                      + ' right=' + Math.round(e.getBoundingClientRect().right))"""
        )
        failures.append(
            f"phone: scrolls sideways ({widths['scroll']} > {widths['inner']} px); too wide: {wide}"
        )
    page.screenshot(path=SCREENSHOTS / f"{screen.name}-phone.png", full_page=True)
    failures += [f"phone {p}" for p in _axe_problems(page, axe_source)]

    assert not failures, f"{screen.name} ({screen.path(bworld)}):\n" + "\n".join(failures)
