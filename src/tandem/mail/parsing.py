"""Reading one raw email into what ingest needs, without ever raising.

Every transport (IMAP, LMTP, the pipe) hands the same bytes here. Whatever
the message does wrong (a charset Python does not know, a header that does
not parse, a broken MIME boundary, no body at all), `parse` returns what it
could read and says what went wrong in `warnings`; the raw bytes are always
kept by the caller, so nothing a sender wrote is lost."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from typing import Any

MAX_ID = 250
ID = re.compile(r"<([^<>\s]{1,250})>")


@dataclass(frozen=True)
class Attached:
    filename: str
    content_type: str
    content: bytes
    inline: bool = False
    content_id: str = ""


@dataclass
class Parsed:
    sender: str = ""
    sender_name: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""
    html: str = ""
    attachments: list[Attached] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # Every Authentication-Results header, topmost (the last hop's) first.
    auth_results: list[str] = field(default_factory=list)
    content_hash: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def thread_ids(self) -> list[str]:
        """Every Message-ID this one answers: In-Reply-To first, then References
        newest first (the nearest ancestor is the likeliest to be ours)."""
        seen: list[str] = []
        for mid in [*self.in_reply_to, *reversed(self.references)]:
            if mid not in seen:
                seen.append(mid)
        return seen


def _header(msg: Message, name: str, warnings: list[str]) -> str:
    try:
        value = msg.get(name)
    except Exception as exc:  # a header the policy cannot parse
        warnings.append(f"{name}: {type(exc).__name__}")
        return ""
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.replace("\x00", "").split())


def message_ids(value: str) -> list[str]:
    """The `<id>`s of a Message-ID, In-Reply-To or References value, without
    their brackets, lowercased on the right-hand side only (RFC 5322 leaves
    the left case-sensitive; the domain is not)."""
    out = []
    for found in ID.findall(value or ""):
        left, _, right = found.rpartition("@")
        mid = f"{left}@{right.lower()}" if left else found
        if mid not in out:
            out.append(mid[:MAX_ID])
    return out


def _addresses(msg: Message, name: str, warnings: list[str]) -> list[str]:
    text = _header(msg, name, warnings)
    found = []
    for _name, address in getaddresses([text]):
        address = address.strip().lower()
        if "@" in address and address not in found:
            found.append(address)
    return found


def _decoded(part: Message, warnings: list[str]) -> str:
    """A text part's content, whatever its charset claims. Bytes the declared
    (or defaulted: US-ASCII) charset cannot read are read as UTF-8, then as
    Windows-1252, and the guess is noted."""
    content, read = "", False
    try:
        found = part.get_content()  # type: ignore[attr-defined]
        content, read = (found, True) if isinstance(found, str) else ("", False)
    except Exception as exc:
        warnings.append(f"{part.get_content_type()} body: {type(exc).__name__}")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return content
    if read and ("\ufffd" not in content or "\ufffd".encode() in payload):
        return content
    for charset in ("utf-8", "cp1252"):
        try:
            text = payload.decode(charset)
        except UnicodeDecodeError:
            continue
        warnings.append(f"{part.get_content_type()} body: charset guessed ({charset})")
        return text.replace("\r\n", "\n")
    return payload.decode("latin-1").replace("\r\n", "\n")


def _filename(part: Message, warnings: list[str]) -> str:
    try:
        name = part.get_filename() or ""
    except Exception as exc:
        warnings.append(f"attachment name: {type(exc).__name__}")
        name = ""
    # No path of the sender's reaches storage: keep the last component only.
    name = re.split(r"[\\/]", str(name))[-1]
    return " ".join(name.replace("\x00", "").split())[:200]


def _leaves(part: Message) -> Any:
    """The message's leaf parts, an attached message counting as one leaf (a
    forward as attachment is a file, not more of this message's body)."""
    if part.get_content_type() == "message/rfc822":
        yield part
    elif part.is_multipart():
        for inner in part.get_payload():
            if isinstance(inner, Message):
                yield from _leaves(inner)
    else:
        yield part


def _attached_message(part: Message) -> bytes:
    inner = part.get_payload()
    if isinstance(inner, list) and inner and isinstance(inner[0], Message):
        return inner[0].as_bytes()
    return b""


def _walk(msg: Message, parsed: Parsed) -> None:
    texts: list[str] = []
    htmls: list[str] = []
    for part in _leaves(msg):
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        filename = _filename(part, parsed.warnings)
        if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
            (texts if ctype == "text/plain" else htmls).append(_decoded(part, parsed.warnings))
            continue
        if ctype.startswith("multipart/"):
            # A multipart leaf: its boundary was never found. Its bytes are the
            # best reading of what was written.
            parsed.warnings.append("broken MIME structure: read as text")
            raw = part.get_payload()
            texts.append(raw if isinstance(raw, str) else "")
            continue
        if ctype == "message/rfc822":
            payload: Any = _attached_message(part)
            filename = filename or f"forwarded-{len(parsed.attachments) + 1}.eml"
        else:
            payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload:
            content_id = message_ids(str(part.get("Content-ID", "")))
            parsed.attachments.append(
                Attached(
                    filename=filename or f"attachment-{len(parsed.attachments) + 1}",
                    content_type=ctype,
                    content=payload,
                    inline=disposition == "inline",
                    content_id=content_id[0] if content_id else "",
                )
            )
    parsed.text = "\n\n".join(t for t in texts if t.strip())
    parsed.html = "\n".join(h for h in htmls if h.strip())


KEPT_HEADERS = (
    "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress",
    "List-Id", "List-Unsubscribe", "Return-Path", "Authentication-Results", "Content-Type",
    "X-Tandem-Outbox", "Date",
)  # fmt: skip


def _read(raw: bytes, *, headers_only: bool) -> tuple[Parsed, Any]:
    parsed = Parsed(content_hash=hashlib.sha256(raw).hexdigest())
    try:
        msg: Any = BytesParser(policy=policy.default).parsebytes(raw, headersonly=headers_only)
    except Exception as exc:  # the parser is lenient; this is a last resort
        parsed.warnings.append(f"unreadable message: {type(exc).__name__}")
        return parsed, None
    w = parsed.warnings
    name, address = parseaddr(_header(msg, "From", w))
    parsed.sender = address.strip().lower() if "@" in address else ""
    parsed.sender_name = name.strip()[:200]
    parsed.to = _addresses(msg, "To", w)
    parsed.cc = _addresses(msg, "Cc", w)
    parsed.subject = _header(msg, "Subject", w)[:300]
    ids = message_ids(_header(msg, "Message-ID", w))
    parsed.message_id = ids[0] if ids else ""
    return parsed, msg


def parse_headers(raw: bytes) -> Parsed:
    """Who sent it, to whom, its subject and ids: what storing a message
    needs, without reading its MIME parts (`parse` reads those)."""
    return _read(raw, headers_only=True)[0]


def parse(raw: bytes) -> Parsed:
    parsed, msg = _read(raw, headers_only=False)
    if msg is None:
        return parsed
    w = parsed.warnings
    for defect in getattr(msg, "defects", []):
        w.append(type(defect).__name__)
    parsed.in_reply_to = message_ids(_header(msg, "In-Reply-To", w))
    parsed.references = message_ids(_header(msg, "References", w))
    for header in KEPT_HEADERS:
        value = _header(msg, header, w)
        if value:
            parsed.headers[header.lower()] = value[:1000]
    try:
        parsed.auth_results = [str(v)[:1000] for v in msg.get_all("Authentication-Results") or []]
    except Exception as exc:
        w.append(f"Authentication-Results: {type(exc).__name__}")
    try:
        _walk(msg, parsed)
    except Exception as exc:
        w.append(f"body: {type(exc).__name__}")
    if not parsed.text and not parsed.html and not parsed.attachments:
        w.append("no readable body")
    return parsed


def as_email(raw: bytes) -> EmailMessage | None:
    """The full message object, for the few readers that need the tree
    (bounce reports)."""
    try:
        found = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception:
        return None
    return found if isinstance(found, EmailMessage) else None
