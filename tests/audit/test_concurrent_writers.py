"""Two processes appending to one chain at once leave a chain that verifies."""

from __future__ import annotations

import multiprocessing

import pytest
from django.db import connections

from tandem.accounts import services as accounts
from tandem.audit import services as audit
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM

EVENTS_PER_PROCESS = 500


def _append(org_id: int, label: str, count: int) -> None:
    for n in range(count):
        audit.record(
            actor=SYSTEM,
            verb="test.concurrent",
            organization_id=org_id,
            target_label=f"{label}-{n}",
        )
    connections.close_all()


@pytest.mark.slow
def test_two_processes_writing_500_events_each_leave_a_valid_chain(transactional_db):
    org = accounts.create_client(actor=SYSTEM, name="Busy Clinic")
    connections.close_all()  # children must open their own connections
    ctx = multiprocessing.get_context("fork")
    workers = [
        ctx.Process(target=_append, args=(org.pk, f"w{i}", EVENTS_PER_PROCESS)) for i in (1, 2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
        assert w.exitcode == 0
    written = AuditEvent.objects.filter(organization=org, verb="test.concurrent")
    assert written.count() == 2 * EVENTS_PER_PROCESS
    assert {e.split("-")[0] for e in written.values_list("target_label", flat=True)} == {"w1", "w2"}
    (result,) = audit.verify([org.pk])
    assert result.ok, result.problem
    assert result.events == 2 * EVENTS_PER_PROCESS + 1
