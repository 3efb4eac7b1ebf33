"""What the receiving server said about a message's DMARC check (RFC 8601
Authentication-Results).

Anyone can write an Authentication-Results header into a message, so only
one is believed: the one whose authserv-id is the mailbox's receiving
server, or, when none is configured, the topmost one (the last hop adds its
own on top). Tandem does not check DKIM or SPF itself: the server that took
the message from the internet did, and this reads its verdict."""

from __future__ import annotations

import re

COMMENT = re.compile(r"\([^()]*\)")
RESULT = re.compile(r"^\s*dmarc\s*=\s*([a-z]+)", re.IGNORECASE)
FROM_DOMAIN = re.compile(r"header\.from\s*=\s*([^\s;]+)", re.IGNORECASE)


def _without_comments(value: str) -> str:
    for _ in range(5):  # nested comments, to a sane depth
        stripped = COMMENT.sub(" ", value)
        if stripped == value:
            break
        value = stripped
    return value


def verdict(headers: list[str], *, authserv_id: str = "", sender: str = "") -> str:
    """ "pass", "fail", "none", "temperror", … or "" when the trusted header
    says nothing about DMARC. A verdict for another From domain than the
    sender's is not this message's and is ignored."""
    trusted = None
    for header in headers:
        parts = _without_comments(header).split(";")
        server = parts[0].split()[0].lower() if parts[0].split() else ""
        if not authserv_id or server == authserv_id.lower():
            trusted = parts[1:]
            break
    if trusted is None:
        return ""
    domain = sender.rpartition("@")[2].lower()
    for part in trusted:
        match = RESULT.match(part)
        if not match:
            continue
        checked = FROM_DOMAIN.search(part)
        if checked and domain and checked.group(1).lower().strip(".") != domain:
            continue
        return match.group(1).lower()
    return ""
