"""The queue and search queries read their indexes: over a few thousand
requests shaped like a year of a provider's work (most closed, a word in 1%
of them) and fresh statistics, the plans the databases choose name the index.
PostgreSQL is asked with sequential scans disabled as well: a query that
cannot use an index plans a scan anyway, and fails here."""

from __future__ import annotations

import random

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.desk import queries, queue_views, search
from tandem.desk.choices import Status
from tandem.desk.models import ServiceRequest

pytestmark = pytest.mark.django_db

ROWS = 3000
WORDS = [f"word{i}" for i in range(100)]  # each in about 1% of the subjects


@pytest.fixture
def year(world):
    rng = random.Random(7)
    now = timezone.now()
    people = [world.people["technician_a"].pk, world.people["provider_admin"].pk]
    rows = []
    for n in range(ROWS):
        status = Status.CLOSED if rng.random() < 0.94 else Status.OPEN
        rows.append(
            ServiceRequest(
                organization=rng.choice([world.a, world.b]),
                number=500_000 + n,
                subject=f"{rng.choice(WORDS)} printer offline"
                if n % 100 == 0
                else rng.choice(WORDS),
                category="devices",
                impact="person_blocked",
                priority=rng.randint(1, 4),
                status=status,
                channel="portal",
                assignee_id=rng.choice(people),
                created_by_label="plan test",
                created_at=now,
                updated_at=now,
                status_changed_at=now,
            )
        )
    ServiceRequest.objects.bulk_create(rows, batch_size=1000)
    search.rebuild(ServiceRequest.objects.filter(number__gte=500_000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return world


def plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def first_page(qs):
    return queries.rows(qs)[: queue_views.PAGE + 1]


def test_the_staff_queues_read_their_partial_indexes(year):
    world = year
    admin = actor_for(world.people["provider_admin"])
    tech = actor_for(world.people["technician_a"])
    cases = {
        "desk_queue_active": queries.queue(admin, name="active"),
        "desk_mine_active": queries.queue(tech, name="mine"),
    }
    for index, qs in cases.items():
        found = plan(first_page(qs))
        assert index in found, found


def test_search_reads_the_full_text_index(year):
    world = year
    for persona, index in (
        ("provider_admin", "desk_search_staff"),
        ("client_member_a", "desk_search_public"),
    ):
        expected = {
            "postgresql": index,  # a Bitmap Index Scan on the audience's GIN index
            "sqlite": "VIRTUAL TABLE INDEX",  # FTS5 answering the MATCH
        }[connection.vendor]
        actor = actor_for(world.people[persona])
        for qs in (
            queries.queue(actor, name="all", text="printer offline", sort="relevance"),
            queries.practice_requests(actor, mine_only=False, text="printer"),
        ):
            found = plan(first_page(qs))
            assert expected in found, found
            if connection.vendor == "sqlite":
                # The FTS5 match drives the join: no full pass over the requests.
                assert "SCAN desk_servicerequest" not in found, found
