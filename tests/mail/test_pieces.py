"""The small pure pieces of mail: DMARC verdicts, subjects, HTML as text,
our Message-IDs and Outlook's Thread-Index."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tandem.mail import dmarc, html, threading
from tandem.mail.outbound import thread_index
from tandem.mail.reply import visible


@pytest.mark.parametrize(
    ("headers", "authserv_id", "want"),
    [
        (["mx.it.example; dmarc=pass header.from=a.example"], "", "pass"),
        (
            ["mx.it.example; spf=pass; dmarc=fail (p=reject; sp=none) header.from=a.example"],
            "",
            "fail",
        ),
        # A comment holding a semicolon does not split the result.
        (
            [
                "mx.it.example; dkim=pass (a; b) header.d=a.example; "
                "DMARC=Fail header.from=a.example"
            ],
            "",
            "fail",
        ),
        # The sender wrote a passing one below the server's: only the server's counts.
        (
            ["mx.it.example; dmarc=fail header.from=a.example", "evil; dmarc=pass"],
            "mx.it.example",
            "fail",
        ),
        (["evil.example; dmarc=pass header.from=a.example"], "mx.it.example", ""),
        # A verdict about another From domain is not this message's.
        (["mx.it.example; dmarc=fail header.from=other.example"], "", ""),
        (["mx.it.example; spf=pass"], "", ""),
        ([], "", ""),
    ],
)
def test_dmarc_verdict_believes_only_the_receiving_server(headers, authserv_id, want):
    assert dmarc.verdict(headers, authserv_id=authserv_id, sender="ann@a.example") == want


@pytest.mark.parametrize(
    ("subject", "want"),
    [
        ("RE: Fwd: AW: Printer", "Printer"),
        ("Re: [T-1042] Printer down", "Printer down"),
        ("[t-7] Re: Printer", "Printer"),
        ("Reboot schedule", "Reboot schedule"),
        ("Re:", ""),
    ],
)
def test_a_new_requests_subject_loses_prefixes_and_our_tags(subject, want):
    assert threading.clean_subject(subject) == want


def test_html_reads_as_text_with_quotes_marked_for_the_reply_cutter():
    text = html.text(
        "<div>Hello,<br>the <b>fax</b> is down.</div><style>p{}</style>"
        "<blockquote><p>old message</p></blockquote>"
    )
    assert text == "Hello,\nthe fax is down.\n> old message"
    assert visible(text) == "Hello,\nthe fax is down."


def test_safe_html_drops_what_runs_or_loads():
    cleaned = html.safe(
        '<p onclick="x()">Hi <img src="https://t.example/p.gif"><script>x</script></p>'
    )
    assert cleaned == "<p>Hi </p>"


def test_our_ids_name_their_request_and_resist_forgery(settings):
    row = uuid.uuid4()
    mine = threading.notice_id(row, 1042)
    assert threading.request_number_in(mine) == 1042
    assert threading.row_uuid_in(mine) == row
    assert threading.request_number_in(mine.replace("1042", "1043")) is None
    assert threading.row_uuid_in(threading.plain_id(row)) == row
    settings.SECRET_KEY = "another instance"
    assert threading.request_number_in(mine) is None


def test_thread_index_has_one_header_per_thread_and_a_block_per_message():
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    first = base64.b64decode(thread_index("request.1@x", start, start + timedelta(minutes=3)))
    later = base64.b64decode(thread_index("request.1@x", start, start + timedelta(days=9)))
    other = base64.b64decode(thread_index("request.2@x", start, start))
    assert len(first) == len(later) == 27
    assert first[:22] == later[:22] != other[:22]
    assert first[22:] != later[22:]
