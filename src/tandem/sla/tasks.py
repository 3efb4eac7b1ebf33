"""Huey jobs for the SLA: thin adapters into the sweep."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tandem.sla import sweep as sla_sweep


@db_periodic_task(crontab(minute="*"))
@lock_task("sla-sweep")
def sweep_due_clocks() -> tuple[int, int]:
    """Every minute, one at a time (the sweep is safe to overlap anyway)."""
    done = sla_sweep.sweep()
    return done.warned, done.breached
