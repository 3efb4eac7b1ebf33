"""Every write on mailboxes and held mail, by provider staff; each audited
in the provider's trail (a held message belongs to no practice yet)."""

from __future__ import annotations

import re
import secrets
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import services as accounts
from tandem.accounts.choices import OrgKind, Role
from tandem.accounts.models import Organization, Person
from tandem.accounts.permissions import can_manage_clients
from tandem.accounts.queries import provider_org
from tandem.audit import services as audit
from tandem.core import crypto
from tandem.core.tenancy import SYSTEM, Actor
from tandem.desk import services as desk
from tandem.desk.choices import Category, Channel, Impact
from tandem.desk.models import ServiceRequest
from tandem.mail import imap, ingest, oauth, outbound, parsing
from tandem.mail.models import Auth, DomainRoute, InboundMessage, Mailbox, Outcome

SECRETS = ("password", "oauth_client_secret")
SETTINGS = (
    "name", "address", "active", "imap_host", "imap_port", "imap_security", "imap_folder",
    "done_folder", "smtp_host", "smtp_port", "smtp_security", "username", "auth",
    "oauth_provider", "oauth_client_id", "oauth_authorize_url", "oauth_token_url",
    "oauth_scope", "unknown_senders", "authserv_id", "hourly_limit",
)  # fmt: skip
DOMAIN = re.compile(r"^(?=.{3,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
STATE_SALT = "tandem.mail.oauth"
STATE_MAX_AGE = 600


def can_manage(actor: Actor) -> bool:
    """Mailboxes are the provider's settings: provider admins."""
    return can_manage_clients(actor)


def _require(actor: Actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied


def _provider_id() -> int:
    provider = provider_org()
    if provider is None:
        raise ValidationError("Set up the provider first.")
    return provider.pk


@dataclass(frozen=True)
class Route:
    domain: str
    organization: Organization


def parse_routes(text: str) -> list[Route]:
    """`domain = practice` lines (the practice by name or slug), or
    ValidationError naming each line that is wrong."""
    practices = list(Organization.objects.filter(kind=OrgKind.CLIENT))
    by_key = {p.slug.lower(): p for p in practices} | {p.name.lower(): p for p in practices}
    routes: list[Route] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        domain, sep, practice = (part.strip() for part in line.partition("="))
        domain = domain.lower().lstrip("@")
        if not sep or not practice:
            errors.append(f"Line {number}: write “domain = practice”.")
        elif not DOMAIN.match(domain):
            errors.append(f"Line {number}: “{domain[:60]}” is not a domain.")
        elif domain in seen:
            errors.append(f"Line {number}: {domain} is listed twice.")
        elif practice.lower() not in by_key:
            errors.append(f"Line {number}: no practice is called “{practice[:60]}”.")
        else:
            seen.add(domain)
            routes.append(Route(domain, by_key[practice.lower()]))
    if len(routes) > 200:
        errors.append("At most 200 domains.")
    if errors:
        raise ValidationError({"routes": errors})
    return routes


def routes_text(mailbox: Mailbox) -> str:
    return "\n".join(
        f"{r.domain} = {r.organization.name}" for r in mailbox.routes.select_related("organization")
    )


@transaction.atomic
def save_mailbox(
    *,
    actor: Actor,
    mailbox: Mailbox | None,
    data: dict[str, Any],
    new_secrets: dict[str, str],
    routes: Sequence[Route],
    default_client: Organization | None,
) -> Mailbox:
    """Create or change a mailbox. Secrets are given only when changed
    (blank keeps them) and are stored encrypted; the audit notes that they
    changed, never their values."""
    _require(actor)
    if default_client is not None and default_client.kind != OrgKind.CLIENT:
        raise ValidationError({"default_client": "Choose a practice."})
    creating = mailbox is None
    box = mailbox or Mailbox()
    if creating:
        box.address = data["address"]
    elif not Mailbox.objects.select_for_update().filter(pk=box.pk).exists():
        raise ValidationError("This mailbox was removed.")
    before = {name: getattr(box, name) for name in SETTINGS}
    before["default_client"] = str(box.default_client or "") if not creating else ""
    for name in SETTINGS:
        if name in data:
            setattr(box, name, data[name])
    box.address = box.address.strip().lower()
    clash = Mailbox.objects.filter(address__iexact=box.address).exclude(pk=box.pk)
    if clash.exists():
        raise ValidationError({"address": "Another mailbox has this address."})
    box.default_client = default_client
    changed_secrets = []
    for name in SECRETS:
        if new_secrets.get(name):
            setattr(box, name, crypto.encrypt(new_secrets[name]))
            changed_secrets.append(name)
    if box.auth == Auth.OAUTH2 and not (box.oauth_provider and box.oauth_client_id):
        raise ValidationError(
            {"oauth_client_id": "OAuth2 needs the provider and the application's client id."}
        )
    if box.oauth_provider == "custom" and not box.oauth_token_url:
        raise ValidationError({"oauth_token_url": "A custom provider needs its token URL."})
    if box.done_folder and box.done_folder == box.imap_folder:
        raise ValidationError({"done_folder": "Choose another folder than the one read."})
    box.save()
    old_routes = sorted(f"{r.domain}={r.organization_id}" for r in box.routes.all())
    new_routes = sorted(f"{r.domain}={r.organization.pk}" for r in routes)
    if old_routes != new_routes:
        box.routes.all().delete()
        DomainRoute.objects.bulk_create(
            [DomainRoute(mailbox=box, domain=r.domain, organization=r.organization) for r in routes]
        )
    after = {name: getattr(box, name) for name in SETTINGS}
    after["default_client"] = str(box.default_client or "")
    changes: dict[str, list[Any]] = {
        k: [None if creating else before[k], after[k]]
        for k in after
        if creating or before[k] != after[k]
    }
    if old_routes != new_routes:
        changes["routes"] = [len(old_routes), len(new_routes)]
    for name in changed_secrets:
        changes[name] = ["…", "changed"]
    if changes or creating:
        audit.record(
            actor=actor,
            verb="mail.mailbox_create" if creating else "mail.mailbox_update",
            organization_id=_provider_id(),
            target=box,
            target_label=box.address,
            changes=changes,
        )
    return box


def test_connection(*, actor: Actor, mailbox: Mailbox) -> list[tuple[bool, str]]:
    """Sign in to the mailbox's IMAP and SMTP servers, change nothing, and say
    how each went."""
    _require(actor)
    results: list[tuple[bool, str]] = []
    if mailbox.imap_host:
        try:
            client = imap.connect(mailbox)
            status, data = client.select(mailbox.imap_folder, readonly=True)
            client.logout()
            if status != "OK":
                raise imap.ImapError(f"The folder {mailbox.imap_folder} cannot be opened.")
            count = data[0].decode() if data and isinstance(data[0], bytes) else "?"
            results.append((True, f"IMAP: signed in; {mailbox.imap_folder} holds {count}."))
        except imap.ImapError as exc:
            results.append((False, f"IMAP: {exc}"))
    else:
        results.append((True, "IMAP: not used (mail arrives by LMTP or the pipe)."))
    connection = outbound.connection_for(mailbox)  # None: no SMTP server of its own
    if connection is None:
        results.append((True, "SMTP: the instance's own mail settings are used."))
    else:
        try:
            connection.open()
            connection.close()
            results.append((True, f"SMTP: signed in to {mailbox.smtp_host}."))
        except (OSError, smtplib.SMTPException, ssl.SSLError, oauth.TokenError) as exc:
            results.append((False, f"SMTP: {type(exc).__name__}: {exc}"[:300]))
    error = next((text for ok, text in results if not ok), "")
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error=error[:500])
    return results


# OAuth2: the authorization code flow that stores a refresh token.


def redirect_uri() -> str:
    return f"{settings.SITE_URL}{reverse('mail:oauth_callback')}"


def authorize_url(*, actor: Actor, mailbox: Mailbox) -> str:
    _require(actor)
    url = mailbox.oauth_authorize_url or oauth.PROVIDERS.get(mailbox.oauth_provider, {}).get(
        "authorize", ""
    )
    if not url or not mailbox.oauth_client_id:
        raise ValidationError("Set the OAuth2 provider and client id first.")
    scope = mailbox.oauth_scope or oauth.PROVIDERS.get(mailbox.oauth_provider, {}).get("scope", "")
    state = signing.dumps(
        {"m": str(mailbox.uuid), "p": actor.person_id, "n": secrets.token_urlsafe(8)},
        salt=STATE_SALT,
    )
    query = {
        "client_id": mailbox.oauth_client_id,
        "response_type": "code",
        "redirect_uri": redirect_uri(),
        "scope": scope,
        "state": state,
        "access_type": "offline",  # Google: give a refresh token
        "prompt": "consent",
        "login_hint": mailbox.username or mailbox.address,
    }
    return f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"


@transaction.atomic
def finish_authorization(*, actor: Actor, state: str, code: str) -> Mailbox:
    """The provider sent the admin back with a code: trade it for tokens."""
    _require(actor)
    try:
        found = signing.loads(state, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError("This authorization expired or is not ours: start again.") from exc
    if found.get("p") != actor.person_id:
        raise PermissionDenied
    mailbox = Mailbox.objects.select_for_update().filter(uuid=found.get("m")).first()
    if mailbox is None:
        raise ValidationError("This mailbox was removed.")
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri(),
        "client_id": mailbox.oauth_client_id,
    }
    if mailbox.oauth_client_secret:
        data["client_secret"] = crypto.decrypt(mailbox.oauth_client_secret)
    try:
        answer = oauth.token_request(oauth.token_url(mailbox), data)
    except oauth.TokenError as exc:
        raise ValidationError(str(exc)) from exc
    if not answer.get("refresh_token"):
        raise ValidationError(
            "The provider gave no refresh token: allow offline access (Microsoft: "
            "offline_access; Google: consent again) and start again."
        )
    oauth.store_tokens(mailbox, answer)
    audit.record(
        actor=actor,
        verb="mail.mailbox_authorize",
        organization_id=_provider_id(),
        target=mailbox,
        target_label=mailbox.address,
        changes={"refresh_token": ["…", "changed"]},
    )
    return mailbox


# Held mail (triage).


def _held(inbound: InboundMessage) -> InboundMessage:
    locked = InboundMessage.objects.select_for_update(of=("self",)).get(pk=inbound.pk)
    if locked.outcome != Outcome.TRIAGE:
        raise ValidationError("Someone has already dealt with this message.")
    return locked


@transaction.atomic
def open_from_held(
    *, actor: Actor, inbound: InboundMessage, organization: Organization
) -> ServiceRequest:
    """Staff decide whose a held message is: its sender becomes (or is) a
    contact of that practice and the message opens a request for them."""
    if not actor.is_provider or not actor.can_see(organization.pk):
        raise PermissionDenied
    if organization.kind != OrgKind.CLIENT:
        raise ValidationError({"organization": "Choose a practice."})
    inbound = _held(inbound)
    raw = bytes(inbound.raw)
    parsed = parsing.parse(raw)
    sender = Person.objects.filter(email__iexact=inbound.sender).first() if inbound.sender else None
    if sender is not None and sender.organization_id != organization.pk:
        raise ValidationError(
            {"organization": f"{inbound.sender} belongs to {sender.organization.name}."}
        )
    if sender is None and inbound.sender:
        sender = accounts.create_person(
            actor=SYSTEM,
            organization=organization,
            email=inbound.sender,
            full_name=(inbound.sender_name or inbound.sender.partition("@")[0])[:150],
            role=Role.CLIENT_MEMBER,
        )
    body, warnings, files = ingest.content_of(parsed, raw)
    request = desk.open_request(
        actor=actor,
        organization=organization,
        subject=ingest.subject_of(parsed),
        body=body,
        category=Category.OTHER,
        impact=Impact.PERSON_BLOCKED,
        channel=Channel.EMAIL,
        requester=sender,
        files=files,
    )
    if warnings:
        desk.record_event(actor, request, "From the email: " + " ".join(warnings))
    inbound.outcome = Outcome.OPENED
    inbound.organization = organization
    inbound.request = request
    inbound.request_message = request.messages.order_by("id").first()
    inbound.handled_at = timezone.now()
    inbound.handled_by_id = actor.person_id
    inbound.save()
    audit.record(
        actor=actor,
        verb="mail.held_opened",
        organization_id=organization.pk,
        target=inbound,
        target_label=f"{inbound.sender}: {inbound.subject}"[:300],
        changes={"request": [None, request.reference]},
    )
    return request


@transaction.atomic
def discard_held(*, actor: Actor, inbound: InboundMessage) -> InboundMessage:
    """Not for the desk (spam, a vendor's newsletter): kept, marked discarded."""
    if not actor.is_provider:
        raise PermissionDenied
    inbound = _held(inbound)
    inbound.outcome = Outcome.DISCARDED
    inbound.handled_at = timezone.now()
    inbound.handled_by_id = actor.person_id
    inbound.save(update_fields=["outcome", "handled_at", "handled_by"])
    audit.record(
        actor=actor,
        verb="mail.held_discarded",
        organization_id=_provider_id(),
        target=inbound,
        target_label=f"{inbound.sender}: {inbound.subject}"[:300],
        changes={"reason": [inbound.reason, None]},
    )
    return inbound
