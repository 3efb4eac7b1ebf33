"""The one ingest path every transport (IMAP, LMTP, the pipe) calls.

`store(raw)` keeps the message exactly once (by Message-ID, else by a hash
of its bytes) and is all a transport waits for before it tells the sending
server the message is taken. `file(id)` then files it, in one transaction:
a new request, a reply on the request it answers, a bounce marking our
outbound mail failed, automatic mail set aside, or a message held for staff
to sort (triage). The pipe and LMTP leave filing to the worker (asked after
the commit, and swept every minute); IMAP polling files at once, then marks
the message on the server. Whatever happens to the filing, the raw message
stays stored; only a database that cannot be written makes either raise.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.accounts.models import Organization, Person
from tandem.accounts.queries import provider_org
from tandem.audit import services as audit
from tandem.core import phi
from tandem.core.events import emit
from tandem.core.tenancy import SYSTEM
from tandem.core.text import strip_nul
from tandem.desk import attachments
from tandem.desk import services as desk
from tandem.desk.attachments import CheckedFile
from tandem.desk.choices import Category, Channel, Impact, Urgency
from tandem.desk.models import ServiceRequest
from tandem.desk.notices import mail_subject
from tandem.desk.phi_guard import own_contacts
from tandem.desk.queries import requests_for
from tandem.mail import dmarc, html, noise, parsing, reply, threading
from tandem.mail.models import DomainRoute, InboundMessage, Mailbox, Outcome, UnknownSenders
from tandem.mail.parsing import Parsed
from tandem.notify import services as notify

log = logging.getLogger(__name__)

DUPLICATE = "duplicate"
STORED = "mail.stored"
# Parse problems that mean the text shown may not be what was sent.
SEVERE = ("unreadable message", "no readable body", "body:", "broken MIME")
RATE_WINDOW = timedelta(hours=1)
MAILBOX_CACHE_S = 60.0
_MAILBOXES: dict[str, tuple[float, list[Mailbox]]] = {}


@dataclass(frozen=True)
class Result:
    outcome: str  # an Outcome, or DUPLICATE when it was stored before
    inbound: InboundMessage
    request: ServiceRequest | None = None


class Held(Exception):
    """Filing stops: the message is kept for triage, for this reason."""


def dedupe_key(parsed: Parsed) -> str:
    if parsed.message_id:
        return "id:" + hashlib.sha256(parsed.message_id.encode()).hexdigest()
    return "raw:" + parsed.content_hash


def active_mailboxes() -> list[Mailbox]:
    """Read once a minute at most: an LMTP server or a burst through the pipe
    asks for every message, and mailboxes change about never."""
    now = time.monotonic()
    cached = _MAILBOXES.get("active")
    if cached is None or now - cached[0] > MAILBOX_CACHE_S:
        cached = (now, list(Mailbox.objects.filter(active=True).order_by("id")[:50]))
        _MAILBOXES["active"] = cached
    return cached[1]


def forget_mailboxes(**_: Any) -> None:
    """Connected to Mailbox saves and deletes: the next message reads them again."""
    _MAILBOXES.clear()


def mailbox_for(parsed: Parsed, recipient: str = "") -> Mailbox | None:
    """The mailbox a message was sent to: the delivery's recipient, else an
    address among To and Cc, else the only active one."""
    wanted = [a.lower() for a in ([recipient] if recipient else [*parsed.to, *parsed.cc]) if a]
    boxes = active_mailboxes()
    for box in boxes:
        if box.address.lower() in wanted:
            return box
    return boxes[0] if len(boxes) == 1 else None


def store(
    raw: bytes, *, transport: str, mailbox: Mailbox | None = None, recipient: str = ""
) -> Result:
    """Keep the message, once: what a transport must do before it tells the
    sender's server the message is taken. Reads only the headers; filing
    (`file`) follows, inline or by the worker."""
    parsed = parsing.parse_headers(raw)
    key = dedupe_key(parsed)
    if mailbox is None:
        mailbox = mailbox_for(parsed, recipient)
    fields = {
        "mailbox": mailbox,
        "transport": transport,
        "dedupe_key": key,
        "message_id": parsed.message_id[:250],
        "sender": parsed.sender[:254],
        "sender_name": strip_nul(parsed.sender_name)[:200],
        "recipient": (recipient or (mailbox.address if mailbox else ""))[:254],
        "subject": strip_nul(" ".join(parsed.subject.split()))[:300],
        "outcome": Outcome.PENDING,
        "raw": raw,
        "size": len(raw),
        "received_at": timezone.now(),
    }
    try:
        if connection.in_atomic_block:  # a savepoint, so a duplicate leaves the caller's intact
            with transaction.atomic():
                inbound = InboundMessage.objects.create(**fields)
        else:  # one statement, committed as it runs: the fastest durable write
            inbound = InboundMessage.objects.create(**fields)
    except IntegrityError:
        # Stored before, or by another transport a moment ago (after its commit).
        return Result(DUPLICATE, InboundMessage.objects.defer("raw", "html").get(dedupe_key=key))
    emit(STORED, inbound_id=inbound.pk)
    return Result(Outcome.PENDING, inbound)


def file(inbound_id: int) -> Result | None:
    """File a stored message: a request, a reply, a bounce, noise, or held
    for triage. Once: a message already filed (by another worker) is left
    alone and None returned. Only a database that cannot be written raises;
    the message then stays pending and is filed on the next run."""
    with transaction.atomic():
        inbound = (
            InboundMessage.objects.select_for_update(of=("self",))
            .select_related("mailbox")
            .filter(pk=inbound_id, outcome=Outcome.PENDING)
            .first()
        )
        if inbound is None:
            return None
        raw = bytes(inbound.raw)
        parsed = parsing.parse(raw)
        inbound.warnings = [strip_nul(w)[:200] for w in parsed.warnings[:20]]
        inbound.html = strip_nul(html.safe(parsed.html)) if parsed.html else ""
        request: ServiceRequest | None = None
        try:
            with transaction.atomic():
                request = _file(inbound, parsed, raw, inbound.mailbox)
        except (OperationalError, InterfaceError):
            raise
        except Held as held:
            _hold(inbound, str(held))
        except PermissionDenied:
            _hold(inbound, f"{parsed.sender} may not write here.")
        except Exception as exc:  # any bug in filing: kept for triage, never lost
            log.exception("mail %s could not be filed", inbound.uuid)
            _hold(inbound, f"Could not be filed ({type(exc).__name__}); kept for staff.")
        inbound.save()
    return Result(inbound.outcome, inbound, request)


def ingest(
    raw: bytes, *, transport: str, mailbox: Mailbox | None = None, recipient: str = ""
) -> Result:
    """Store, then file at once (IMAP polling, tests): two transactions, so a
    crash between them leaves the message stored and pending, never lost."""
    stored = store(raw, transport=transport, mailbox=mailbox, recipient=recipient)
    if stored.outcome == DUPLICATE:
        return stored
    filed = file(stored.inbound.pk)
    if filed is not None:
        return filed
    # The worker, asked when it was stored, filed it first: report what it did.
    inbound = InboundMessage.objects.select_related("request").get(pk=stored.inbound.pk)
    return Result(inbound.outcome, inbound, inbound.request)


def pending_ids(limit: int = 100) -> list[int]:
    return list(
        InboundMessage.objects.filter(outcome=Outcome.PENDING)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def file_pending(limit: int = 100) -> int:
    """File what is stored and not filed yet; returns how many were filed."""
    return sum(1 for pk in pending_ids(limit) if file(pk) is not None)


def _hold(inbound: InboundMessage, reason: str) -> None:
    inbound.outcome = Outcome.TRIAGE
    inbound.organization = None
    inbound.request = None
    inbound.request_message = None
    inbound.reason = reason[:300]
    _audit_unfiled(inbound, "mail.hold")


def _audit_unfiled(inbound: InboundMessage, verb: str) -> None:
    provider = provider_org()
    if provider is None:
        return
    audit.record(
        actor=SYSTEM,
        verb=verb,
        organization_id=provider.pk,
        target=inbound,
        target_label=f"{inbound.sender}: {inbound.subject}"[:300],
        changes={"reason": [None, inbound.reason]},
    )


def _file(
    inbound: InboundMessage, parsed: Parsed, raw: bytes, mailbox: Mailbox | None
) -> ServiceRequest | None:
    why = noise.reason(parsed)
    if why:
        return _set_aside(inbound, parsed, raw, why)
    if not parsed.sender:
        raise Held("No sender address could be read.")
    _check_rate(inbound, mailbox)
    authserv_id = mailbox.authserv_id if mailbox else ""
    inbound.dmarc = dmarc.verdict(
        parsed.auth_results, authserv_id=authserv_id, sender=parsed.sender
    )
    if inbound.dmarc == "fail":
        raise Held(f"Claims to be from {parsed.sender} but failed the DMARC check.")
    person = _person(inbound, parsed, mailbox)
    if person is None:
        return None
    actor = actor_for(person)
    visible = requests_for(actor)
    found = threading.find(parsed, visible)
    body, warnings, files = content_of(parsed, raw)
    if person.is_provider_staff and found is None:
        raise Held(f"{person.full_name} (staff) wrote without naming a request.")
    organization = found.organization if found else person.organization
    flagged = bool(phi.check(f"{parsed.subject}\n{body}", own=own_contacts(organization)))
    if found is not None:
        message, request = desk.add_message(
            actor=actor,
            request=found,
            body=body,
            channel=Channel.EMAIL,
            files=files,
            contains_phi=flagged,
        )
        inbound.outcome = Outcome.REPLIED if request.pk == found.pk else Outcome.OPENED
    else:
        request = desk.open_request(
            actor=actor,
            organization=person.organization,
            subject=subject_of(parsed),
            body=body,
            category=Category.OTHER,
            impact=Impact.PERSON_BLOCKED,
            urgency=Urgency.MEDIUM,
            channel=Channel.EMAIL,
            files=files,
            contains_phi=flagged,
        )
        message = request.messages.get()
        inbound.outcome = Outcome.OPENED
        _acknowledge(inbound, request, person)
    refused = threading.refused(parsed, found)
    if refused:
        warnings.append(
            f"The subject names {', '.join(refused)}, which is not one of the sender's "
            "requests: ignored."
        )
    if warnings:
        desk.record_event(SYSTEM, request, "From the email: " + " ".join(warnings))
    inbound.organization_id = request.organization_id
    inbound.request = request
    inbound.request_message = message
    inbound.handled_at = inbound.received_at
    return request


def _set_aside(
    inbound: InboundMessage, parsed: Parsed, raw: bytes, why: str
) -> ServiceRequest | None:
    inbound.reason = why[:300]
    if not noise.is_bounce(parsed):
        inbound.outcome = Outcome.NOISE
        return None
    inbound.outcome = Outcome.BOUNCE
    failed = [u for u in (threading.row_uuid_in(i) for i in noise.bounced_ids(raw, parsed)) if u]
    marked = notify.mark_bounced(failed, reason=parsed.subject or "bounced")
    if marked:
        inbound.reason = f"{why}: {marked} of our messages marked failed"[:300]
    _audit_unfiled(inbound, "mail.bounce")
    return None


def _check_rate(inbound: InboundMessage, mailbox: Mailbox | None) -> None:
    limit = mailbox.hourly_limit if mailbox else Mailbox._meta.get_field("hourly_limit").default
    since = inbound.received_at - RATE_WINDOW
    recent = (
        InboundMessage.objects.filter(sender=inbound.sender, received_at__gte=since)
        .exclude(pk=inbound.pk)
        .count()
    )
    if recent >= limit:
        raise Held(f"More than {limit} messages from {inbound.sender} within an hour.")


def _person(inbound: InboundMessage, parsed: Parsed, mailbox: Mailbox | None) -> Person | None:
    """Who wrote: a known person, else a new contact of the practice the
    sender's domain belongs to; None when the message is ignored."""
    person = (
        Person.objects.select_related("organization")
        .filter(email__iexact=parsed.sender)
        .order_by("-is_active", "id")
        .first()
    )
    if person is not None:
        if not person.is_active:
            raise Held(f"{person.full_name}'s account is deactivated.")
        if person.role == Role.AUDITOR:
            raise Held(f"{person.full_name} is an auditor, who cannot raise requests.")
        return person
    organization = _practice_of(parsed.sender, mailbox)
    if organization is None:
        if mailbox is not None and mailbox.unknown_senders == UnknownSenders.IGNORE:
            inbound.outcome = Outcome.IGNORED
            inbound.reason = "Unknown sender; this mailbox ignores them."
            _audit_unfiled(inbound, "mail.ignore")
            return None
        raise Held(f"Unknown sender {parsed.sender}: no practice uses this address or domain.")
    local = parsed.sender.partition("@")[0]
    return accounts.create_person(
        actor=SYSTEM,
        organization=organization,
        email=parsed.sender,
        full_name=(parsed.sender_name or local)[:150],
        role=Role.CLIENT_MEMBER,
    )


def _practice_of(sender: str, mailbox: Mailbox | None) -> Organization | None:
    if mailbox is None:
        return None
    domain = sender.rpartition("@")[2].lower()
    labels = domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    routes = {
        r.domain: r.organization
        for r in DomainRoute.objects.select_related("organization").filter(
            mailbox=mailbox, domain__in=candidates
        )
    }
    for candidate in candidates:  # the most specific domain wins
        if candidate in routes:
            return routes[candidate]
    return mailbox.default_client


def subject_of(parsed: Parsed) -> str:
    return threading.clean_subject(parsed.subject)[:200] or "(no subject)"


def content_of(parsed: Parsed, raw: bytes) -> tuple[str, list[str], list[CheckedFile]]:
    """The text to show, what to tell staff about it, and the files to keep."""
    text = parsed.text or html.text(parsed.html)
    body = strip_nul(reply.visible(text)).strip()
    warnings: list[str] = []
    files: list[CheckedFile | None] = []
    unreadable = [w for w in parsed.warnings if w.startswith(SEVERE)]
    if unreadable:
        warnings.append(
            "it could not be read in full (" + "; ".join(unreadable)[:200] + "); "
            "the original message is attached as original.eml."
        )
        files.append(_checked("original.eml", raw, "message/rfc822", warnings))
    for item in parsed.attachments:
        if len(files) >= attachments.MAX_FILES:
            warnings.append(f"only the first {attachments.MAX_FILES} files were kept.")
            break
        files.append(_checked(item.filename, item.content, item.content_type, warnings))
    if not body:
        body = "(The email has no text.)" if not parsed.attachments else "(Files only.)"
    if len(body) > desk.MAX_BODY:
        body = body[: desk.MAX_BODY - 40] + "\n\n(cut: the whole email is kept)"
    return body, warnings, [f for f in files if f is not None]


def _checked(
    name: str, content: bytes, content_type: str, warnings: list[str]
) -> CheckedFile | None:
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    try:
        return attachments.check(upload)
    except ValidationError as exc:
        warnings.append("not kept: " + " ".join(exc.messages))
        return None


def _acknowledge(inbound: InboundMessage, request: ServiceRequest, person: Person) -> None:
    """Tell the sender their email opened a request, with its reference (an
    automatic reply, marked so, and only ever to a person's message)."""
    notify.enqueue_email(
        to=person.email,
        subject=mail_subject(request),
        body_text=(
            f"Thank you: your email opened {request.reference}.\n\n"
            "Reply to this email to add to it; keep the reference in the subject.\n"
        ),
        idempotency_key=f"mail-ack:{inbound.uuid}",
        organization_id=request.organization_id,
        headers={"Auto-Submitted": "auto-replied"},
        thread=request.reference,
    )
