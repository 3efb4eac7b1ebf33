"""Demo mail: the provider's help mailbox, routing the practices' domains,
and this morning's mail through the real ingest path: a request opened by
email, the practice's reply threading onto it, an out-of-office set aside,
and a stranger's message held for triage. Idempotent: the same messages
are stored once by their Message-IDs."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from tandem.accounts.models import Organization
from tandem.mail.ingest import ingest
from tandem.mail.models import DomainRoute, Mailbox, Transport

ADDRESS = "help@northwind-it.example"


def _email(sender: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ADDRESS
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = f"<{message_id}>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return bytes(msg)


def seed(practices: list[Organization]) -> Mailbox:
    box, _ = Mailbox.objects.get_or_create(
        address=ADDRESS,
        defaults={"name": "Help desk", "imap_host": "", "smtp_host": ""},
    )
    for practice in practices:
        domains = {e.rpartition("@")[2] for e in practice.people.values_list("email", flat=True)}
        for domain in sorted(domains):
            DomainRoute.objects.get_or_create(
                mailbox=box, domain=domain, defaults={"organization": practice}
            )
    opened = ingest(
        _email(
            "Dr. Lily Chen <dr.chen@riverside.example>",
            "Scanner in exam room 3 will not send to the chart",
            "Since this morning the scanner in exam room 3 says 'destination unreachable' "
            "when I scan to the EHR. Front desk's scanner works.\n\nThanks,\nLily\n\n"
            "Sent from my iPhone",
            "demo-scan-1@riverside.example",
        ),
        transport=Transport.IMAP,
        mailbox=box,
    )
    if opened.request is not None:
        ref = opened.request.reference
        ingest(
            _email(
                "Dr. Lily Chen <dr.chen@riverside.example>",
                f"Re: [{ref}] Scanner in exam room 3 will not send to the chart",
                "It also happens in exam room 4 now.\n\n"
                "On Wed, Dr. Lily Chen wrote:\n> Since this morning the scanner in exam room 3",
                "demo-scan-2@riverside.example",
                In_Reply_To="<demo-scan-1@riverside.example>",
                References="<demo-scan-1@riverside.example>",
            ),
            transport=Transport.IMAP,
            mailbox=box,
        )
    ingest(
        _email(
            "Frank Miller <frank.frontdesk@riverside.example>",
            "Automatic reply: Printer toner",
            "I am out of the office until Monday.",
            "demo-ooo-1@riverside.example",
            Auto_Submitted="auto-replied",
        ),
        transport=Transport.IMAP,
        mailbox=box,
    )
    ingest(
        _email(
            "Jordan Reyes <sales@imaging-vendor.example>",
            "Your sensor warranty renewal",
            "Hello, the warranty on your intraoral sensors ends next month.",
            "demo-vendor-1@imaging-vendor.example",
        ),
        transport=Transport.IMAP,
        mailbox=box,
    )
    return box
