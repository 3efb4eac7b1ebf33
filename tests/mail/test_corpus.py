"""The mail corpus (`tests/mail/eml/`): each message read by the parser with
an asserted outcome: who wrote it, the thread it answers, what the person
wrote once quoted history and signature are cut, whether it is noise (an
automatic reply, a list, a bounce, our own mail) and why, and what could not
be read. No message makes the parser raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.mail import noise, parsing, reply

EML = Path(__file__).parent / "eml"


@dataclass(frozen=True)
class Outcome:
    sender: str = ""
    subject: str = ""
    thread: tuple[str, ...] = ()
    visible: str | None = None
    noise: str = ""
    attachments: tuple[str, ...] = ()
    warned: bool = False
    bounced: tuple[str, ...] = ()
    html: str = ""
    extra: dict = field(default_factory=dict)


OUTCOMES = {
    "gmail_reply.eml": Outcome(
        sender="dana@riverside.example",
        subject="Re: [T-1042] Printer offline",
        thread=("t-1042.n3@desk.example", "t-1042.n1@desk.example"),
        visible="It works again, thank you!",
        html="It works again",
    ),
    "outlook_reply.eml": Outcome(
        sender="dana@riverside.example",
        subject="RE: [T-1042] Printer offline",
        thread=("t-1042.n3@desk.example",),
        visible="Still offline on the second floor. \n\nDana Reyes\nPractice Manager",
    ),
    "apple_reply.eml": Outcome(
        sender="dana@riverside.example",
        thread=("t-1042.n3@desk.example",),
        visible="Done — thanks, Tess.",
    ),
    "auto_replied.eml": Outcome(
        sender="dana@riverside.example", noise="automatic (Auto-Submitted: auto-replied)"
    ),
    "x_autoreply.eml": Outcome(noise="automatic reply"),
    "bulk_newsletter.eml": Outcome(noise="bulk (Precedence: bulk)"),
    "mailing_list.eml": Outcome(noise="mailing list"),
    "bounce_dsn.eml": Outcome(
        sender="mailer-daemon@mx.riverside.example",
        noise="delivery report (bounce)",
        bounced=("t-1042.n3@desk.example",),
        attachments=("attachment-1",),  # the returned headers, kept
    ),
    "encoded_words_rfc2231.eml": Outcome(
        sender="jose@lakeside.example",
        subject="Drücker im Empfang \u2013 kaputt",
        visible="Der Drucker am Empfang druckt nicht. Grüße",
        attachments=("Fehlerbericht über Drucker.pdf",),
    ),
    "unknown_charset.eml": Outcome(
        sender="front@lakeside.example", visible="The scanner says échec.", warned=True
    ),
    "broken_boundary.eml": Outcome(
        visible="The body of a message whose boundary never closes.", warned=True
    ),
    "own_outbound.eml": Outcome(noise="our own outbound mail"),
    "html_only.eml": Outcome(sender="front@lakeside.example", html="<b>phones</b>"),
    "not_an_email.eml": Outcome(warned=True),
    "gmail_forward.eml": Outcome(visible="See below: the ISP says Thursday night."),
    "french_reply.eml": Outcome(thread=("t-2001.n1@desk.example",), visible="Merci, ça marche."),
    "outlook_no_rule.eml": Outcome(
        thread=("t-1042.n3@desk.example",), visible="Yes, tomorrow at 8 works."
    ),
    "signature_delimiter.eml": Outcome(visible="The toner arrived."),
    "calendar_invite.eml": Outcome(
        visible="You are invited to the quarterly review.", attachments=("invite.ics",)
    ),
    "winmail_dat.eml": Outcome(visible="Attached is the scan.", attachments=("winmail.dat",)),
    "inline_image.eml": Outcome(html='src="cid:shot1@lakeside.example"'),
    "no_message_id.eml": Outcome(visible="This message has no Message-ID."),
    "auto_submitted_no.eml": Outcome(visible="A person wrote this."),
    "path_in_filename.eml": Outcome(attachments=("passwd",)),
    "base64_body.eml": Outcome(visible="The fax is down \u2014 again."),
    "rfc2047_filename.eml": Outcome(
        subject="Réseau lent", visible="Le réseau est lent.", attachments=("mesures réseau.txt",)
    ),
    "forward_as_attachment.eml": Outcome(
        visible="Forwarding as an attachment.", attachments=("forwarded-1.eml",)
    ),
    "precedence_junk.eml": Outcome(noise="bulk (Precedence: junk)"),
    "outlook_html_reply.eml": Outcome(
        thread=("t-1042.n3@desk.example",), visible="Fixed after the restart.", html="divRplyFwdMsg"
    ),
    "iso2022jp.eml": Outcome(sender="yamada@lakeside.example", subject="\u30d7\u30ea\u30f3\u30bf"),
    "latin1_no_charset.eml": Outcome(visible="Café printer broken.", warned=True),
    "qp_soft_breaks.eml": Outcome(
        visible="This line is long enough that the mail client wrapped it with a soft line "
        "break in the middle, and it must come back as one line."
    ),
    "long_references.eml": Outcome(
        thread=(
            "a2@riverside.example",
            "t-1042.n2@desk.example",
            "a1@riverside.example",
            "t-1042.n1@desk.example",
        ),
        visible="Third reply.",
    ),
    "exchange_ndr.eml": Outcome(
        sender="postmaster@mx.lakeside.example",
        noise="delivery report (bounce)",
        bounced=("t-2001.n1@desk.example",),
        attachments=("forwarded-1.eml",),
    ),
    "precedence_auto_reply.eml": Outcome(noise="bulk (Precedence: auto_reply)"),
    "many_recipients.eml": Outcome(
        visible="Copying the office.",
        extra={
            "to": ["help@desk.example", "tess@provider.example"],
            "cc": ["office@riverside.example"],
        },
    ),
    "apple_inline_photo.eml": Outcome(visible="Here is the screen."),
    "zero_byte_attachment.eml": Outcome(visible="The log was empty."),
    "auto_generated.eml": Outcome(noise="automatic (Auto-Submitted: auto-generated)"),
    "format_flowed.eml": Outcome(
        visible="A flowed line that ends with a space \nand continues here."
    ),
}


def test_every_message_in_the_corpus_has_an_asserted_outcome():
    assert {p.name for p in EML.glob("*.eml")} == set(OUTCOMES)


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_the_corpus_message_reads_as_expected(name):
    raw = (EML / name).read_bytes()
    want = OUTCOMES[name]
    parsed = parsing.parse(raw)
    assert parsed.content_hash
    if want.sender:
        assert parsed.sender == want.sender
    if want.subject:
        assert parsed.subject == want.subject
    assert tuple(parsed.thread_ids) == want.thread
    if want.visible is not None:
        assert reply.visible(parsed.text) == want.visible
    assert noise.reason(parsed) == want.noise
    assert tuple(a.filename for a in parsed.attachments if not a.inline) == want.attachments
    assert bool(parsed.warnings) == want.warned, parsed.warnings
    assert tuple(noise.bounced_ids(raw)) == want.bounced
    if want.html:
        assert want.html in parsed.html
    for name_, value in want.extra.items():
        assert getattr(parsed, name_) == value


def test_inline_images_keep_their_content_id_and_a_missing_id_is_empty():
    inline = parsing.parse((EML / "inline_image.eml").read_bytes())
    (image,) = inline.attachments
    assert image.inline
    assert image.content_id == "shot1@lakeside.example"
    assert image.content.startswith(b"\x89PNG")
    assert parsing.parse((EML / "no_message_id.eml").read_bytes()).message_id == ""


def test_message_ids_lose_their_brackets_and_only_the_domain_its_case():
    assert parsing.message_ids("<AbC.1@Desk.Example> junk <x@Y>") == ["AbC.1@desk.example", "x@y"]
    assert parsing.message_ids("no ids here") == []


def test_a_reply_that_is_only_a_quote_keeps_its_text():
    assert reply.visible("> just the quote") == "> just the quote"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02",
        b"From: <>\r\nSubject: =?utf-8?B?!!!?=\r\n\r\nx",
        b"Content-Type: multipart/mixed\r\n\r\nno boundary at all",
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@",
        b"Message-ID: " + b"<" + b"a" * 5000 + b"@x>\r\n\r\nlong id",
        b"Subject: " + "é".encode("latin-1") * 10 + b"\r\n\r\nraw 8-bit header",
    ],
)
def test_malformed_input_never_raises(raw):
    parsed = parsing.parse(raw)
    assert isinstance(parsed.warnings, list)
    assert noise.reason(parsed) in ("", "delivery report (bounce)")
    assert isinstance(noise.bounced_ids(raw), list)
    assert isinstance(reply.visible(parsed.text), str)


CORPUS = [p.read_bytes() for p in sorted(EML.glob("*.eml"))]


@settings(max_examples=200, deadline=None)
@given(
    which=st.integers(min_value=0, max_value=len(CORPUS) - 1),
    cut=st.integers(min_value=0, max_value=4000),
    noise_bytes=st.binary(max_size=64),
)
def test_a_truncated_or_corrupted_corpus_message_never_raises(which, cut, noise_bytes):
    raw = CORPUS[which]
    mangled = raw[: cut % (len(raw) + 1)] + noise_bytes + raw[cut % (len(raw) + 1) :][:200]
    parsed = parsing.parse(mangled)
    noise.reason(parsed)
    noise.bounced_ids(mangled, parsed)
    reply.visible(parsed.text)
