"""Huey tasks: filing stored mail. The stored row, not the Huey queue, is the
record: a lost task only delays filing until the sweep a minute later."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.core import events
from tandem.mail import imap, ingest


@db_task()
def file_message(inbound_id: int) -> bool:
    return ingest.file(inbound_id) is not None


@db_periodic_task(crontab(minute="*"))
def file_pending_mail() -> int:
    return ingest.file_pending()


@events.subscribe(ingest.STORED)
def _file_soon(*, inbound_id: int) -> None:
    file_message(inbound_id)


@db_periodic_task(crontab(minute="*"))
def poll_mailboxes() -> int:
    """Every active IMAP mailbox, once a minute."""
    return len(imap.poll_all())
