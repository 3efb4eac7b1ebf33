from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from django.utils import timezone

from tandem.mail import ingest
from tandem.mail.models import DomainRoute, Mailbox


@pytest.fixture(autouse=True)
def _fresh_mailboxes():
    """The ingest's mailbox cache must not outlive a test's rolled-back rows."""
    ingest.forget_mailboxes()
    yield
    ingest.forget_mailboxes()


@pytest.fixture
def mailbox(world) -> Mailbox:
    """help@it.example: a.example is practice A's domain, b.example B's."""
    box = Mailbox.objects.create(name="Help desk", address="help@it.example")
    DomainRoute.objects.create(mailbox=box, domain="a.example", organization=world.a)
    DomainRoute.objects.create(mailbox=box, domain="b.example", organization=world.b)
    return box


def email(
    *,
    sender: str,
    subject: str = "Printer in room 2 jams",
    body: str = "It jams on every page since this morning.",
    to: str = "help@it.example",
    message_id: str | None = "",
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    html: str = "",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        msg["Message-ID"] = message_id or make_msgid(domain="sender.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for filename, content, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(msg)
