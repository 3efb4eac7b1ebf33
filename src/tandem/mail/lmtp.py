"""An LMTP server (RFC 2033) for an MTA such as Postfix to deliver into:
`tandem mail-lmtp --port 2424`.

Unlike SMTP, LMTP answers the end of a message once for every recipient
that was accepted, in order, so the MTA knows which deliveries succeeded:
each recipient gets 250 once the message is stored (or was stored before),
or 451 when it could not be, and the MTA retries only that one. A recipient
that is none of the active mailboxes is refused at RCPT (550).

aiosmtpd serves the protocol; it has no per-recipient replies of its own
(aio-libs/aiosmtpd#517), so the handler returns them as one block of lines,
which its server writes as they are. Database work runs on one worker
thread, off the event loop, with Django's connection handling around it.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from django.conf import settings
from django.db import close_old_connections, connections

from tandem.mail import ingest
from tandem.mail.models import Transport

log = logging.getLogger(__name__)


def _accepts(address: str) -> bool:
    close_old_connections()
    wanted = address.strip().lower()
    return any(box.address.lower() == wanted for box in ingest.active_mailboxes())


def _store(raw: bytes, recipient: str) -> str:
    close_old_connections()
    result = ingest.store(raw, transport=Transport.LMTP, recipient=recipient)
    return str(result.inbound.uuid)


class Handler:
    def __init__(self) -> None:
        # One thread: the ORM's connection lives in it between messages.
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tandem-lmtp")

    def close(self) -> None:
        """Close the worker thread's database connection, then the thread."""
        self.pool.submit(connections.close_all).result(timeout=30)
        self.pool.shutdown()

    async def _run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        try:
            known = await self._run(_accepts, address)
        except Exception:
            log.exception("LMTP: could not check recipient")
            return f"451 4.3.0 <{address}>: cannot check this mailbox now, try again later"
        if not known:
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or b""
        replies = []
        for recipient in envelope.rcpt_tos:
            try:
                stored = await self._run(_store, raw, recipient)
            except Exception as exc:
                log.exception("LMTP: message for %s not stored", recipient)
                replies.append(
                    f"451 4.3.0 <{recipient}>: not stored ({type(exc).__name__}), try again later"
                )
            else:
                replies.append(f"250 2.0.0 <{recipient}> stored as {stored}")
        return "\r\n".join(replies)


class LmtpController(Controller):
    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert=no_assert)
        self.handler.close()

    def factory(self) -> LMTP:
        return LMTP(
            self.handler,
            data_size_limit=int(getattr(settings, "MAIL_MAX_BYTES", 50 * 1024 * 1024)),
            hostname=self.hostname,
            ident="Tandem LMTP",
        )


def server(host: str, port: int) -> LmtpController:
    """A server ready to `start()` (on its own thread) and `stop()`."""
    return LmtpController(Handler(), hostname=host, port=port)
