"""Huey jobs for the desk: thin adapters into services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.desk import services


@db_periodic_task(crontab(minute="*/15"))
def close_resolved_requests() -> int:
    """Resolved requests close after DESK_AUTO_CLOSE_DAYS (idempotent; reruns are harmless)."""
    return services.auto_close()
