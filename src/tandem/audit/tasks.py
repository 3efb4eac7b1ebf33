"""Huey jobs for the audit trail: a thin adapter into anchors."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.audit import anchors


@db_periodic_task(crontab(minute="7"))
def anchor_audit_chains() -> int:
    return anchors.write_anchors()
