"""Huey job for on call: the escalation pass, every minute."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tandem.oncall import paging


@db_periodic_task(crontab(minute="*"))
@lock_task("oncall-escalation")
def escalate_due_pages() -> int:
    """Every minute, one at a time (overlapping passes are safe anyway)."""
    return paging.escalate_due()
