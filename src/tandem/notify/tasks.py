"""Huey tasks: thin triggers into notify.delivery. The outbox row, not the
Huey queue, is the record: a lost task only delays a delivery until the
periodic sweep."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.core import events
from tandem.notify import delivery
from tandem.notify.services import OUTBOX_BATCH_ENQUEUED, OUTBOX_ENQUEUED


@db_task()
def deliver_message(message_id: int) -> bool:
    return delivery.deliver(message_id)


@db_periodic_task(crontab(minute="*"))
def deliver_due_messages() -> int:
    return delivery.deliver_due()


@events.subscribe(OUTBOX_ENQUEUED)
def _deliver_soon(*, message_id: int) -> None:
    deliver_message(message_id)


@db_task()
def deliver_batch(count: int) -> int:
    return delivery.deliver_due(limit=count)


@events.subscribe(OUTBOX_BATCH_ENQUEUED)
def _deliver_batch_soon(*, count: int) -> None:
    deliver_batch(count)
