"""Huey job for the action plan: the weekly digest, checked every hour (each
person gets theirs on Monday from 07:00 in their own time zone, once)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tandem.collab import actions, concerns


@db_periodic_task(crontab(minute="5"))
@lock_task("collab-action-digests")
def send_action_digests() -> int:
    return actions.send_digests()


@db_periodic_task(crontab(minute="*/15"))
@lock_task("collab-concern-sweep")
def sweep_concerns() -> tuple[int, int]:
    """Escalate acknowledgements past their target; close answered concerns
    the practice left unanswered."""
    return concerns.escalate_overdue(), concerns.close_silent()
