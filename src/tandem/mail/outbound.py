"""Sending the outbox's email so it threads in Outlook, Gmail and Apple Mail,
through the practice's mailbox.

Registered as the outbox's "email" sender. A row the desk marked with its
request (`thread`: "T-1042") gets:

- `Message-ID` made from the row's uuid: a retried row carries the same id;
- `References` and `In-Reply-To`: the request's thread root (an id of ours
  every notice of the request shares), the Message-IDs of the practice's
  own emails on it and of our earlier emails to this recipient, so the
  chain grows as the conversation does and our notices join their thread;
- `Thread-Topic` and `Thread-Index` (Outlook's conversation: one GUID per
  request, a child block per message);
- `Reply-To` and `From` the mailbox, `Auto-Submitted: auto-generated` (kept
  as `auto-replied` where the caller said so): answering machines must not
  answer, and our own mail coming back is recognised by `X-Tandem-Outbox`.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from datetime import UTC, datetime
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.utils.html import escape, linebreaks, urlize

from tandem.accounts.queries import provider_org
from tandem.core import crypto
from tandem.core.references import parse_ref
from tandem.desk.models import ServiceRequest
from tandem.mail import oauth, threading
from tandem.mail.models import Auth, DomainRoute, InboundMessage, Mailbox, Security
from tandem.notify.models import OutboxMessage

MAX_REFERENCES = 10
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def _filetime(moment: datetime) -> int:
    return int((moment - FILETIME_EPOCH).total_seconds() * 10_000_000)


def thread_index(root: str, started: datetime, now: datetime) -> str:
    """Outlook's Thread-Index (MS-OXOMSG PidTagConversationIndex): a 22-byte
    header block (reserved 0x01, the thread's start as FILETIME without its
    low 24 bits, a GUID) and one 5-byte child block for this message (the
    time since the start), base64."""
    guid = hashlib.md5(root.encode(), usedforsecurity=False).digest()
    start = _filetime(started)
    header = b"\x01" + (start >> 24).to_bytes(8, "big")[3:] + guid
    delta = max(_filetime(now) - start, 0)
    if delta < 1 << 49:  # code 0: bits 18..48 of the difference
        child = ((delta >> 18) & 0x7FFFFFFF) << 8
    else:  # code 1: bits 23..53
        child = (1 << 39) | (((delta >> 23) & 0x7FFFFFFF) << 8)
    child |= guid[0] & 0x0F  # the low nibble: a stable "random" part
    return base64.b64encode(header + struct.pack(">Q", child)[3:]).decode()


def mailbox_for_org(organization_id: int | None) -> Mailbox | None:
    """The mailbox a practice writes to: the one routing its domain or
    defaulting to it, else the only active one."""
    active = Mailbox.objects.filter(active=True)
    if organization_id is not None:
        box = (
            active.filter(default_client_id=organization_id).order_by("id").first()
            or active.filter(
                pk__in=DomainRoute.objects.filter(organization_id=organization_id).values(
                    "mailbox_id"
                )
            )
            .order_by("id")
            .first()
        )
        if box is not None:
            return box
    boxes = list(active.order_by("id")[:2])
    return boxes[0] if len(boxes) == 1 else None


def chain(message: OutboxMessage, request: ServiceRequest) -> list[str]:
    """The conversation as this recipient saw it, oldest first: the
    practice's first email on the request (their thread's start), our
    thread root, then their later emails and our earlier emails to this
    recipient, in time order. A long chain keeps its first two and its
    newest ids, as RFC 5322 suggests; the newest is what this one answers."""
    theirs = list(
        InboundMessage.objects.filter(request_id=request.pk)
        .exclude(message_id="")
        .order_by("id")
        .values_list("received_at", "message_id")[:100]
    )
    ours = [
        (created, threading.notice_id(row_uuid, request.number))
        for created, row_uuid in OutboxMessage.objects.filter(
            thread=message.thread, recipient=message.recipient, id__lt=message.pk, channel="email"
        )
        .order_by("-id")
        .values_list("created_at", "uuid")[:MAX_REFERENCES]
    ]
    later = sorted([*theirs[1:], *ours], key=lambda pair: pair[0])
    ids = [*(mid for _, mid in theirs[:1]), threading.root_id(request.number)]
    ids += [mid for _, mid in later]
    if len(ids) > MAX_REFERENCES:
        ids = ids[:2] + ids[2 - MAX_REFERENCES :]
    return ids


def _thread_headers(message: OutboxMessage) -> dict[str, str]:
    number = parse_ref("T", message.thread)
    request = (
        ServiceRequest.objects.filter(number=number, organization=message.organization_id)
        .only("pk", "number", "subject", "created_at")
        .first()
        if number
        else None
    )
    if request is None:
        return {"Message-ID": f"<{threading.plain_id(message.uuid)}>"}
    ids = chain(message, request)
    topic = message.subject.split("] ", 1)[-1] if message.subject.startswith("[") else ""
    root = threading.root_id(request.number)
    return {
        "Message-ID": f"<{threading.notice_id(message.uuid, request.number)}>",
        "In-Reply-To": f"<{ids[-1]}>",
        "References": " ".join(f"<{i}>" for i in ids),
        "Thread-Topic": topic or message.subject,
        "Thread-Index": thread_index(root, request.created_at, message.created_at),
        "X-Tandem-Request": request.reference,
    }


def headers_for(message: OutboxMessage, mailbox: Mailbox | None) -> dict[str, str]:
    stored = dict(message.headers)
    headers = (
        _thread_headers(message)
        if message.thread
        else {"Message-ID": f"<{threading.plain_id(message.uuid)}>"}
    )
    headers["Auto-Submitted"] = stored.pop("Auto-Submitted", "auto-generated")
    headers["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office replies to us
    if mailbox is not None:
        headers["Reply-To"] = mailbox.address
    headers["X-Tandem-Outbox"] = str(message.uuid)
    return {**stored, **headers}


def from_address(mailbox: Mailbox | None) -> str:
    if mailbox is None:
        return str(settings.DEFAULT_FROM_EMAIL)
    provider = provider_org()
    name = provider.name if provider else parseaddr(str(settings.DEFAULT_FROM_EMAIL))[0]
    return formataddr((name, mailbox.address))


def connection_for(mailbox: Mailbox | None) -> EmailBackend | None:
    """The mailbox's own SMTP server, or None for the instance's settings."""
    if mailbox is None or not mailbox.smtp_host:
        return None
    if mailbox.auth == Auth.OAUTH2:
        return oauth.XOAuth2Backend(mailbox)
    return EmailBackend(
        host=mailbox.smtp_host,
        port=mailbox.smtp_port,
        username=mailbox.username or None,
        password=crypto.decrypt(mailbox.password) if mailbox.password else None,
        use_tls=mailbox.smtp_security == Security.STARTTLS,
        use_ssl=mailbox.smtp_security == Security.SSL,
        timeout=settings.EMAIL_TIMEOUT,
        fail_silently=False,
    )


def as_html(text: str) -> str:
    return linebreaks(urlize(escape(text), nofollow=True))


def send(message: OutboxMessage) -> None:
    mailbox = mailbox_for_org(message.organization_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=from_address(mailbox),
        to=[message.recipient],
        headers=headers_for(message, mailbox),
        connection=connection_for(mailbox) or get_connection(fail_silently=False),
    )
    email.attach_alternative(message.body_html or as_html(message.body_text), "text/html")
    email.send()
