"""Mail that must never open a request nor be answered: automatic replies
(RFC 3834 `Auto-Submitted`, `X-Autoreply`, `Precedence`), mailing lists,
delivery reports (bounces), and Tandem's own outbound mail coming back.
Answering any of them is how mail loops start."""

from __future__ import annotations

from tandem.mail import parsing
from tandem.mail.parsing import Parsed, as_email, message_ids

BULK = frozenset({"bulk", "junk", "list", "auto_reply"})
DAEMONS = ("mailer-daemon@", "postmaster@")


def is_bounce(parsed: Parsed) -> bool:
    ctype = parsed.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/report"):
        return True
    return parsed.sender.startswith(DAEMONS) and parsed.headers.get("return-path", "") in (
        "<>",
        "",
    )


def reason(parsed: Parsed) -> str:
    """Why this message is noise, or "" when a person wrote it."""
    h = parsed.headers
    if "x-tandem-outbox" in h:
        return "our own outbound mail"
    if is_bounce(parsed):
        return "delivery report (bounce)"
    auto = h.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return f"automatic (Auto-Submitted: {auto})"
    if "x-autoreply" in h or "x-autorespond" in h:
        return "automatic reply"
    if h.get("precedence", "").strip().lower() in BULK:
        return f"bulk (Precedence: {h['precedence'].strip().lower()})"
    if "list-id" in h or "list-unsubscribe" in h:
        return "mailing list"
    return ""


def bounced_ids(raw: bytes, parsed: Parsed | None = None) -> list[str]:
    """The Message-IDs a delivery report is about: those of the returned
    original (message/rfc822 or text/rfc822-headers part). Empty for
    anything but a report (a forward carries messages too)."""
    msg = as_email(raw)
    if msg is None or not is_bounce(parsed or parsing.parse(raw)):
        return []
    found: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            for inner in part.iter_parts():
                found += message_ids(str(inner.get("Message-ID", "")))
        elif ctype == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            for line in text.splitlines():
                if line.lower().startswith("message-id:"):
                    found += message_ids(line.split(":", 1)[1])
    return list(dict.fromkeys(found))
