"""Outbound email threads in every mail client, leaves through the mailbox,
and a reply to it comes back to the same request."""

from __future__ import annotations

import base64
import itertools
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr

import pytest
from django.core import mail as django_mail

from tandem.accounts.actors import actor_for
from tandem.desk import services as desk
from tandem.desk.choices import MessageKind
from tandem.mail import threading
from tandem.mail.ingest import ingest
from tandem.mail.models import Outcome, Security, Transport
from tandem.mail.parsing import message_ids
from tandem.notify import delivery
from tandem.notify.models import OutboxMessage, OutboxStatus
from tests.mail.conftest import email
from tests.servers import smtp_server

pytestmark = pytest.mark.django_db

MEL = "Mel Member <client_member_a@example.org>"


def _reply(world, request, text="Please restart the printer."):
    tess = actor_for(world.people["technician_a"])
    desk.add_message(actor=tess, request=request, body=text)
    return OutboxMessage.objects.filter(
        recipient="client_member_a@example.org", idempotency_key__startswith="notice:message:"
    ).latest("id")


def _sent(row: OutboxMessage) -> EmailMessage:
    before = len(django_mail.outbox)
    assert delivery.deliver(row.pk)
    return message_from_bytes(
        django_mail.outbox[before].message().as_bytes(), policy=policy.default
    )


def _ids(value: str) -> list[str]:
    return message_ids(str(value))


def test_header_conformance_one_subject_a_growing_chain_and_one_conversation(world, mailbox):
    """Three notices to the practice on one request: the same subject, a
    References chain that grows by the message before, automatic mail marked
    so, and one Outlook conversation (Thread-Index)."""
    request = world.request_a
    sent = [
        _sent(_reply(world, request, text))
        for text in ("Please restart the printer.", "Did that help?", "Closing this today.")
    ]
    root = threading.root_id(request.number)
    for mail in sent:
        assert mail["Subject"] == f"[{request.reference}] {request.subject}"
        assert mail["Thread-Topic"] == request.subject
        assert mail["Auto-Submitted"] == "auto-generated"
        assert mail["X-Auto-Response-Suppress"] == "All"
        assert mail["Reply-To"] == "help@it.example"
        assert parseaddr(mail["From"]) == (world.provider.name, "help@it.example")
        assert threading.request_number_in(_ids(mail["Message-ID"])[0]) == request.number
        assert mail.get_body(("html",)) is not None
        assert mail.get_body(("plain",)) is not None
    assert _ids(sent[0]["References"])[0] == root  # opened in the portal: no email of theirs
    for before, after in itertools.pairwise(sent):
        grown = [*_ids(before["References"]), *_ids(before["Message-ID"])]
        assert _ids(after["References"]) == grown
        assert _ids(after["In-Reply-To"]) == _ids(before["Message-ID"])
    assert len({m["Message-ID"] for m in sent}) == 3
    indexes = [base64.b64decode(m["Thread-Index"]) for m in sent]
    assert all(len(i) == 27 and i[0] == 1 for i in indexes)
    assert len({i[:22] for i in indexes}) == 1, "one Outlook conversation per request"


def test_a_notice_threads_under_the_practices_own_email(world, mailbox):
    opened = ingest(
        email(sender=MEL, message_id="<first@mel.example>"), transport=Transport.PIPE
    ).request
    ack = OutboxMessage.objects.get(idempotency_key__startswith="mail-ack:")
    assert ack.headers == {"Auto-Submitted": "auto-replied"}
    acknowledged = _sent(ack)
    assert acknowledged["Auto-Submitted"] == "auto-replied"
    ingest(
        email(
            sender=MEL,
            message_id="<second@mel.example>",
            subject=f"Re: [{opened.reference}] printer",
            body="Also, the tray is stuck.",
        ),
        transport=Transport.PIPE,
    )
    sent = _sent(_reply(world, opened))
    root = threading.root_id(opened.number)
    ack_id = _ids(acknowledged["Message-ID"])[0]
    assert _ids(sent["References"]) == ["first@mel.example", root, ack_id, "second@mel.example"]
    assert _ids(sent["In-Reply-To"]) == ["second@mel.example"]


def test_a_resent_row_carries_the_same_message_id(world, mailbox):
    row = _reply(world, world.request_a)
    first = _sent(row)
    # The crash window: the server accepted, the row was not marked sent.
    OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxStatus.PENDING, sent_at=None)
    again = _sent(row)
    assert first["Message-ID"] == again["Message-ID"]


def test_end_to_end_email_reply_and_reply_to_the_reply(world, mailbox, settings):
    """A practice's email opens a request; the technician's reply reaches a
    real SMTP server (the mailbox's) with threading headers; the practice's
    reply to that email, quote included, lands on the same request with the
    quote cut."""
    with smtp_server() as (server, port):
        mailbox.smtp_host, mailbox.smtp_port = "127.0.0.1", port
        mailbox.smtp_security = Security.NONE
        mailbox.save()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        opened = ingest(
            email(sender=MEL, subject="Fax is down", body="The fax line is dead."),
            transport=Transport.PIPE,
        )
        request = opened.request
        assert opened.outcome == Outcome.OPENED
        row = _reply(world, request, "I reset the line: please try a fax now.")
        assert delivery.deliver(row.pk)
        assert django_mail.outbox == [], "sent through the mailbox, not the instance"
        arrived = message_from_bytes(server.messages[-1], policy=policy.default)
        assert server.envelopes[-1][1] == ["client_member_a@example.org"]
    assert arrived["Subject"] == f"[{request.reference}] Fax is down"
    theirs = opened.inbound.message_id
    assert _ids(arrived["References"])[0] == theirs
    assert threading.root_id(request.number) in _ids(arrived["References"])

    answer = EmailMessage()
    answer["From"] = MEL
    answer["To"] = arrived["Reply-To"]
    answer["Subject"] = "Re: " + arrived["Subject"]
    answer["Message-ID"] = "<answer@mel.example>"
    answer["In-Reply-To"] = arrived["Message-ID"]
    answer["References"] = f"{arrived['References']} {arrived['Message-ID']}"
    quoted = "\n".join(
        f"> {line}" for line in arrived.get_body(("plain",)).get_content().split("\n")
    )
    answer.set_content(f"It works again, thank you!\n\nOn Tue, Tess Tech wrote:\n{quoted}\n")
    back = ingest(bytes(answer), transport=Transport.PIPE)
    assert (back.outcome, back.request) == (Outcome.REPLIED, request)
    assert back.inbound.request_message.body == "It works again, thank you!"
    public = request.messages.filter(kind=MessageKind.PUBLIC).order_by("id")
    bodies = list(public.values_list("body", flat=True))
    assert bodies[-1] == "It works again, thank you!"
