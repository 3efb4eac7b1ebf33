"""Polling a mailbox by IMAP (a periodic job).

Messages are read with BODY.PEEK, which leaves them unread on the server,
then stored and filed (`ingest.ingest`, committed), and only then marked on
the server: moved to the mailbox's done folder, or given the keyword
$TandemFiled (and \\Seen). Unfiled means without that keyword, not unread,
so a person who reads the shared mailbox first hides nothing from Tandem.
A crash after the fetch and before the commit leaves the message unmarked,
and the next run fetches it again; a crash after the commit and before the
mark fetches it again too, and storing it finds it stored (once, by its
Message-ID or its bytes) and only marks it.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from tandem.core import crypto
from tandem.mail import ingest, oauth
from tandem.mail.models import Auth, Mailbox, Security, Transport

log = logging.getLogger(__name__)

FILED = "$TandemFiled"  # the keyword a filed message gets on the server
BATCH = 200  # messages per mailbox per run: a backlog drains over several runs


class ImapError(Exception):
    """What went wrong, in words an admin can act on."""


@dataclass
class Polled:
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    timeout = float(getattr(settings, "EMAIL_TIMEOUT", 30))
    try:
        if mailbox.imap_security == Security.SSL:
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                mailbox.imap_host,
                mailbox.imap_port,
                ssl_context=ssl.create_default_context(),
                timeout=timeout,
            )
        else:
            client = imaplib.IMAP4(mailbox.imap_host, mailbox.imap_port, timeout=timeout)
            if mailbox.imap_security == Security.STARTTLS:
                client.starttls(ssl_context=ssl.create_default_context())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(f"Cannot reach {mailbox.imap_host}:{mailbox.imap_port}: {exc}") from exc
    user = mailbox.username or mailbox.address
    try:
        if mailbox.auth == Auth.OAUTH2:
            token = oauth.access_token(mailbox)
            client.authenticate("XOAUTH2", lambda _: oauth.xoauth2(user, token).encode())
        else:
            client.login(user, crypto.decrypt(mailbox.password) if mailbox.password else "")
    except oauth.TokenError as exc:
        client.shutdown()
        raise ImapError(str(exc)) from exc
    except imaplib.IMAP4.error as exc:
        client.shutdown()
        raise ImapError(f"The server refused the sign-in: {exc}") from exc
    return client


def _check(answer: tuple[str, Any], what: str) -> list[Any]:
    status, data = answer
    if status != "OK":
        raise ImapError(f"{what} failed: {data!r}"[:300])
    return list(data)


def _raw(data: list[Any]) -> bytes:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    raise ImapError("The server sent no message body.")


def _mark(client: imaplib.IMAP4, mailbox: Mailbox, uid: str) -> None:
    if mailbox.done_folder:
        capabilities = client.capabilities
        if "MOVE" in capabilities:
            _check(client.uid("MOVE", uid, mailbox.done_folder), "MOVE")
            return
        _check(client.uid("COPY", uid, mailbox.done_folder), "COPY")
        _check(client.uid("STORE", uid, "+FLAGS", "(\\Deleted)"), "STORE")
        client.expunge()
        return
    _check(client.uid("STORE", uid, "+FLAGS", f"(\\Seen {FILED})"), "STORE")


def poll(mailbox: Mailbox, *, limit: int = BATCH) -> Polled:
    """Fetch, store, file and mark what is new in the mailbox's folder."""
    polled = Polled()
    client = connect(mailbox)
    try:
        _check(client.select(mailbox.imap_folder), f"Opening the folder {mailbox.imap_folder}")
        # Our own keyword, not \Seen: a person reading the shared mailbox
        # first must not hide a message from Tandem.
        criteria = "ALL" if mailbox.done_folder else f"UNKEYWORD {FILED}"
        found = _check(client.uid("SEARCH", criteria), "SEARCH")
        head = found[0] if found and isinstance(found[0], bytes) else b""
        uids = [uid.decode() for uid in head.split()]
        for uid in uids[:limit]:
            raw = _raw(_check(client.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH"))
            polled.fetched += 1
            result = ingest.ingest(raw, transport=Transport.IMAP, mailbox=mailbox)
            if result.outcome == ingest.DUPLICATE:
                polled.duplicates += 1
            else:
                polled.stored += 1
            _mark(client, mailbox, uid)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return polled


def poll_all() -> dict[str, Polled | str]:
    """Every active mailbox with an IMAP server; one's failure is recorded on
    it (shown to admins) and does not stop the others."""
    done: dict[str, Polled | str] = {}
    boxes = Mailbox.objects.filter(active=True).exclude(imap_host="")
    for mailbox in boxes:
        try:
            done[mailbox.address] = poll(mailbox)
            error = ""
        except ImapError as exc:
            error = str(exc)[:500]
            done[mailbox.address] = error
            log.warning("IMAP %s: %s", mailbox.address, error)
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_polled_at=timezone.now(), last_error=error
        )
    return done
