"""The ingest function: who wrote, which request it answers, stored once,
noise set aside, and nothing lost."""

from __future__ import annotations

import pytest

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Person
from tandem.audit.models import AuditEvent
from tandem.desk import services as desk
from tandem.desk.choices import Channel, MessageKind
from tandem.desk.models import Attachment, RequestMessage, ServiceRequest
from tandem.mail import ingest as ingest_module
from tandem.mail import threading
from tandem.mail.ingest import DUPLICATE, ingest
from tandem.mail.models import InboundMessage, Outcome, Transport, UnknownSenders
from tandem.notify.models import OutboxMessage, OutboxStatus
from tests.mail.conftest import email

pytestmark = pytest.mark.django_db

MEL = "Mel Member <client_member_a@example.org>"


def _in(raw: bytes, **kwargs):
    return ingest(raw, transport=Transport.PIPE, **kwargs)


def test_a_known_person_opens_a_request_and_is_told_its_reference(world, mailbox):
    result = _in(email(sender=MEL, subject="Fwd: RE: Printer in room 2 jams"))
    assert result.outcome == Outcome.OPENED
    request = result.request
    assert request.requester == world.people["client_member_a"]
    assert request.channel == Channel.EMAIL
    assert request.subject == "Printer in room 2 jams"
    assert request.messages.get().body == "It jams on every page since this morning."
    inbound = result.inbound
    assert (inbound.organization, inbound.request, inbound.mailbox) == (world.a, request, mailbox)
    ack = OutboxMessage.objects.get(idempotency_key=f"mail-ack:{inbound.uuid}")
    assert ack.recipient == "client_member_a@example.org"
    assert ack.subject == f"[{request.reference}] Printer in room 2 jams"
    assert ack.headers["Auto-Submitted"] == "auto-replied"
    assert AuditEvent.objects.filter(verb="request.create", target_id=str(request.pk)).exists()


def test_the_same_message_twice_is_stored_once(world, mailbox):
    raw = email(sender=MEL, message_id="<once@sender.example>")
    first = _in(raw)
    again = ingest(raw, transport=Transport.IMAP)
    assert again.outcome == DUPLICATE
    assert again.inbound.pk == first.inbound.pk
    assert InboundMessage.objects.count() == 1
    assert ServiceRequest.objects.filter(channel=Channel.EMAIL).count() == 1


def test_without_a_message_id_the_same_bytes_are_stored_once(world, mailbox):
    raw = email(sender=MEL, message_id=None)
    assert _in(raw).outcome == Outcome.OPENED
    assert _in(raw).outcome == DUPLICATE
    other = email(sender=MEL, message_id=None, body="A different message.")
    assert _in(other).outcome == Outcome.OPENED
    assert InboundMessage.objects.count() == 2


def test_a_reply_to_our_notice_lands_on_its_request_with_the_quote_cut(world, mailbox):
    request = world.request_a
    ours = threading.notice_id(OutboxMessage().uuid, request.number)
    body = (
        "Thanks, that fixed it.\n\n"
        "On Mon, Nov 30, 2026 at 9:00 AM Test IT <help@it.example> wrote:\n"
        "> Please restart the printer.\n"
    )
    result = _in(email(sender=MEL, subject="Re: your printer", body=body, in_reply_to=f"<{ours}>"))
    assert (result.outcome, result.request) == (Outcome.REPLIED, request)
    message = result.inbound.request_message
    assert message.body == "Thanks, that fixed it."
    assert (message.kind, message.channel) == (MessageKind.PUBLIC, Channel.EMAIL)


def test_a_reply_naming_the_reference_in_its_subject_lands_on_it(world, mailbox):
    request = world.request_a
    result = _in(email(sender=MEL, subject=f"Re: [{request.reference}] help", body="Still down."))
    assert (result.outcome, result.request) == (Outcome.REPLIED, request)


def test_a_reply_to_the_senders_own_earlier_email_lands_on_its_request(world, mailbox):
    first = _in(email(sender=MEL, message_id="<start@sender.example>"))
    follow = email(
        sender=MEL,
        subject="Also the scanner",
        body="And the scanner too.",
        references="<start@sender.example>",
    )
    result = _in(follow)
    assert (result.outcome, result.request) == (Outcome.REPLIED, first.request)


def test_another_practices_reference_never_attaches_mail_to_it(world, mailbox):
    theirs = world.request_b
    before = theirs.messages.count()
    forged_id = f"<{threading.root_id(theirs.number)}>"
    raw = email(
        sender="Carl Contact <contact@a.example>",
        subject=f"Re: [{theirs.reference}] outage",
        body="Is this fixed?",
        in_reply_to=forged_id,
    )
    result = _in(raw)
    assert result.outcome == Outcome.OPENED
    assert result.request.organization == world.a
    assert result.request != theirs
    assert theirs.messages.count() == before
    said = result.request.messages.filter(kind=MessageKind.EVENT).get().body
    assert theirs.reference in said
    assert "ignored" in said


def test_an_id_of_ours_with_a_wrong_signature_is_not_believed(world, mailbox):
    request = world.request_a
    forged = threading.root_id(request.number).replace(".request.", ".request.", 1)
    local, _, domain = forged.partition("@")
    forged = f"{local[:-4]}0000@{domain}"
    assert threading.request_number_in(forged) is None
    result = _in(email(sender=MEL, subject="Re: hello", in_reply_to=f"<{forged}>"))
    assert result.outcome == Outcome.OPENED


def test_a_new_sender_from_a_practice_domain_becomes_its_contact(world, mailbox):
    result = _in(email(sender="Dr Lee <lee@clinic.a.example>"))
    assert result.outcome == Outcome.OPENED
    lee = Person.objects.get(email="lee@clinic.a.example")
    assert (lee.organization, lee.full_name, lee.can_sign_in) == (world.a, "Dr Lee", False)
    assert result.request.requester == lee


def test_an_unknown_sender_is_held_for_triage_or_ignored(world, mailbox):
    held = _in(email(sender="someone@elsewhere.example"))
    assert held.outcome == Outcome.TRIAGE
    assert "Unknown sender" in held.inbound.reason
    assert held.inbound.organization is None
    assert held.inbound.request is None
    assert AuditEvent.objects.filter(verb="mail.hold", target_id=str(held.inbound.uuid)).exists()
    mailbox.unknown_senders = UnknownSenders.IGNORE
    mailbox.save()
    ignored = _in(email(sender="other@elsewhere.example"))
    assert ignored.outcome == Outcome.IGNORED
    assert not Person.objects.filter(email__endswith="elsewhere.example").exists()


def test_a_known_address_failing_dmarc_is_held_not_filed(world, mailbox):
    mailbox.authserv_id = "mx.it.example"
    mailbox.save()
    results = (
        "mx.it.example; spf=fail smtp.mailfrom=example.org; "
        "dmarc=fail (p=reject) header.from=example.org"
    )
    forged_pass = "mx.attacker.example; dmarc=pass header.from=example.org"
    raw = email(
        sender=MEL,
        headers={"Authentication-Results": forged_pass},
    ).replace(
        b"Authentication-Results:",
        f"Authentication-Results: {results}\nAuthentication-Results:".encode(),
        1,
    )
    result = _in(raw)
    assert result.outcome == Outcome.TRIAGE
    assert result.inbound.dmarc == "fail"
    assert "DMARC" in result.inbound.reason
    assert not ServiceRequest.objects.filter(channel=Channel.EMAIL).exists()


def test_automatic_mail_opens_nothing_and_is_not_answered(world, mailbox):
    before = OutboxMessage.objects.count()
    kinds = [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"List-Id": "<news.vendor.example>"},
    ]
    for headers in kinds:
        result = _in(email(sender=MEL, headers=headers))
        assert result.outcome == Outcome.NOISE, headers
    assert not ServiceRequest.objects.filter(channel=Channel.EMAIL).exists()
    assert OutboxMessage.objects.count() == before


def test_our_own_mail_coming_back_is_not_ingested(world, mailbox):
    result = _in(email(sender="help@it.example", headers={"X-Tandem-Outbox": "abc"}))
    assert (result.outcome, result.inbound.reason) == (Outcome.NOISE, "our own outbound mail")


def test_a_bounce_marks_the_outbound_email_failed_and_staff_see_it(world, mailbox):
    request = world.request_a
    sent = OutboxMessage.objects.filter(thread=request.reference, channel="email").first()
    assert sent is not None, "the world's staff reply emailed the requester"
    ours = threading.notice_id(sent.uuid, world.request_a.number)
    report = "\r\n".join(
        [
            "From: MAILER-DAEMON@mx.a.example",
            "To: help@it.example",
            "Subject: Undelivered Mail Returned to Sender",
            "Message-ID: <b1@mx.a.example>",
            "MIME-Version: 1.0",
            'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
            "",
            "--B",
            "Content-Type: text/plain",
            "",
            "The mailbox is full.",
            "--B",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.a.example",
            "",
            "Final-Recipient: rfc822; client_member_a@example.org",
            "Action: failed",
            "Status: 5.2.2",
            "--B",
            "Content-Type: text/rfc822-headers",
            "",
            f"Message-ID: <{ours}>",
            "Subject: hello",
            "--B--",
            "",
        ]
    ).encode()
    result = _in(report)
    assert result.outcome == Outcome.BOUNCE
    sent.refresh_from_db()
    assert sent.status == OutboxStatus.FAILED
    assert sent.last_error.startswith("Bounced: Undelivered Mail")
    assert not ServiceRequest.objects.filter(channel=Channel.EMAIL).exists()
    page = world.client_for("technician_a").get(f"/requests/{request.reference}/")
    assert "1 not delivered yet" in page.content.decode()
    assert f"to {sent.recipient}:" in page.content.decode()
    theirs = world.client_for("client_member_a").get(f"/requests/{request.reference}/")
    assert theirs.status_code == 200
    assert "Emails about this request" not in theirs.content.decode()


def test_a_sender_over_the_hourly_limit_is_held(world, mailbox):
    mailbox.hourly_limit = 3
    mailbox.save()
    outcomes = [
        _in(email(sender=MEL, subject=f"Problem {i}", body=f"Number {i}")).outcome for i in range(5)
    ]
    assert outcomes == [Outcome.OPENED] * 3 + [Outcome.TRIAGE] * 2
    held = InboundMessage.objects.filter(outcome=Outcome.TRIAGE).first()
    assert "More than 3 messages" in held.reason


def test_an_unreadable_body_still_opens_a_request_with_the_original(world, mailbox):
    raw = (
        b"From: client_member_a@example.org\r\nTo: help@it.example\r\n"
        b"Subject: scan\r\nMessage-ID: <broken@sender.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="nothere"\r\n\r\nno parts at all\r\n'
    )
    result = _in(raw)
    assert result.outcome == Outcome.OPENED
    assert result.request.messages.get(kind=MessageKind.PUBLIC).body == "no parts at all"
    files = Attachment.objects.filter(request=result.request)
    assert [f.name for f in files] == ["original.eml"]
    assert files.get().file.read() == raw
    event = result.request.messages.get(kind=MessageKind.EVENT)
    assert "could not be read in full" in event.body


def test_attachments_are_kept_within_the_desks_limits(world, mailbox):
    pdf = b"%PDF-1.4 a scan"
    raw = email(
        sender=MEL,
        attachments=[("scan.pdf", pdf, "application/pdf"), ("tool.exe", b"MZ..", "application/x")],
    )
    result = _in(raw)
    kept = Attachment.objects.get(request=result.request)
    assert (kept.name, kept.file.read()) == ("scan.pdf", pdf)
    event = result.request.messages.get(kind=MessageKind.EVENT)
    assert "tool.exe" in event.body
    assert "not kept" in event.body


def test_html_only_mail_is_stored_as_text_and_safe_html(world, mailbox):
    html_only = (
        b"From: client_member_a@example.org\r\nTo: help@it.example\r\nSubject: html\r\n"
        b"Message-ID: <html@sender.example>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>The <b>fax</b> is down.</p><script>alert(1)</script>"
        b"<blockquote>old thread</blockquote>"
    )
    result = _in(html_only)
    assert result.request.messages.get().body == "The fax is down."
    assert "<script" not in result.inbound.html
    assert "<b>fax</b>" in result.inbound.html


def test_text_that_looks_like_phi_is_flagged_and_not_quoted_in_mail(world, mailbox):
    body = "Patient John Smith, DOB 04/12/1961, cannot check in."
    request = world.request_a
    desk.watch(actor=actor_for(world.people["technician_a"]), request=request)
    result = _in(email(sender=MEL, subject=f"[{request.reference}] kiosk", body=body))
    message = result.inbound.request_message
    assert message.contains_phi
    staff_mail = OutboxMessage.objects.filter(idempotency_key__startswith="notice:message:")
    texts = [m.body_text for m in staff_mail.filter(idempotency_key__contains=f":{message.pk}:")]
    assert texts, "the assignee or watchers are told"
    assert all("John Smith" not in t and "not repeated in email" in t for t in texts)


def test_staff_answer_by_email_on_a_request_they_may_see(world, mailbox):
    request = world.request_a
    raw = email(
        sender="Tess Tech <technician_a@example.org>",
        subject=f"Re: [{request.reference}] printer",
        body="I will be on site at 3.",
    )
    result = _in(raw)
    assert (result.outcome, result.request) == (Outcome.REPLIED, request)
    assert result.inbound.request_message.author == world.people["technician_a"]
    lost = _in(email(sender="technician_a@example.org", subject="lunch?", body="?"))
    assert lost.outcome == Outcome.TRIAGE


def test_a_filing_bug_keeps_the_message_for_triage(world, mailbox, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug in filing")

    monkeypatch.setattr(ingest_module.desk, "open_request", broken)
    raw = email(sender=MEL)
    result = _in(raw)
    assert result.outcome == Outcome.TRIAGE
    assert "RuntimeError" in result.inbound.reason
    assert bytes(InboundMessage.objects.get().raw) == raw
    assert not ServiceRequest.objects.filter(channel=Channel.EMAIL).exists()
    assert not RequestMessage.objects.filter(channel=Channel.EMAIL).exists()
