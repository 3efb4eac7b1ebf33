"""Huey jobs for the SLA: thin adapters into the sweep and the recomputation."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from tandem.sla import clocks, terms
from tandem.sla import sweep as sla_sweep

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@lock_task("sla-sweep")
def sweep_due_clocks() -> tuple[int, int]:
    """Every minute, one at a time (the sweep is safe to overlap anyway)."""
    done = sla_sweep.sweep()
    return done.warned, done.breached


@db_task()
def recompute_clocks(what: str, pk: int, reason: str) -> int:
    """After a calendar, a policy or a contract changed: each touched
    request in its own transaction, its clocks locked, so a request worked
    meanwhile is never overwritten; run twice, the second finds nothing to move."""
    from tandem.desk.models import ServiceRequest

    moved = 0
    for request_id in terms.touched_requests(what, pk).iterator(chunk_size=500):
        with transaction.atomic():
            request = ServiceRequest.objects.select_for_update().filter(pk=request_id).first()
            if request is not None:
                moved += clocks.recompute(request, timezone.now(), reason)
    if moved:
        log.info("SLA: %s clocks recomputed (%s)", moved, reason)
    return moved
