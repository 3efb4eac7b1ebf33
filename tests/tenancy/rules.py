"""The declared access rule of every route, for every persona.

Personas: provider_admin, technician_a (limited to practice A), client_admin_a,
client_member_a, auditor_a, client_admin_b, anonymous. `own` requests address
practice A's objects, `foreign` requests practice B's.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.conftest import PERSONAS, World
from tests.tenancy.harness import Rule, Statuses


def each(status: int, **overrides: int) -> Statuses:
    return {p: overrides.get(p, status) for p in PERSONAS}


def signed_in(status: int, anon: int = 302, **overrides: int) -> Statuses:
    return each(status, anonymous=anon, **overrides)


def scoped(
    ok: int,
    *,
    anon: int = 302,
    side: str,
    denied_a: int = 404,
    tech: int | None = None,
    client_admin_a: int | None = None,
) -> Statuses:
    """Readable by the provider and by the owning practice; 404 to the other practice."""
    if side == "own":
        return {
            "provider_admin": ok,
            "technician_a": ok if tech is None else tech,
            "client_admin_a": ok if client_admin_a is None else client_admin_a,
            "client_member_a": ok,
            "auditor_a": ok,
            "client_admin_b": 404,
            "anonymous": anon,
        }
    return {
        "provider_admin": ok,
        "technician_a": 404,
        "client_admin_a": denied_a,
        "client_member_a": denied_a,
        "auditor_a": denied_a,
        "client_admin_b": ok,
        "anonymous": anon,
    }


def managed(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Changed by the provider admin and the owning practice's admin only."""
    if side == "own":
        return {
            "provider_admin": ok,
            "technician_a": 403,
            "client_admin_a": ok,
            "client_member_a": 403,
            "auditor_a": 403,
            "client_admin_b": 404,
            "anonymous": anon,
        }
    return scoped(ok, anon=anon, side="foreign")


def admins_only(ok: int, *, side: str, anon: int = 401) -> Statuses:
    """The API's service accounts: anyone but an admin is refused by role (403)
    before any lookup, so the refusal says nothing about the object."""
    statuses = managed(ok, side=side, anon=anon)
    return {**statuses, "technician_a": 403, "client_member_a": 403, "auditor_a": 403}


def staff_only(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Desk work on a request: provider staff who see it; its practice is
    refused (403), the other practice does not find it (404)."""
    if side == "own":
        return {
            "provider_admin": ok,
            "technician_a": ok,
            "client_admin_a": 403,
            "client_member_a": 403,
            "auditor_a": 403,
            "client_admin_b": 404,
            "anonymous": anon,
        }
    return {
        "provider_admin": ok,
        "technician_a": 404,
        "client_admin_a": 404,
        "client_member_a": 404,
        "auditor_a": 404,
        "client_admin_b": 403,
        "anonymous": anon,
    }


def provider_admin_only(ok: int, anon: int = 302) -> Statuses:
    return each(403, provider_admin=ok, anonymous=anon)


NO_WRITE = each(405)


def enrolled(status: int) -> Statuses:
    """The personas with a second factor (provider staff must have one)."""
    return {"provider_admin": status, "technician_a": status}


NINJA_DOCS = "django-ninja's schema and docs views answer any method with the same read"
ALLAUTH = "allauth's own form; sign-in, sign-out and password flows are tested in tests/accounts"


def _redactors(ok: int, *, side: str, anon: int) -> Statuses:
    """Permanent redaction: the provider admin only. Whoever sees the request
    otherwise is refused (403); whoever does not see it does not find it (404)."""
    return {**staff_only(ok, side=side, anon=anon), "technician_a": 403 if side == "own" else 404}


def _leads(ok: int, *, side: str, anon: int) -> Statuses:
    """Explaining a missed deadline: provider admins and service managers.
    Whoever sees the request otherwise is refused; whoever does not, 404."""
    return _redactors(ok, side=side, anon=anon)


def _breach(world: World, side: str) -> dict[str, Any]:
    from tests.sla.helpers import breach_of

    return {**_request(world, side), "uuid": breach_of(world, side).uuid}


def _passage(world: World, side: str) -> dict[str, Any]:
    # A passage each side's request holds (see tests/conftest.py).
    return {"passage": "front desk" if side == "own" else "label printer", "reason": "phi"}


def _attachment(world: World, side: str) -> dict[str, Any]:
    return {
        **_request(world, side),
        "uuid": (world.attachment_a if side == "own" else world.attachment_b).uuid,  # type: ignore[union-attr]
    }


def _org(world: World, side: str) -> dict[str, Any]:
    return {"slug": (world.a if side == "own" else world.b).slug}


def _site(world: World, side: str) -> dict[str, Any]:
    return {"uuid": (world.site_a if side == "own" else world.site_b).uuid}


def _person(world: World, side: str) -> dict[str, Any]:
    return {"uuid": (world.contact_a if side == "own" else world.contact_b).uuid}  # type: ignore[union-attr]


def _invitation(world: World, side: str) -> dict[str, Any]:
    return {"uuid": (world.invitation_a if side == "own" else world.invitation_b).uuid}  # type: ignore[union-attr]


def _token(world: World, side: str) -> dict[str, Any]:
    return {"token": world.token_a if side == "own" else world.token_b}


def _slug_of(world: World, side: str) -> str:
    return (world.a if side == "own" else world.b).slug


def _new_email(prefix: str) -> Any:
    counter = iter(range(10_000))
    return lambda world, side: f"{prefix}-{side}-{next(counter)}@example.org"


_invite_email = _new_email("invitee")
_contact_email = _new_email("contact")
_api_invite_email = _new_email("api-invitee")
_integration_names = iter(range(100_000))


def _integration(world: World, side: str) -> dict[str, Any]:
    return {"name": f"Integration {next(_integration_names)}", "role": "client_member"}


def _service_account(world: World, side: str) -> dict[str, Any]:
    account = world.service_account_a if side == "own" else world.service_account_b
    return {"uuid": account.uuid}  # type: ignore[union-attr]


def _sa_token(world: World, side: str) -> dict[str, Any]:
    token = world.sa_token_a if side == "own" else world.sa_token_b
    return {**_service_account(world, side), "token": token.uuid}  # type: ignore[union-attr]


def _request(world: World, side: str) -> dict[str, Any]:
    return {"ref": (world.request_a if side == "own" else world.request_b).reference}  # type: ignore[union-attr]


def _fresh_request(world: World, side: str) -> Any:
    """A new request of practice A (raised for its member) or B: for writes
    that succeed once per request, such as merging it away."""
    from tandem.core.tenancy import SYSTEM
    from tandem.desk import services as desk

    own = side == "own"
    return desk.open_request(
        actor=SYSTEM,
        organization=world.a if own else world.b,
        requester=world.people["client_member_a" if own else "client_admin_b"],
        subject="The same printer again",
        body="Still offline.",
        category="devices",
        impact="person_blocked",
    )


def _rated_request(world: World, side: str) -> dict[str, Any]:
    """A request of A (raised for its member) or B (for its admin), resolved
    so its requester is asked to rate it."""
    from tandem.accounts.actors import actor_for
    from tandem.desk import services as desk

    item = _fresh_request(world, side)
    staff = actor_for(world.people["provider_admin"])
    desk.change_status(actor=staff, request=item, status="resolved")
    return {"ref": item.reference}


def _duplicate(world: World, side: str) -> dict[str, Any]:
    return {"ref": _fresh_request(world, side).reference}


def _linked_pair(world: World, side: str) -> dict[str, Any]:
    from tandem.core import links

    item = world.request_a if side == "own" else world.request_b
    other = _fresh_request(world, side)
    links.link(item, other, by="matrix")  # type: ignore[arg-type]
    return {"ref": item.reference, "other": other.reference}  # type: ignore[union-attr]


def _terms(world: World, side: str) -> Any:
    from tests.sla.helpers import terms_of

    return terms_of(world)


def _calendar(world: World, side: str) -> dict[str, Any]:
    return {"uuid": _terms(world, side)[0].uuid}


def _calendar_day(world: World, side: str) -> dict[str, Any]:
    return {"uuid": _terms(world, side)[0].uuid, "on": "2026-12-24"}


def _policy(world: World, side: str) -> dict[str, Any]:
    return {"uuid": _terms(world, side)[1].uuid}


def _contract(world: World, side: str) -> dict[str, Any]:
    return {"uuid": _terms(world, side)[2][side].uuid}


_years = itertools.count(1900)  # each made contract its own year, before any other contract


def _calendar_form(world: World, side: str) -> dict[str, Any]:
    return {"name": f"Weekend cover ({side})", "time_zone": "America/Chicago", "opens_5": "09:00",
            "closes_5": "13:00", "us_federal_holidays": "on"}  # fmt: skip


def _policy_form(world: World, side: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": f"Essentials ({side})", "warn_at_percent": "80"}
    for p in (1, 2, 3, 4):
        data.update({f"p{p}_first_response": "60", f"p{p}_next_response": "60",
                     f"p{p}_resolution": "960", f"p{p}_coverage": "business"})  # fmt: skip
    return data


def _contract_form(world: World, side: str) -> dict[str, Any]:
    calendar, policy, _contracts = _terms(world, side)
    year = next(_years)
    return {"name": "Renewal", "policy": str(policy.uuid), "calendar": str(calendar.uuid),
            "starts_on": f"{year}-01-01", "ends_on": f"{year}-12-31",
            "organization": world.a.slug}  # fmt: skip


def _day_form(world: World, side: str) -> dict[str, Any]:
    return {"date": "2026-12-31", "reason": "Year-end closure"}


def _calendar_json(world: World, side: str) -> dict[str, Any]:
    return {"name": f"Night cover ({side})", "hours": {"0": [[0, 360]]}}


def _policy_json(world: World, side: str) -> dict[str, Any]:
    row = {"first_response": 60, "next_response": 60, "resolution": 600, "coverage": "24x7"}
    return {"name": f"Always on ({side})", "targets": {str(p): row for p in (1, 2, 3, 4)}}


def _contract_json(world: World, side: str) -> dict[str, Any]:
    calendar, policy, _contracts = _terms(world, side)
    org = world.a if side == "own" else world.b
    year = next(_years)
    return {"practice": org.slug, "name": "Renewal", "policy": str(policy.uuid),
            "calendar": str(calendar.uuid), "starts_on": f"{year}-01-01",
            "ends_on": f"{year}-12-31"}  # fmt: skip


def _leads_only(ok: int, anon: int = 302) -> Statuses:
    """Service-level terms: provider admins and service managers change them."""
    return provider_admin_only(ok, anon=anon)


def _provider_staff(ok: int, anon: int = 401) -> Statuses:
    """The provider's own settings: its staff read them, practices are refused."""
    return each(403, provider_admin=ok, technician_a=ok, anonymous=anon)


def _rotation(world: World, side: str) -> dict[str, Any]:
    from tests.oncall.helpers import rotation_of

    return {"uuid": rotation_of(world).uuid}


def _rotation_form(world: World, side: str) -> dict[str, Any]:
    pat, tess = world.people["provider_admin"], world.people["technician_a"]
    return {"name": f"Weekend desk ({side})", "time_zone": "America/New_York",
            "handoff_time": "08:00", "period_days": "1", "starts_on": "2026-11-07",
            "member_0": str(pat.uuid), "member_1": str(tess.uuid)}  # fmt: skip


def _cover_form(world: World, side: str) -> dict[str, Any]:
    # Pat on call: a lead may put anyone; Tess may put only herself.
    return {"person": str(world.people["provider_admin"].uuid), "reason": "Cover",
            "starts_at": "2030-01-07T18:00", "ends_at": "2030-01-08T08:00"}  # fmt: skip


def _fresh_cover(world: World, side: str) -> dict[str, Any]:
    """A new cover each time: removing one succeeds once."""
    from datetime import UTC, datetime

    from tandem.oncall.models import Override
    from tests.oncall.helpers import rotation_of

    cover = Override.objects.create(
        rotation=rotation_of(world),
        person=world.people["provider_admin"],
        starts_at=datetime(2030, 1, 7, tzinfo=UTC),
        ends_at=datetime(2030, 1, 8, tzinfo=UTC),
        reason="Cover",
        created_by=world.people["provider_admin"],
    )
    return {"uuid": cover.uuid}


def _lead_feed(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.oncall import services as oncall

    feed, _token = oncall.create_feed(actor=actor_for(world.people["provider_admin"]))
    return {"uuid": feed.uuid}


def _feed_token(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.oncall import services as oncall
    from tests.oncall.helpers import rotation_of

    rotation_of(world)
    _feed, token = oncall.create_feed(actor=actor_for(world.people["technician_a"]))
    return {"token": token}


_policies = itertools.count(1)


def _escalation_form(world: World, side: str) -> dict[str, Any]:
    # Neither trigger on: the matrix's own requests must never page anyone
    # (a page gives a limited technician access to the paged practice).
    return {"name": f"Matrix policy {next(_policies)}", "priorities": ["1"], "repeats": "1",
            "level_0": f"person:{world.people['provider_admin'].uuid}", "delay_0": "5"}  # fmt: skip


def _escalation(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.oncall import policies
    from tandem.oncall.models import EscalationPolicy

    found = EscalationPolicy.objects.filter(name="Matrix pages").first()
    if found is None:
        found = policies.save_policy(
            actor=actor_for(world.people["provider_admin"]), policy=None, name="Matrix pages",
            priorities=[1], out_of_hours=False, on_breach=False, repeats=0,
            steps=[policies.Step(rotation=None, person=world.people["provider_admin"],
                                 delay_minutes=5)],
        )  # fmt: skip
    return {"uuid": found.uuid}


def _fresh_page(world: World, side: str) -> Any:
    """An open page for a new request of A or B, paging Pat only (who sees
    every practice): acknowledging succeeds once per page."""
    from tandem.oncall import paging
    from tandem.oncall.models import EscalationPolicy

    _escalation(world, side)
    item = _fresh_request(world, side)
    policy = EscalationPolicy.objects.get(name="Matrix pages")
    return paging.open_page(item, policy, "out_of_hours", f"matrix:{item.pk}", timezone.now())


def _page(world: World, side: str) -> dict[str, Any]:
    return {"uuid": _fresh_page(world, side).uuid}


def _ack_token(world: World, side: str) -> dict[str, Any]:
    """A page's link, read back from the email that carried it."""
    from tests.oncall.helpers import ack_token

    page = _fresh_page(world, "own")  # the token, not the practice, is the key
    return {"token": ack_token(page.attempts.get())}


_targets = itertools.count(1)


def _target_form(world: World, side: str) -> dict[str, Any]:
    return {"kind": "slack", "label": f"#desk-{next(_targets)}",
            "address": "https://hooks.slack.com/services/T000/B000/XXXX"}  # fmt: skip


def _fresh_target(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.oncall import policies

    pat = world.people["provider_admin"]
    target = policies.add_target(
        actor=actor_for(pat), person=pat, kind="slack", label=f"#pat-{next(_targets)}",
        address="https://hooks.slack.com/services/T000/B000/YYYY",
    )  # fmt: skip
    return {"uuid": target.uuid}


_mailboxes = itertools.count(1)


def _mail_box_form(world: World, side: str) -> dict[str, Any]:
    return {
        "name": "Help desk", "address": f"help{next(_mailboxes)}@it.example", "active": "on",
        "imap_port": "993", "imap_security": "ssl", "imap_folder": "INBOX", "smtp_port": "587",
        "smtp_security": "starttls", "auth": "password", "unknown_senders": "triage",
        "hourly_limit": "30", "routes": "a.example = riverside",
    }  # fmt: skip


def _mail_box(world: World, side: str) -> dict[str, Any]:
    from tandem.mail.models import Mailbox

    box = Mailbox.objects.create(name="Matrix", address=f"box{next(_mailboxes)}@it.example")
    return {"uuid": box.uuid}


def _held_mail(world: World, side: str) -> dict[str, Any]:
    from tandem.mail.ingest import ingest
    from tandem.mail.models import Transport
    from tests.mail.conftest import email

    raw = email(sender=f"stranger{next(_mailboxes)}@elsewhere.example", subject="Who am I")
    return {"uuid": ingest(raw, transport=Transport.PIPE).inbound.uuid}


def _held_mail_form(world: World, side: str) -> dict[str, Any]:
    return {"organization": world.a.slug}


def _staff_page(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """A page: provider staff who see its practice; practices are refused
    (403) whichever practice it is."""
    return each(403, provider_admin=ok, technician_a=ok if side == "own" else 404, anonymous=anon)


def _into(world: World, side: str) -> dict[str, Any]:
    item = world.request_a if side == "own" else world.request_b
    return {"into": item.reference, "version": 1}  # type: ignore[union-attr]


def _team(world: World, side: str) -> dict[str, Any]:
    return {"uuid": world.team.uuid}  # type: ignore[union-attr]


def _view(world: World, side: str) -> dict[str, Any]:
    return {"uuid": world.view.uuid}  # type: ignore[union-attr]


def _fresh_view(world: World, side: str) -> dict[str, Any]:
    """Another view of the admin's shared with the team: for removals."""
    from tandem.desk.models import SavedView

    view = SavedView.objects.create(
        name=f"Matrix {SavedView.objects.count()}",
        owner=world.people["provider_admin"],
        team=world.team,
    )
    return {"uuid": view.uuid}


def _article(world: World, side: str) -> dict[str, Any]:
    """Practice A's side: the article for every practice; B's: the one for B only."""
    return {"uuid": (world.article if side == "own" else world.article_b).uuid}  # type: ignore[union-attr]


def _fresh_article(world: World, side: str) -> dict[str, Any]:
    """Another article like those of _article: for removals."""
    from tests.conftest import _article as make

    only = None if side == "own" else [world.b]
    return {"uuid": make(world, "Matrix article", "Text", only=only).uuid}


def _intake(world: World, side: str) -> dict[str, Any]:
    import uuid

    return {"intake": str(uuid.uuid4())}


def _article_writes(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Articles are written by provider staff; a practice's people are refused
    by role before any lookup; a technician limited to A does not find B's."""
    statuses = signed_in(403, anon=anon, provider_admin=ok, technician_a=ok)
    return statuses if side == "own" else statuses | {"technician_a": 404}


def _solved(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """A practice's people (not its auditor) say an article solved it."""
    if side == "own":
        return signed_in(403, anon=anon, client_admin_a=ok, client_member_a=ok, client_admin_b=ok)
    return each(404, provider_admin=403, client_admin_b=ok, anonymous=anon)


def _version(world: World, side: str) -> int:
    from tandem.desk.models import ServiceRequest

    item = world.request_a if side == "own" else world.request_b
    return ServiceRequest.objects.get(pk=item.pk).version  # type: ignore[union-attr]


def _matrix_payload(world: World, side: str) -> dict[str, Any]:
    from tandem.desk.choices import DEFAULT_MATRIX

    cells = {f"cell_{i}_{u}": str(p) for (i, u), p in DEFAULT_MATRIX.items()}
    return cells


# Decisions (tests/collab): A's drafted by Pat; B's carry CANARY_B.


def _decision_writes(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Drafting: provider staff who see the practice and its admins; its
    members and auditor are refused; the other practice does not find it."""
    if side == "own":
        return {**scoped(ok, side="own", anon=anon), "client_member_a": 403, "auditor_a": 403}
    return scoped(ok, side="foreign", anon=anon)


def _decision_signers(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Signing: a practice admin (or its security official) and a provider lead."""
    return {**_decision_writes(ok, side=side, anon=anon)} | (
        {"technician_a": 403} if side == "own" else {}
    )


def _decision(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import draft_of

    return {"uuid": draft_of(world, side).uuid}


def _proposed_decision(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import proposed_of

    return {"uuid": proposed_of(world, side).uuid}


def _agreed_decision(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import agreed_of

    return {"uuid": agreed_of(world, side).uuid}


def _decision_file(world: World, side: str) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.accounts.actors import actor_for
    from tandem.collab import decisions
    from tests.collab.helpers import draft_of

    decision = draft_of(world, side)
    (item,) = decisions.add_files(
        actor=actor_for(world.people["provider_admin"]),
        decision=decision,
        uploads=[SimpleUploadedFile("quote.pdf", b"%PDF-1.4 quote")],
    )
    return {"uuid": decision.uuid, "file": item.uuid}


def _signature_form(world: World, side: str) -> dict[str, Any]:
    """Agree to the decision just proposed for this side, with a fresh code
    (each authenticator code is accepted once)."""
    from django.core.cache import cache

    from tandem.collab import decisions
    from tandem.collab.models import Decision
    from tests.conftest import PASSWORD, totp_code

    cache.clear()
    org = world.a if side == "own" else world.b
    latest = Decision.objects.filter(organization=org).order_by("-number").first()
    return {"meaning": "agree", "password": PASSWORD, "code": totp_code(),
            "content_sha256": decisions.current_hash(latest) if latest else ""}  # fmt: skip


def _decision_form(world: World, side: str) -> dict[str, Any]:
    return {"practice": _slug_of(world, side), "title": "Matrix decision",
            "option_1_title": "Do it", "recommended": "0"}  # fmt: skip


def _decision_json(world: World, side: str) -> dict[str, Any]:
    return {"practice": _slug_of(world, side), "title": "Matrix decision",
            "options": [{"title": "Do it"}]}  # fmt: skip


# Change requests (tests/collab/helpers.py): planned by the provider's staff,
# answered by the practice's admin.


def _change_staff(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Planning and carrying out: provider staff who see the practice; its
    people are refused (403); the other practice does not find it (404)."""
    return staff_only(ok, side=side, anon=anon)


def _change_approver(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Answering: the practice's admin only."""
    if side == "own":
        return each(403, client_admin_a=ok, client_admin_b=404, anonymous=anon)
    return each(404, provider_admin=403, client_admin_b=ok, anonymous=anon)


def _change_checker(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """The check after: provider staff or the practice's admin."""
    statuses = _change_staff(ok, side=side, anon=anon)
    return statuses | ({"client_admin_a": ok} if side == "own" else {"client_admin_b": ok})


def _change(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import change_of

    return {"uuid": change_of(world, side).uuid}


def _submitted_change(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import submitted_of

    return {"uuid": submitted_of(world, side).uuid}


def _approved_change(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import approved_of

    return {"uuid": approved_of(world, side).uuid}


def _completed_change(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.collab import changes
    from tests.collab.helpers import approved_of

    change = approved_of(world, side)
    staff = actor_for(world.people["provider_admin"])
    changes.record_step(actor=staff, change=change, step="start")
    changes.record_step(actor=staff, change=change, step="complete")
    return {"uuid": change.uuid}


def _change_answer(world: World, side: str) -> dict[str, Any]:
    """Approve the change just submitted for this side."""
    from tandem.collab import changes
    from tandem.collab.models import ChangeRequest
    from tests.conftest import PASSWORD

    org = world.a if side == "own" else world.b
    latest = ChangeRequest.objects.filter(organization=org).order_by("-number").first()
    return {"meaning": "approve", "password": PASSWORD,
            "content_sha256": changes.current_hash(latest) if latest else ""}  # fmt: skip


def _change_json(world: World, side: str) -> dict[str, Any]:
    site = world.site_a if side == "own" else world.site_b
    return {"practice": _slug_of(world, side), "title": "Matrix change",
            "starts_at": "2030-01-08T02:00:00Z", "ends_at": "2030-01-08T04:00:00Z",
            "sites": [str(site.uuid)]}  # fmt: skip


def _change_feed(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.collab import changes

    persona = "client_admin_a" if side == "own" else "client_admin_b"
    feed, _token = changes.create_feed(actor=actor_for(world.people[persona]))
    return {"uuid": feed.uuid}


def _change_feed_token(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.collab import changes

    persona = "client_admin_a" if side == "own" else "client_admin_b"
    _feed, token = changes.create_feed(actor=actor_for(world.people[persona]))
    return {"token": token}


# The action plan (tests/collab/helpers.py): kept by provider staff and
# practice admins; an item's owner moves it along.


def _action_keepers(ok: int, *, side: str, anon: int = 302) -> Statuses:
    return _decision_writes(ok, side=side, anon=anon)


def _action(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import action_of

    return {"uuid": action_of(world, side).uuid}


def _action_form(world: World, side: str) -> dict[str, Any]:
    return {"title": "Matrix item", "owner": str(world.people["provider_admin"].uuid),
            "due_on": "2030-01-31"}  # fmt: skip


# Concerns (tests/collab/helpers.py): A's raised by its member, B's by its
# admin. Read by the practice's admins, the raiser and the provider's managers.


def _concern_readers(ok: int, *, side: str, anon: int = 302) -> Statuses:
    if side == "own":
        return each(404, provider_admin=ok, client_admin_a=ok, client_member_a=ok, anonymous=anon)
    return each(404, provider_admin=ok, client_admin_b=ok, anonymous=anon)


def _concern_managers(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Acknowledging and answering: the provider's managers; the practice's
    people who read it are refused (403); anyone else does not find it."""
    return _concern_readers(403, side=side, anon=anon) | {"provider_admin": ok}


def _concern_practice(ok: int, *, side: str, anon: int = 302) -> Statuses:
    """Confirming: the raiser, or the practice's admin."""
    return _concern_readers(ok, side=side, anon=anon) | {"provider_admin": 403}


def _concern(world: World, side: str) -> dict[str, Any]:
    from tests.collab.helpers import concern_of

    return {"uuid": concern_of(world, side).uuid}


def _answered_concern(world: World, side: str) -> dict[str, Any]:
    from tandem.accounts.actors import actor_for
    from tandem.collab import concerns
    from tests.collab.helpers import concern_of

    concern = concern_of(world, side)
    pat = actor_for(world.people["provider_admin"])
    concerns.respond(actor=pat, concern=concern, text="We call you today.")
    return {"uuid": concern.uuid}


def _concern_form(world: World, side: str) -> dict[str, Any]:
    return {"title": "Nobody called back", "about": "service", "strength": "3"}


RULES: dict[str, Rule] = {
    # Public and shell
    "home": Rule(own=signed_in(200), write_own=NO_WRITE),
    "healthz": Rule(own=each(200), write_own=NO_WRITE),
    "api:openapi-json": Rule(own=each(200), exempt=NINJA_DOCS),
    "api:openapi-view": Rule(own=each(200), exempt=NINJA_DOCS),
    "accounts:provider_logo": Rule(own=each(404), write_own=NO_WRITE),
    # allauth
    "account_login": Rule(own=signed_in(302, anon=200), exempt=ALLAUTH),
    "account_logout": Rule(own=signed_in(200), exempt=ALLAUTH),
    "account_inactive": Rule(own=each(200), exempt=ALLAUTH),
    "account_signup": Rule(own=signed_in(302, anon=200), exempt=ALLAUTH),
    "account_reauthenticate": Rule(own=signed_in(200), exempt=ALLAUTH),
    "account_request_reauthentication_code": Rule(own=signed_in(302), exempt=ALLAUTH),
    "account_confirm_reauthentication_code": Rule(own=signed_in(302), exempt=ALLAUTH),
    "account_email": Rule(own=each(404), write_own=each(404)),
    "account_email_verification_sent": Rule(own=each(404), write_own=each(404)),
    "account_confirm_email": Rule(
        own=each(404), write_own=each(404), args=lambda w, s: {"key": "abc"}
    ),
    "account_confirm_login_code": Rule(own=each(404), write_own=each(404)),
    "account_change_password": Rule(own=signed_in(200), exempt=ALLAUTH),
    "account_set_password": Rule(own=signed_in(302), exempt=ALLAUTH),
    "account_reset_password": Rule(own=each(200), exempt=ALLAUTH),
    "account_reset_password_done": Rule(own=each(200), exempt=ALLAUTH),
    "account_reset_password_from_key": Rule(
        own=each(200),
        exempt=ALLAUTH,
        args=lambda w, s: {"uidb36": "1", "key": "x-y"},
    ),
    "account_reset_password_from_key_done": Rule(own=each(200), exempt=ALLAUTH),
    "mfa_index": Rule(own=signed_in(200), exempt=ALLAUTH),
    "mfa_authenticate": Rule(own=each(302), exempt=ALLAUTH),
    "mfa_reauthenticate": Rule(own=signed_in(302, **enrolled(200)), exempt=ALLAUTH),
    "mfa_activate_totp": Rule(own=signed_in(302), exempt=ALLAUTH),
    "mfa_deactivate_totp": Rule(own=signed_in(404, **enrolled(302)), exempt=ALLAUTH),
    "mfa_view_recovery_codes": Rule(own=signed_in(404), exempt=ALLAUTH),
    "mfa_generate_recovery_codes": Rule(own=signed_in(302), exempt=ALLAUTH),
    "mfa_download_recovery_codes": Rule(own=signed_in(404), exempt=ALLAUTH),
    # Security keys: allauth filters every key by the signed-in person; that a
    # key of someone else answers 404 is tested in tests/accounts/test_webauthn.py.
    "mfa_list_webauthn": Rule(own=signed_in(200), exempt=ALLAUTH),
    "mfa_add_webauthn": Rule(own=signed_in(302), exempt=ALLAUTH),
    "mfa_reauthenticate_webauthn": Rule(own=signed_in(302), exempt=ALLAUTH),
    "mfa_remove_webauthn": Rule(
        own=signed_in(302), exempt=ALLAUTH, args=lambda w, s: {"pk": 999_999}
    ),
    "mfa_edit_webauthn": Rule(
        own=signed_in(302), exempt=ALLAUTH, args=lambda w, s: {"pk": 999_999}
    ),
    # Practices and the provider
    "accounts:client_list": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    "accounts:client_create": Rule(
        own=provider_admin_only(200),
        write_own=provider_admin_only(302),
        payload=lambda w, s: {"name": "Brand New Practice"},
    ),
    "accounts:provider_settings": Rule(
        own=provider_admin_only(200),
        write_own=provider_admin_only(302),
        payload=lambda w, s: {"name": "Test IT Partners", "support_phone": "(555) 000-9999"},
    ),
    "accounts:emergency_access": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200),
        # The provider admin sees every practice already: refused beside the field.
        write_own=signed_in(403, provider_admin=422, technician_a=302),
        payload=lambda w, s: {
            "slug": w.b.slug,
            "reason": "Paged for Lakeside's outage, its tech is off",
        },
    ),
    "accounts:emergency_access_end": Rule(
        own=each(405),
        args=lambda w, s: {"uuid": w.grant_c.uuid},
        # The holder and the provider admin may end it; practices that cannot see it get 404.
        write_own=signed_in(404, provider_admin=302, technician_a=302),
    ),
    "api_tokens:token_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    "api_tokens:token_create": Rule(
        # Making a token needs a fresh password: without it, everyone is sent to confirm it.
        own=signed_in(302),
        write_own=signed_in(302),
        redirect_is_denial=PERSONAS,
        payload=lambda w, s: {"name": "x", "scopes": ["accounts:read"], "days": "30"},
    ),
    "api_tokens:token_revoke": Rule(
        own=each(405),
        args=lambda w, s: {"uuid": w.api_token_a.uuid},
        write_own=signed_in(404, client_admin_a=302),
    ),
    # Service accounts: their organization's admins and the provider admin.
    "service_accounts:list": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_org,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=_integration,
    ),
    "service_accounts:detail": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_service_account,
        write_own=NO_WRITE,
    ),
    "service_accounts:token_create": Rule(
        # Those who may are then asked for their password again (302); the rest are refused.
        own=managed(302, side="own"),
        foreign=managed(302, side="foreign"),
        args=_service_account,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        redirect_is_denial=PERSONAS,
        payload=lambda w, s: {"name": "x", "scopes": ["accounts:read"], "days": "30"},
    ),
    "service_accounts:token_revoke": Rule(
        own=each(405),
        args=_sa_token,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
    ),
    "service_accounts:deactivate": Rule(
        own=each(405),
        args=_service_account,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
    ),
    # Desk
    "desk:get_help": Rule(
        # Provider staff are sent to log a call instead.
        own=signed_in(200, provider_admin=302, technician_a=302, auditor_a=403),
        write_own=signed_in(302, auditor_a=403),
        redirect_is_denial=("anonymous", "provider_admin", "technician_a"),
        payload=lambda w, s: {
            "subject": "Scanner offline",
            "body": "The scanner at reception is offline.",
            "category": "devices",
            "impact": "person_blocked",
        },
    ),
    "desk:phone_log": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200),
        write_own=signed_in(403, provider_admin=302, technician_a=302),
        payload=lambda w, s: {
            "practice": w.a.slug,
            "requester": str(w.contact_a.uuid),  # type: ignore[union-attr]
            "subject": "Phones down",
            "body": "Carl called: no dial tone on any phone.",
            "category": "phones",
            "impact": "practice_down",
            "urgency": "high",
            "time_spent_minutes": "4",
        },
    ),
    "desk:priority_matrix": Rule(
        own=provider_admin_only(200),
        write_own=provider_admin_only(302),
        payload=_matrix_payload,
    ),
    "desk:request_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    # Teams are the provider's internals: a practice's people are refused.
    "desk:team_list": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    "desk:team_create": Rule(
        own=provider_admin_only(200),
        write_own=provider_admin_only(302),
        payload=lambda w, s: {"name": "Matrix team", "assignment": "manual"},
    ),
    "desk:team_edit": Rule(
        own=provider_admin_only(200),
        args=_team,
        write_own=provider_admin_only(302),
        payload=lambda w, s: {
            "name": "Front line",
            "assignment": "least_load",
            "members": [str(w.people["technician_a"].uuid)],
            "categories": ["network"],
        },
    ),
    "desk:request_merge": Rule(
        own=each(405),
        args=_duplicate,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=_into,
    ),
    "desk:request_link": Rule(
        own=each(405),
        args=_request,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=lambda w, s: {"ref": _fresh_request(w, s).reference},
    ),
    "desk:request_unlink": Rule(
        own=each(405),
        args=_linked_pair,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
    ),
    "desk:time_report": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    "desk:time_report_export": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    # Everyone signed in reads figures: the provider's people those of the practices
    # they see, a practice's people their own (tests/sla/test_figures.py asks for
    # another practice's by address and gets its own).
    "sla:figures": Rule(own=signed_in(200), write_own=NO_WRITE),
    "sla:figures_export": Rule(own=signed_in(200), write_own=NO_WRITE),
    "sla:settings": Rule(own=_leads_only(200), write_own=NO_WRITE),
    "sla:calendar_new": Rule(
        own=_leads_only(200), write_own=_leads_only(302), payload=_calendar_form
    ),
    "sla:calendar_edit": Rule(
        own=_leads_only(200), args=_calendar, write_own=_leads_only(302), payload=_calendar_form
    ),
    "sla:calendar_day_add": Rule(
        own=each(405), args=_calendar, write_own=_leads_only(302), payload=_day_form
    ),
    "sla:calendar_day_remove": Rule(own=each(405), args=_calendar_day, write_own=_leads_only(302)),
    "sla:policy_new": Rule(own=_leads_only(200), write_own=_leads_only(302), payload=_policy_form),
    "sla:policy_edit": Rule(
        own=_leads_only(200), args=_policy, write_own=_leads_only(302), payload=_policy_form
    ),
    "sla:contract_new": Rule(
        own=_leads_only(200), write_own=_leads_only(302), payload=_contract_form
    ),
    # A contract of practice A or B: the lead sees both; nobody else edits one.
    "sla:contract_edit": Rule(
        own=_leads_only(200),
        foreign=_leads_only(200),
        args=_contract,
        write_own=_leads_only(302),
        write_foreign=_leads_only(302),
        payload=_contract_form,
    ),
    # Mail: the provider's mailboxes (its admins) and held mail (staff who see every practice).
    "mail:index": Rule(own=_provider_staff(200, anon=302), write_own=NO_WRITE),
    "mail:mailbox_new": Rule(
        own=provider_admin_only(200),
        write_own=provider_admin_only(302),
        payload=_mail_box_form,
    ),
    "mail:mailbox_edit": Rule(
        own=provider_admin_only(200),
        args=_mail_box,
        write_own=provider_admin_only(302),
        payload=_mail_box_form,
    ),
    "mail:mailbox_test": Rule(own=each(405), args=_mail_box, write_own=provider_admin_only(302)),
    "mail:mailbox_authorize": Rule(
        own=each(405), args=_mail_box, write_own=provider_admin_only(302)
    ),
    "mail:oauth_callback": Rule(own=provider_admin_only(302), write_own=NO_WRITE),
    "mail:triage": Rule(own=provider_admin_only(200), write_own=NO_WRITE),
    "mail:held": Rule(
        own=provider_admin_only(200),
        args=_held_mail,
        write_own=provider_admin_only(302),
        payload=_held_mail_form,
    ),
    # On call: the provider's staff; leads shape rotations, anyone covers for themselves.
    "oncall:index": Rule(own=_provider_staff(200, anon=302), write_own=NO_WRITE),
    "oncall:rotation_new": Rule(
        own=_leads_only(200), write_own=_leads_only(302), payload=_rotation_form
    ),
    "oncall:rotation_edit": Rule(
        own=_provider_staff(200, anon=302),
        args=_rotation,
        write_own=_leads_only(302),
        payload=_rotation_form,
    ),
    "oncall:override_add": Rule(
        own=each(405), args=_rotation, write_own=_leads_only(302), payload=_cover_form
    ),
    "oncall:override_remove": Rule(own=each(405), args=_fresh_cover, write_own=_leads_only(302)),
    "oncall:feeds": Rule(
        own=_provider_staff(200, anon=302), write_own=_provider_staff(201, anon=302)
    ),
    "oncall:feed_revoke": Rule(own=each(405), args=_lead_feed, write_own=_leads_only(302)),
    # The token is the key: whoever holds it reads the shifts, signed in or not.
    "oncall:feed": Rule(own=each(200), args=_feed_token, write_own=each(405)),
    "oncall:policy_new": Rule(
        own=_leads_only(200), write_own=_leads_only(302), payload=_escalation_form
    ),
    "oncall:policy_edit": Rule(
        own=_provider_staff(200, anon=302),
        args=_escalation,
        write_own=_leads_only(302),
        payload=_escalation_form,
    ),
    "oncall:page": Rule(
        own=_staff_page(200, side="own"),
        foreign=_staff_page(200, side="foreign"),
        args=_page,
        write_own=_staff_page(302, side="own"),
        write_foreign=_staff_page(302, side="foreign"),
    ),
    # The single-use token is the key: whoever holds it sees and acknowledges the page.
    "oncall:ack": Rule(own=each(200), args=_ack_token, write_own=each(200)),
    "oncall:channels": Rule(
        own=_provider_staff(200, anon=302),
        write_own=_provider_staff(302, anon=302),
        payload=_target_form,
    ),
    # Pat's channel: Pat removes it; another member of staff does not find it.
    "oncall:channel_remove": Rule(
        own=each(405),
        args=_fresh_target,
        write_own=each(403, provider_admin=302, technician_a=404, anonymous=302),
    ),
    "oncall:channel_test": Rule(
        own=each(405),
        args=_fresh_target,
        write_own=each(403, provider_admin=302, technician_a=404, anonymous=302),
    ),
    # The practice's "always there" page: its own people; the provider has the on-call pages.
    "oncall:support": Rule(
        own=signed_in(200, provider_admin=403, technician_a=403), write_own=NO_WRITE
    ),
    "desk:macro_list": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    "desk:macro_create": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200),
        write_own=signed_in(403, provider_admin=302, technician_a=302),
        payload=lambda w, s: {"name": "Matrix reply", "body": "Hi {requester_name}"},
    ),
    "desk:macro_edit": Rule(
        # The world's reply is shared: kept by provider admins and service managers.
        own=provider_admin_only(200),
        args=lambda w, s: {"uuid": w.macro.uuid},  # type: ignore[union-attr]
        write_own=provider_admin_only(302),
        payload=lambda w, s: {
            "name": "Looking into it",
            "body": "On it, {requester_name}.",
            "shared": "on",
        },
    ),
    "desk:macro_preview": Rule(
        # Without a reply chosen, staff are sent back to the request.
        own=staff_only(302, side="own"),
        foreign=staff_only(302, side="foreign"),
        args=_request,
        write_own=NO_WRITE,
    ),
    "desk:macro_apply": Rule(
        own=each(405),
        args=lambda w, s: {**_request(w, s), "uuid": w.macro.uuid},  # type: ignore[union-attr]
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=lambda w, s: {"version": _version(w, s)},
    ),
    "desk:view_list": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    "desk:view_create": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200),
        write_own=signed_in(403, provider_admin=302, technician_a=302),
        payload=lambda w, s: {"name": "Matrix view", "queue": "all", "client": "riverside"},
    ),
    # The admin's view, shared with the team: its member opens it from the
    # queue but only its owner (or a lead) changes it.
    "desk:view_edit": Rule(
        own=provider_admin_only(200),
        args=_view,
        write_own=provider_admin_only(302),
        payload=lambda w, s: {
            "name": "Front line P1s",
            "queue": "active",
            "priority": "1",
            "share_with": str(w.team.uuid),  # type: ignore[union-attr]
        },
    ),
    "desk:view_delete": Rule(own=each(405), args=_fresh_view, write_own=provider_admin_only(302)),
    "desk:request_bulk": Rule(
        own=each(405),
        # A request the caller cannot see is skipped by name, never changed.
        write_own=signed_in(403, provider_admin=302, technician_a=302),
        payload=lambda w, s: {
            "action": "note",
            "note": "Vendor outage",
            "pick": [
                f"{w.request_a.reference}@{_version(w, 'own')}",  # type: ignore[union-attr]
                f"{w.request_b.reference}@{_version(w, 'foreign')}",
            ],  # type: ignore[union-attr]
        },
    ),
    # Without a reference it goes back to the list; with one, see tests/desk/test_views.py.
    "desk:request_find": Rule(own=signed_in(302), write_own=NO_WRITE),
    "kb:article_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    "kb:suggest": Rule(own=signed_in(200), write_own=NO_WRITE),
    "kb:article_detail": Rule(
        own=signed_in(200),
        foreign=scoped(200, side="foreign") | {"client_admin_b": 200},
        args=_article,
        write_own=NO_WRITE,
    ),
    "kb:article_create": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200),
        write_own=signed_in(403, provider_admin=302, technician_a=302),
        payload=lambda w, s: {
            "title": "Matrix article",
            "body": "Text",
            "visibility": "public",
            "for_all_practices": "on",
        },
    ),
    "kb:article_edit": Rule(
        own=_article_writes(200, side="own"),
        foreign=_article_writes(200, side="foreign"),
        args=_article,
        write_own=_article_writes(302, side="own"),
        write_foreign=_article_writes(302, side="foreign"),
        payload=lambda w, s: {
            "title": "Printer shows offline",
            "body": "Turn the printer off and on.",
            "visibility": "public",
            "for_all_practices": "on" if s == "own" else "",
            "practices": [] if s == "own" else ["lakeside"],
        },
    ),
    "kb:article_delete": Rule(
        own=each(405),
        args=_fresh_article,
        # A lookup first (the other practice does not find B's), then the role.
        write_own=each(403, provider_admin=302, anonymous=302),
        write_foreign=each(404, provider_admin=302, client_admin_b=403, anonymous=302),
    ),
    "kb:article_solved": Rule(
        own=each(405),
        args=_article,
        write_own=_solved(200, side="own"),
        write_foreign=_solved(200, side="foreign"),
        payload=_intake,
    ),
    "desk:satisfaction": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200), write_own=NO_WRITE
    ),
    # The emailed link: its token is the credential (anyone holding it may
    # answer once); an unknown token is 404 to everyone.
    "desk:rate": Rule(
        own=each(404),
        args=lambda w, s: {"token": "not-a-real-token"},
        write_own=each(404),
        payload=lambda w, s: {"rating": "5"},
    ),
    "desk:request_rate": Rule(
        own=each(405),
        args=_rated_request,
        # Only the requester who was asked (A's member); the other practice
        # does not find it; everyone else is refused.
        write_own=scoped(403, side="own") | {"client_member_a": 302},
        write_foreign=scoped(403, side="foreign") | {"client_admin_b": 302},
        payload=lambda w, s: {"rating": "4", "comment": "Fine"},
    ),
    "desk:request_team": Rule(
        own=each(405),
        args=_request,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=lambda w, s: {"team": str(w.team.uuid), "version": _version(w, s)},  # type: ignore[union-attr]
    ),
    "desk:request_detail": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_request,
        write_own=NO_WRITE,
    ),
    "desk:attachment_download": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=lambda w, s: {
            **_request(w, s),
            "uuid": (w.attachment_a if s == "own" else w.attachment_b).uuid,  # type: ignore[union-attr]
        },
        write_own=NO_WRITE,
    ),
    "desk:message_edit": Rule(
        # Only the author edits: A's first message is the member's own.
        own=scoped(403, side="own", anon=302) | {"client_member_a": 200},
        foreign=scoped(403, side="foreign") | {"client_admin_b": 200},
        args=lambda w, s: {
            **_request(w, s),
            "uuid": (w.request_a if s == "own" else w.request_b).messages.order_by("id")[0].uuid,  # type: ignore[union-attr]
        },
        write_own=scoped(403, side="own") | {"client_member_a": 302},
        write_foreign=scoped(403, side="foreign") | {"client_admin_b": 302},
        payload=lambda w, s: {"body": "Corrected text"},
    ),
    "desk:request_redact": Rule(
        own=_redactors(200, side="own", anon=302),
        foreign=_redactors(200, side="foreign", anon=302),
        args=_request,
        write_own=_redactors(302, side="own", anon=302),
        write_foreign=_redactors(302, side="foreign", anon=302),
        payload=lambda w, s: {**_passage(w, s), "confirm": "1"},
    ),
    "desk:attachment_delete": Rule(
        own=_redactors(200, side="own", anon=302),
        foreign=_redactors(200, side="foreign", anon=302),
        args=_attachment,
        write_own=_redactors(302, side="own", anon=302),
        write_foreign=_redactors(302, side="foreign", anon=302),
        payload=lambda w, s: {"reason": "phi"},
    ),
    "desk:breach_explain": Rule(
        own=each(405),
        args=_breach,
        write_own=_leads(302, side="own", anon=302),
        write_foreign=_leads(302, side="foreign", anon=302),
        payload=lambda w, s: {"text": "The on-call phone was misrouted."},
    ),
    "desk:request_watch": Rule(
        own=each(405),
        args=_request,
        # Provider staff and the practice's people who see the request; the
        # member sees it (she raised it); the other practice does not find it.
        write_own=scoped(302, side="own"),
        write_foreign=scoped(302, side="foreign"),
    ),
    "notify:inbox": Rule(own=signed_in(200), write_own=NO_WRITE),
    "notify:mark_read": Rule(own=each(405), write_own=signed_in(302)),
    "notify:preferences": Rule(
        own=signed_in(200),
        write_own=signed_in(302),
        payload=lambda w, s: {"time_zone": "America/Chicago", "email": ["status"]},
    ),
    "desk:request_reply": Rule(
        own=each(405),
        args=_request,
        # Auditors only read; the other practice does not find it.
        write_own=scoped(302, side="own") | {"auditor_a": 403},
        write_foreign=scoped(302, side="foreign"),
        payload=lambda w, s: {"body": "Any news?", "kind": "public"},
    ),
    "desk:request_status": Rule(
        own=each(405),
        args=_request,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=lambda w, s: {"status": "waiting_third_party", "version": _version(w, s)},
    ),
    "desk:request_assign": Rule(
        own=each(405),
        args=_request,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=lambda w, s: {
            "assignee": str(w.people["provider_admin"].uuid),
            "version": _version(w, s),
        },
    ),
    "desk:request_take": Rule(
        own=each(405),
        args=_request,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
    ),
    "desk:request_triage": Rule(
        own=each(405),
        args=_request,
        write_own=staff_only(302, side="own"),
        write_foreign=staff_only(302, side="foreign"),
        payload=lambda w, s: {
            "impact": "practice_down",
            "urgency": "high",
            "priority": "",
            "reason": "The whole front desk is down",
            "version": _version(w, s),
        },
    ),
    "accounts:access_review": Rule(
        own=signed_in(403, provider_admin=200, client_admin_a=200, client_admin_b=200),
        write_own=NO_WRITE,
    ),
    "accounts:access_review_export": Rule(
        own=signed_in(403, provider_admin=200, client_admin_a=200, client_admin_b=200),
        write_own=NO_WRITE,
    ),
    "accounts:session_keepalive": Rule(own=each(405), write_own=signed_in(204)),
    "accounts:switch_client": Rule(
        own=each(405),
        write_own=signed_in(403, provider_admin=302, technician_a=302),
        write_foreign=signed_in(403, provider_admin=302, technician_a=404),
        payload=lambda w, s: {"client": _slug_of(w, s)},
    ),
    "accounts:organization_detail": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_org,
        write_own=NO_WRITE,
    ),
    "accounts:organization_edit": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_org,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=lambda w, s: {"name": "Renamed practice", "idle_timeout_minutes": "20"},
    ),
    "accounts:site_create": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_org,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=lambda w, s: {"name": "New site", "time_zone": "America/Chicago"},
    ),
    "accounts:invitation_create": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_org,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=lambda w, s: {
            "full_name": "Ivy Invitee",
            "email": _invite_email(w, s),
            "role": "client_member",
        },
    ),
    "accounts:contact_create": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_org,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=lambda w, s: {
            "full_name": "Cy Contact",
            "email": _contact_email(w, s),
            "role": "client_member",
        },
    ),
    "accounts:site_edit": Rule(
        own=managed(200, side="own"),
        foreign=managed(200, side="foreign"),
        args=_site,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=lambda w, s: {"name": "Renamed site", "time_zone": "America/Denver"},
    ),
    "accounts:invitation_revoke": Rule(
        own=each(405),
        args=_invitation,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
    ),
    "accounts:person_detail": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_person,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
        payload=lambda w, s: {"full_name": "Renamed Person", "role": "client_member"},
    ),
    "accounts:person_assignments": Rule(
        own=each(405),
        args=_person,
        # Only provider staff have assignments: a practice's person is refused even to the admin.
        write_own=scoped(403, side="own", tech=403),
        write_foreign=scoped(403, side="foreign"),
        payload=lambda w, s: {"restricted": "on", "clients": [w.a.slug]},
    ),
    "accounts:person_deactivate": Rule(
        own=each(405),
        args=_person,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
    ),
    "accounts:person_reactivate": Rule(
        own=each(405),
        args=_person,
        write_own=managed(302, side="own"),
        write_foreign=managed(302, side="foreign"),
    ),
    "accounts:invitation_accept": Rule(
        # A bearer link: the token is the permission. Signed-in people are sent home untouched.
        own=signed_in(302, anon=200),
        args=_token,
        write_own=signed_in(302, anon=302),
        redirect_is_denial=tuple(p for p in PERSONAS if p != "anonymous"),
        payload=lambda w, s: {
            "full_name": "Nina Newbie",
            "password1": "long-enough-pass-77",
            "password2": "long-enough-pass-77",
        },
    ),
    # Audit
    "audit:event_list": Rule(
        own=signed_in(200, technician_a=403, client_member_a=403),
        write_own=NO_WRITE,
    ),
    "audit:event_export": Rule(
        own=signed_in(200, technician_a=403, client_member_a=403),
        write_own=NO_WRITE,
    ),
    "audit:chain_verify": Rule(
        own=signed_in(200, technician_a=403, client_member_a=403),
        write_own=NO_WRITE,
    ),
    # API
    "API GET /api/v1/me": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/organizations": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/organizations/{slug}": Rule(
        own=scoped(200, anon=401, side="own"),
        foreign=scoped(200, anon=401, side="foreign"),
        args=_org,
    ),
    "API GET /api/v1/sites": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/sites": Rule(
        own={},
        write_own=managed(201, side="own", anon=401),
        write_foreign=managed(201, side="foreign", anon=401),
        payload=lambda w, s: {
            "organization": _slug_of(w, s),
            "name": "API site",
            "hours": [{"weekday": 0, "opens": "08:00", "closes": "12:00"}],
        },
    ),
    "API GET /api/v1/sites/{uuid}": Rule(
        own=scoped(200, anon=401, side="own"),
        foreign=scoped(200, anon=401, side="foreign"),
        args=_site,
    ),
    "API PATCH /api/v1/sites/{uuid}": Rule(
        own={},
        args=_site,
        write_own=managed(200, side="own", anon=401),
        write_foreign=managed(200, side="foreign", anon=401),
        payload=lambda w, s: {"name": "Patched site"},
    ),
    "API GET /api/v1/people": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/people/{uuid}": Rule(
        own=scoped(200, anon=401, side="own"),
        foreign=scoped(200, anon=401, side="foreign"),
        args=_person,
    ),
    "API POST /api/v1/invitations": Rule(
        own={},
        write_own=managed(201, side="own", anon=401),
        write_foreign=managed(201, side="foreign", anon=401),
        payload=lambda w, s: {
            "organization": _slug_of(w, s),
            "email": _api_invite_email(w, s),
            "full_name": "Api Invitee",
            "role": "client_member",
        },
    ),
    "API GET /api/v1/audit-events": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/requests": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/requests": Rule(
        own={},
        write_own=scoped(201, side="own", anon=401) | {"auditor_a": 403},
        write_foreign=scoped(201, side="foreign", anon=401),
        payload=lambda w, s: {
            "organization": _slug_of(w, s),
            "subject": "API request",
            "body": "Raised through the API.",
            "category": "other",
            "impact": "question",
        },
    ),
    "API GET /api/v1/requests/{ref}": Rule(
        own=scoped(200, anon=401, side="own"),
        foreign=scoped(200, anon=401, side="foreign"),
        args=_request,
    ),
    "API PATCH /api/v1/requests/{ref}": Rule(
        own={},
        args=_request,
        write_own=staff_only(200, side="own", anon=401),
        write_foreign=staff_only(200, side="foreign", anon=401),
        payload=lambda w, s: {"version": _version(w, s), "subject": "Renamed by the API"},
    ),
    "API GET /api/v1/requests/{ref}/messages": Rule(
        own=scoped(200, anon=401, side="own"),
        foreign=scoped(200, anon=401, side="foreign"),
        args=_request,
    ),
    "API POST /api/v1/requests/{ref}/messages": Rule(
        own={},
        args=_request,
        write_own=scoped(201, side="own", anon=401) | {"auditor_a": 403},
        write_foreign=scoped(201, side="foreign", anon=401),
        payload=lambda w, s: {"body": "Any news?"},
    ),
    "API GET /api/v1/teams": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200)
    ),
    "API POST /api/v1/teams": Rule(
        own={},
        write_own=signed_in(403, anon=401, provider_admin=201),
        payload=lambda w, s: {"name": "API team", "assignment": "round_robin"},
    ),
    "API GET /api/v1/teams/{uuid}": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200), args=_team
    ),
    "API PATCH /api/v1/teams/{uuid}": Rule(
        own={},
        args=_team,
        write_own=signed_in(403, anon=401, provider_admin=200),
        payload=lambda w, s: {"assignment": "least_load", "categories": ["phones"]},
    ),
    "API PUT /api/v1/me/away": Rule(
        own={},
        # Provider staff say so for themselves; a practice's people have no teams.
        write_own=signed_in(403, anon=401, provider_admin=200, technician_a=200),
        payload=lambda w, s: {"until": (timezone.now() + timedelta(days=3)).isoformat()},
    ),
    "API POST /api/v1/requests/{ref}/merge": Rule(
        own={},
        args=_duplicate,
        write_own=staff_only(200, side="own", anon=401),
        write_foreign=staff_only(200, side="foreign", anon=401),
        payload=_into,
    ),
    "API POST /api/v1/requests/{ref}/redactions": Rule(
        own={},
        args=_request,
        write_own=_redactors(200, side="own", anon=401),
        write_foreign=_redactors(200, side="foreign", anon=401),
        payload=_passage,
    ),
    "API POST /api/v1/requests/{ref}/files/{uuid}/removal": Rule(
        own={},
        args=_attachment,
        write_own=_redactors(200, side="own", anon=401),
        write_foreign=_redactors(200, side="foreign", anon=401),
        payload=lambda w, s: {"reason": "secret"},
    ),
    "API GET /api/v1/requests/{ref}/sla": Rule(
        own=scoped(200, side="own", anon=401),
        foreign=scoped(200, side="foreign", anon=401),
        args=_request,
    ),
    "API POST /api/v1/requests/{ref}/sla/breaches/{uuid}/explanation": Rule(
        own={},
        args=_breach,
        write_own=_leads(200, side="own", anon=401),
        write_foreign=_leads(200, side="foreign", anon=401),
        payload=lambda w, s: {"text": "The on-call phone was misrouted."},
    ),
    "API GET /api/v1/sla/figures": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/oncall/rotations": Rule(own=_provider_staff(200)),
    "API GET /api/v1/oncall/rotations/{uuid}/shifts": Rule(
        own=_provider_staff(200), args=_rotation
    ),
    "API POST /api/v1/oncall/rotations/{uuid}/overrides": Rule(
        own={},
        args=_rotation,
        # Pat on call: a lead may; Tess may put only herself on call.
        write_own=_leads_only(201, anon=401),
        payload=lambda w, s: {
            "person": str(w.people["provider_admin"].uuid),
            "starts_at": "2030-01-07T18:00:00Z",
            "ends_at": "2030-01-08T08:00:00Z",
            "reason": "Cover",
        },
    ),
    "API DELETE /api/v1/oncall/overrides/{uuid}": Rule(
        own={}, args=_fresh_cover, write_own=_leads_only(204, anon=401)
    ),
    "API GET /api/v1/oncall/policies": Rule(own=_provider_staff(200)),
    "API GET /api/v1/mail/mailboxes": Rule(own=provider_admin_only(200, anon=401)),
    "API GET /api/v1/mail/inbound": Rule(own=_provider_staff(200)),
    "API GET /api/v1/oncall/pages": Rule(own=_provider_staff(200)),
    "API POST /api/v1/oncall/pages/{uuid}/acknowledgement": Rule(
        own={},
        args=_page,
        write_own=_staff_page(200, side="own", anon=401),
        write_foreign=_staff_page(200, side="foreign", anon=401),
    ),
    "API GET /api/v1/sla/calendars": Rule(own=_provider_staff(200)),
    "API POST /api/v1/sla/calendars": Rule(
        own={}, write_own=_leads_only(201, anon=401), payload=_calendar_json
    ),
    "API GET /api/v1/sla/calendars/{uuid}": Rule(own=_provider_staff(200), args=_calendar),
    "API PATCH /api/v1/sla/calendars/{uuid}": Rule(
        own={},
        args=_calendar,
        write_own=_leads_only(200, anon=401),
        payload=lambda w, s: {"us_federal_holidays": False},
    ),
    "API PUT /api/v1/sla/calendars/{uuid}/days/{on}": Rule(
        own={},
        args=_calendar_day,
        write_own=_leads_only(200, anon=401),
        payload=lambda w, s: {"hours": [], "reason": "Closed for the holidays"},
    ),
    "API DELETE /api/v1/sla/calendars/{uuid}/days/{on}": Rule(
        own={}, args=_calendar_day, write_own=_leads_only(204, anon=401)
    ),
    "API GET /api/v1/sla/policies": Rule(own=_provider_staff(200)),
    "API POST /api/v1/sla/policies": Rule(
        own={}, write_own=_leads_only(201, anon=401), payload=_policy_json
    ),
    "API GET /api/v1/sla/policies/{uuid}": Rule(own=_provider_staff(200), args=_policy),
    "API PATCH /api/v1/sla/policies/{uuid}": Rule(
        own={},
        args=_policy,
        write_own=_leads_only(200, anon=401),
        payload=lambda w, s: {"warn_at_percent": 80},
    ),
    # Contracts: everyone reads the ones of the practices they see.
    "API GET /api/v1/sla/contracts": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/sla/contracts": Rule(
        own={},
        write_own=_leads_only(201, anon=401),
        write_foreign=_leads_only(201, anon=401),
        payload=_contract_json,
    ),
    "API GET /api/v1/sla/contracts/{uuid}": Rule(
        own=scoped(200, side="own", anon=401),
        foreign=scoped(200, side="foreign", anon=401),
        args=_contract,
    ),
    "API PATCH /api/v1/sla/contracts/{uuid}": Rule(
        own={},
        args=_contract,
        write_own=_leads_only(200, anon=401),
        write_foreign=_leads_only(200, anon=401),
        payload=lambda w, s: {"name": "Managed services 2027"},
    ),
    "API GET /api/v1/requests/{ref}/links": Rule(
        own=scoped(200, anon=401, side="own"),
        foreign=scoped(200, anon=401, side="foreign"),
        args=_request,
    ),
    "API POST /api/v1/requests/{ref}/links": Rule(
        own={},
        args=_request,
        write_own=staff_only(201, side="own", anon=401),
        write_foreign=staff_only(201, side="foreign", anon=401),
        payload=lambda w, s: {"ref": _fresh_request(w, s).reference},
    ),
    "API DELETE /api/v1/requests/{ref}/links/{other}": Rule(
        own={},
        args=_linked_pair,
        write_own=staff_only(204, side="own", anon=401),
        write_foreign=staff_only(204, side="foreign", anon=401),
    ),
    "API POST /api/v1/requests/{ref}/rating": Rule(
        own={},
        args=_rated_request,
        write_own=scoped(403, side="own", anon=401) | {"client_member_a": 201},
        write_foreign=scoped(403, side="foreign", anon=401) | {"client_admin_b": 201},
        payload=lambda w, s: {"rating": 4},
    ),
    "API GET /api/v1/macros": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200)
    ),
    "API POST /api/v1/macros": Rule(
        own={},
        write_own=signed_in(403, anon=401, provider_admin=201, technician_a=201),
        payload=lambda w, s: {"name": "API reply", "body": "Hello {requester_name}"},
    ),
    "API GET /api/v1/macros/{uuid}": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200),
        args=lambda w, s: {"uuid": w.macro.uuid},  # type: ignore[union-attr]
    ),
    "API PATCH /api/v1/macros/{uuid}": Rule(
        own={},
        args=lambda w, s: {"uuid": w.macro.uuid},  # type: ignore[union-attr]
        write_own=signed_in(403, anon=401, provider_admin=200),
        payload=lambda w, s: {"name": "Looking into it now"},
    ),
    "API POST /api/v1/requests/{ref}/macros/{uuid}": Rule(
        own={},
        args=lambda w, s: {**_request(w, s), "uuid": w.macro.uuid},  # type: ignore[union-attr]
        write_own=staff_only(200, side="own", anon=401),
        write_foreign=staff_only(200, side="foreign", anon=401),
        payload=lambda w, s: {"version": _version(w, s)},
    ),
    "API GET /api/v1/views": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200)
    ),
    "API POST /api/v1/views": Rule(
        own={},
        write_own=signed_in(403, anon=401, provider_admin=201, technician_a=201),
        payload=lambda w, s: {"name": "API view", "filters": {"queue": "unassigned"}},
    ),
    "API GET /api/v1/views/{uuid}": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200), args=_view
    ),
    "API PATCH /api/v1/views/{uuid}": Rule(
        own={},
        args=_view,
        write_own=signed_in(403, anon=401, provider_admin=200),
        payload=lambda w, s: {"name": "Front line urgent"},
    ),
    "API DELETE /api/v1/views/{uuid}": Rule(
        own={}, args=_fresh_view, write_own=signed_in(403, anon=401, provider_admin=204)
    ),
    "API POST /api/v1/requests/bulk": Rule(
        own={},
        write_own=signed_in(403, anon=401, provider_admin=200, technician_a=200),
        payload=lambda w, s: {
            "action": "status",
            "status": "waiting_third_party",
            "requests": [
                {"reference": w.request_a.reference, "version": _version(w, "own")},  # type: ignore[union-attr]
                {"reference": w.request_b.reference, "version": _version(w, "foreign")},  # type: ignore[union-attr]
            ],
        },
    ),
    "API GET /api/v1/kb/articles": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/kb/suggestions": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/kb/articles": Rule(
        own={},
        write_own=signed_in(403, anon=401, provider_admin=201, technician_a=201),
        payload=lambda w, s: {"title": "API article", "body": "Text"},
    ),
    "API GET /api/v1/kb/articles/{uuid}": Rule(
        own=signed_in(200, anon=401),
        foreign=scoped(200, anon=401, side="foreign") | {"client_admin_b": 200},
        args=_article,
    ),
    "API PATCH /api/v1/kb/articles/{uuid}": Rule(
        own={},
        args=_article,
        # The lookup first: a practice's people find the article, then are refused.
        write_own=_article_writes(200, side="own", anon=401),
        write_foreign=each(404, provider_admin=200, client_admin_b=403, anonymous=401),
        payload=lambda w, s: {"title": "Printer shows offline"},
    ),
    "API DELETE /api/v1/kb/articles/{uuid}": Rule(
        own={},
        args=_fresh_article,
        write_own=each(403, provider_admin=204, anonymous=401),
        write_foreign=each(404, provider_admin=204, client_admin_b=403, anonymous=401),
    ),
    "API POST /api/v1/kb/articles/{uuid}/solved": Rule(
        own={},
        args=_article,
        write_own=_solved(201, side="own", anon=401),
        write_foreign=_solved(201, side="foreign", anon=401),
        payload=_intake,
    ),
    "API GET /api/v1/time-report": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200)
    ),
    "API GET /api/v1/satisfaction": Rule(
        own=signed_in(403, anon=401, provider_admin=200, technician_a=200)
    ),
    "API GET /api/v1/service-accounts": Rule(
        own=signed_in(403, anon=401, provider_admin=200, client_admin_a=200, client_admin_b=200)
    ),
    "API GET /api/v1/service-accounts/{uuid}": Rule(
        own=admins_only(200, side="own"),
        foreign=admins_only(200, side="foreign"),
        args=_service_account,
    ),
    "API POST /api/v1/service-accounts": Rule(
        own={},
        write_own=admins_only(201, side="own"),
        write_foreign=admins_only(201, side="foreign"),
        payload=lambda w, s: {"organization": _slug_of(w, s), **_integration(w, s)},
    ),
    "API POST /api/v1/service-accounts/{uuid}/deactivate": Rule(
        own={},
        args=_service_account,
        write_own=admins_only(200, side="own"),
        write_foreign=admins_only(200, side="foreign"),
        payload=lambda w, s: {"reason": "retired"},
    ),
    "collab:decision_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    "collab:decision_new": Rule(
        own=signed_in(200, client_member_a=403, auditor_a=403),
        # A practice's admin drafts for their own practice whatever is sent.
        write_own=signed_in(302, client_member_a=403, auditor_a=403),
        payload=_decision_form,
    ),
    "collab:decision_log_pdf": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_org,
        write_own=NO_WRITE,
    ),
    "collab:decision_detail": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_decision,
        write_own=NO_WRITE,
    ),
    "collab:decision_edit": Rule(
        own=_decision_writes(200, side="own"),
        foreign=_decision_writes(200, side="foreign"),
        args=_decision,
        write_own=_decision_writes(302, side="own"),
        write_foreign=_decision_writes(302, side="foreign"),
        payload=lambda w, s: {"title": "Encrypt the laptops", "option_1_title": "BitLocker"},
    ),
    "collab:decision_propose": Rule(
        own=each(405),
        args=_decision,
        write_own=_decision_writes(302, side="own"),
        write_foreign=_decision_writes(302, side="foreign"),
    ),
    "collab:decision_sign": Rule(
        own=each(405),
        args=_proposed_decision,
        write_own=_decision_signers(302, side="own"),
        write_foreign=_decision_signers(302, side="foreign"),
        payload=_signature_form,
    ),
    "collab:decision_supersede": Rule(
        own=each(405),
        args=_agreed_decision,
        write_own=_decision_writes(302, side="own"),
        write_foreign=_decision_writes(302, side="foreign"),
    ),
    "collab:decision_file_add": Rule(
        own=each(405),
        args=_decision,
        # No file sent: the page says so (a redirect with the message).
        write_own=_decision_writes(302, side="own"),
        write_foreign=_decision_writes(302, side="foreign"),
    ),
    "collab:decision_file": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_decision_file,
        write_own=NO_WRITE,
    ),
    "collab:decision_file_remove": Rule(
        own=each(405),
        args=_decision_file,
        write_own=_decision_writes(302, side="own"),
        write_foreign=_decision_writes(302, side="foreign"),
    ),
    "collab:decision_link": Rule(
        own=each(405),
        args=_decision,
        write_own=_decision_writes(302, side="own"),
        write_foreign=_decision_writes(302, side="foreign"),
        payload=lambda w, s: _request(w, s) | {"request": _request(w, s)["ref"]},
    ),
    "API GET /api/v1/decisions": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/decisions": Rule(
        own={},
        write_own=_decision_writes(201, side="own", anon=401),
        write_foreign=_decision_writes(201, side="foreign", anon=401),
        payload=_decision_json,
    ),
    "API GET /api/v1/decisions/{uuid}": Rule(
        own=scoped(200, side="own", anon=401),
        foreign=scoped(200, side="foreign", anon=401),
        args=_decision,
    ),
    "API PATCH /api/v1/decisions/{uuid}": Rule(
        own={},
        args=_decision,
        write_own=_decision_writes(200, side="own", anon=401),
        write_foreign=_decision_writes(200, side="foreign", anon=401),
        payload=lambda w, s: {"title": "Encrypt the laptops"},
    ),
    "API POST /api/v1/decisions/{uuid}/proposal": Rule(
        own={},
        args=_decision,
        write_own=_decision_writes(200, side="own", anon=401),
        write_foreign=_decision_writes(200, side="foreign", anon=401),
    ),
    "API POST /api/v1/decisions/{uuid}/signatures": Rule(
        own={},
        args=_proposed_decision,
        write_own=_decision_signers(201, side="own", anon=401),
        write_foreign=_decision_signers(201, side="foreign", anon=401),
        payload=_signature_form,
    ),
    "API POST /api/v1/decisions/{uuid}/successor": Rule(
        own={},
        args=_agreed_decision,
        write_own=_decision_writes(201, side="own", anon=401),
        write_foreign=_decision_writes(201, side="foreign", anon=401),
    ),
    "collab:change_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    # Without ?practice= it shows the practice chooser (staff); see tests/collab.
    "collab:change_new": Rule(
        own=signed_in(403, provider_admin=200, technician_a=200),
        write_own=signed_in(403, provider_admin=200, technician_a=200),
    ),
    "collab:change_feeds": Rule(own=signed_in(200), write_own=signed_in(200)),
    "collab:change_feed_revoke": Rule(
        own=each(405),
        args=_change_feed,
        # Only its owner finds it.
        write_own=each(404, client_admin_a=302, anonymous=302),
        write_foreign=each(404, client_admin_b=302, anonymous=302),
    ),
    # The token is the credential (calendar apps send no cookie).
    "collab:change_feed": Rule(
        own=each(200), foreign=each(200), args=_change_feed_token, write_own=each(405)
    ),
    "collab:change_detail": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_change,
        write_own=NO_WRITE,
    ),
    "collab:change_edit": Rule(
        own=_change_staff(200, side="own"),
        foreign=_change_staff(200, side="foreign"),
        args=_change,
        write_own=_change_staff(302, side="own"),
        write_foreign=_change_staff(302, side="foreign"),
        payload=lambda w, s: {
            "title": "Swap the switch",
            "sites": [str((w.site_a if s == "own" else w.site_b).uuid)],
            "risk": "low",
            "starts_at": "2030-01-07T20:00",
            "ends_at": "2030-01-07T22:00",
            "time_zone": (w.site_a if s == "own" else w.site_b).time_zone,
        },
    ),
    "collab:change_submit": Rule(
        own=each(405),
        args=_change,
        write_own=_change_staff(302, side="own"),
        write_foreign=_change_staff(302, side="foreign"),
    ),
    "collab:change_decide": Rule(
        own=each(405),
        args=_submitted_change,
        write_own=_change_approver(302, side="own"),
        write_foreign=_change_approver(302, side="foreign"),
        payload=_change_answer,
    ),
    "collab:change_step": Rule(
        own=each(405),
        args=_approved_change,
        write_own=_change_staff(302, side="own"),
        write_foreign=_change_staff(302, side="foreign"),
        payload=lambda w, s: {"step": "start"},
    ),
    "collab:change_check": Rule(
        own=each(405),
        args=_completed_change,
        write_own=_change_checker(302, side="own"),
        write_foreign=_change_checker(302, side="foreign"),
        payload=lambda w, s: {"result": "passed"},
    ),
    "API GET /api/v1/changes": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/changes": Rule(
        own={},
        # The practice is looked up first: a practice's people find their own (403).
        write_own=_change_staff(201, side="own", anon=401),
        write_foreign=_change_staff(201, side="foreign", anon=401),
        payload=_change_json,
    ),
    "API GET /api/v1/changes/{uuid}": Rule(
        own=scoped(200, side="own", anon=401),
        foreign=scoped(200, side="foreign", anon=401),
        args=_change,
    ),
    "API PATCH /api/v1/changes/{uuid}": Rule(
        own={},
        args=_change,
        write_own=_change_staff(200, side="own", anon=401),
        write_foreign=_change_staff(200, side="foreign", anon=401),
        payload=lambda w, s: {"title": "Swap the switch"},
    ),
    "API POST /api/v1/changes/{uuid}/submission": Rule(
        own={},
        args=_change,
        write_own=_change_staff(200, side="own", anon=401),
        write_foreign=_change_staff(200, side="foreign", anon=401),
    ),
    "API POST /api/v1/changes/{uuid}/decision": Rule(
        own={},
        args=_submitted_change,
        write_own=_change_approver(201, side="own", anon=401),
        write_foreign=_change_approver(201, side="foreign", anon=401),
        payload=_change_answer,
    ),
    "API POST /api/v1/changes/{uuid}/steps": Rule(
        own={},
        args=_approved_change,
        write_own=_change_staff(200, side="own", anon=401),
        write_foreign=_change_staff(200, side="foreign", anon=401),
        payload=lambda w, s: {"step": "start"},
    ),
    "API POST /api/v1/changes/{uuid}/check": Rule(
        own={},
        args=_completed_change,
        write_own=_change_checker(200, side="own", anon=401),
        write_foreign=_change_checker(200, side="foreign", anon=401),
        payload=lambda w, s: {"result": "passed"},
    ),
    "collab:action_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    # Staff without ?practice= get the practice chooser; a practice's admin
    # adds to their own plan.
    "collab:action_new": Rule(
        own=signed_in(200, client_member_a=403, auditor_a=403),
        write_own=signed_in(
            302, provider_admin=200, technician_a=200, client_member_a=403, auditor_a=403
        ),
        payload=_action_form,
    ),
    "collab:action_detail": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_action,
        write_own=_action_keepers(302, side="own"),
        write_foreign=_action_keepers(302, side="foreign"),
        payload=_action_form,
    ),
    "collab:action_status": Rule(
        own=each(405),
        args=_action,
        write_own=_action_keepers(302, side="own"),
        write_foreign=_action_keepers(302, side="foreign"),
        payload=lambda w, s: {"status": "in_progress"},
    ),
    "API GET /api/v1/actions": Rule(own=signed_in(200, anon=401)),
    "API GET /api/v1/actions/overdue": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/actions": Rule(
        own={},
        write_own=_action_keepers(201, side="own", anon=401),
        write_foreign=_action_keepers(201, side="foreign", anon=401),
        payload=lambda w, s: _action_form(w, s) | {"practice": _slug_of(w, s)},
    ),
    "API GET /api/v1/actions/{uuid}": Rule(
        own=scoped(200, side="own", anon=401),
        foreign=scoped(200, side="foreign", anon=401),
        args=_action,
    ),
    "API PATCH /api/v1/actions/{uuid}": Rule(
        own={},
        args=_action,
        write_own=_action_keepers(200, side="own", anon=401),
        write_foreign=_action_keepers(200, side="foreign", anon=401),
        payload=lambda w, s: {"status": "in_progress"},
    ),
    "collab:concern_list": Rule(own=signed_in(200), write_own=NO_WRITE),
    "collab:concern_new": Rule(
        own=each(403, client_admin_a=200, client_member_a=200, client_admin_b=200, anonymous=302),
        write_own=each(
            403, client_admin_a=302, client_member_a=302, client_admin_b=302, anonymous=302
        ),
        payload=_concern_form,
    ),
    "collab:concern_detail": Rule(
        own=_concern_readers(200, side="own"),
        foreign=_concern_readers(200, side="foreign"),
        args=_concern,
        write_own=NO_WRITE,
    ),
    "collab:concern_acknowledge": Rule(
        own=each(405),
        args=_concern,
        write_own=_concern_managers(302, side="own"),
        write_foreign=_concern_managers(302, side="foreign"),
    ),
    "collab:concern_respond": Rule(
        own=each(405),
        args=_concern,
        write_own=_concern_managers(302, side="own"),
        write_foreign=_concern_managers(302, side="foreign"),
        payload=lambda w, s: {"text": "We call you today."},
    ),
    "collab:concern_confirm": Rule(
        own=each(405),
        args=_answered_concern,
        write_own=_concern_practice(302, side="own"),
        write_foreign=_concern_practice(302, side="foreign"),
        payload=lambda w, s: {"addressed": "yes"},
    ),
    "API GET /api/v1/concerns": Rule(own=signed_in(200, anon=401)),
    "API POST /api/v1/concerns": Rule(
        own={},
        write_own=each(
            403, client_admin_a=201, client_member_a=201, client_admin_b=201, anonymous=401
        ),
        payload=lambda w, s: {"title": "Nobody called back", "about": "service", "strength": 3},
    ),
    "API GET /api/v1/concerns/{uuid}": Rule(
        own=_concern_readers(200, side="own", anon=401),
        foreign=_concern_readers(200, side="foreign", anon=401),
        args=_concern,
    ),
    "API POST /api/v1/concerns/{uuid}/acknowledgement": Rule(
        own={},
        args=_concern,
        write_own=_concern_managers(200, side="own", anon=401),
        write_foreign=_concern_managers(200, side="foreign", anon=401),
    ),
    "API POST /api/v1/concerns/{uuid}/response": Rule(
        own={},
        args=_concern,
        write_own=_concern_managers(200, side="own", anon=401),
        write_foreign=_concern_managers(200, side="foreign", anon=401),
        payload=lambda w, s: {"text": "We call you today."},
    ),
    "API POST /api/v1/concerns/{uuid}/confirmation": Rule(
        own={},
        args=_answered_concern,
        write_own=_concern_practice(200, side="own", anon=401),
        write_foreign=_concern_practice(200, side="foreign", anon=401),
        payload=lambda w, s: {"addressed": True},
    ),
}
