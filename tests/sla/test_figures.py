"""SLA figures: per practice and priority, promises kept (a miss counted
once, at its breach) and the median first response, in covered time and on
the wall clock; months in the provider's time zone; the practice's home page,
the figures page, the CSV (formula-escaped, audited) and the API, each
showing a practice its own figures only."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.desk import services as desk
from tandem.sla import figures, sweep
from tandem.sla.choices import ClockKind
from tandem.sla.models import SlaClock

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def raise_(world, at: datetime, subject: str, impact: str = "practice_down"):
    with time_machine.travel(at, tick=False):
        return desk.open_request(
            actor=actor_for(world.people["client_member_a"]),
            organization=world.a,
            subject=subject,
            body="Nobody can book.",
            category="ehr",
            impact=impact,
        )


def answer(world, item, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        desk.add_message(actor=actor_for(world.people["technician_a"]), request=item, body="On it.")


def week_of_promises(world) -> None:
    """Three P2 requests on Monday 09:00: one answered at 09:30 (kept), one at
    10:30 (late: 90 min of a 60 min target), one missed at 10:00 (the sweep
    records it) and answered Tuesday 09:00."""
    monday = ny(2026, 11, 23, 9, 0)
    kept, late, missed = (raise_(world, monday, s) for s in ("Kept", "Late", "Missed"))
    answer(world, kept, ny(2026, 11, 23, 9, 30))
    answer(world, late, ny(2026, 11, 23, 10, 30))
    sweep.sweep(now=ny(2026, 11, 23, 10, 1))
    answer(world, missed, ny(2026, 11, 24, 9, 0))


def test_attainment_counts_a_miss_once_and_medians_use_covered_and_wall_time(world):
    week_of_promises(world)
    [p2] = figures.recent([world.a], now=ny(2026, 11, 24, 12, 0))
    assert (p2.practice, p2.priority, p2.period) == (world.a, 2, "30d")
    # Three first responses came due: one kept, the late one and the breached one missed
    # (the breached one answered later is still one miss). Resolutions still run.
    assert (p2.promises, p2.kept, p2.missed, p2.attainment) == (3, 1, 2, 33.3)
    assert p2.first_responses == 3
    # Covered minutes: 30, 90, and Monday 09:00-18:00 + Tuesday 08:00-09:00 = 600.
    assert sorted(p2.first_covered) == [30, 90, 600]
    assert p2.median_first_response == 90
    # The wall clock counts the night: 30, 90, 1440.
    assert sorted(round(m) for m in p2.first_wall) == [30, 90, 1440]
    missed = SlaClock.objects.get(request__subject="Missed", kind=ClockKind.FIRST_RESPONSE)
    assert missed.decided_at == ny(2026, 11, 23, 10, 1)  # the breach, not the late answer
    assert missed.used_minutes == 600
    assert missed.met is False


def test_months_are_the_providers_calendar_months(world):
    # Saturday 31 October 20:00 in New York is already 1 November in UTC.
    p1 = raise_(world, ny(2026, 10, 31, 20, 0), "Charting is down", impact="patient_care")
    answer(world, p1, ny(2026, 10, 31, 20, 10))
    with time_machine.travel(ny(2026, 10, 31, 23, 0), tick=False):
        p1.refresh_from_db()
        desk.change_status(
            actor=actor_for(world.people["technician_a"]), request=p1, status="resolved"
        )
    week_of_promises(world)
    rows = figures.monthly([world.a], months=2, now=ny(2026, 11, 24, 12, 0))
    assert [(f.period, f.priority, f.promises, f.kept) for f in rows] == [
        ("2026-10", 1, 2, 2),  # its first response and its resolution, both kept
        ("2026-11", 2, 3, 1),
    ]
    assert rows[0].median_first_response == 10
    assert figures.monthly([world.a], months=1, now=ny(2026, 11, 24, 12, 0))[0].period == "2026-11"


def test_the_practice_sees_its_own_figures_on_its_home_page_and_nobody_elses(world):
    week_of_promises(world)
    with time_machine.travel(ny(2026, 11, 24, 12, 0), tick=False):
        home = world.client_for("client_member_a").get("/").content.decode()
        assert "Our service levels, last 30 days" in home
        assert "33.3%" in home
        assert "(1 of 3)" in home
        other = world.client_for("client_admin_b").get("/").content.decode()
        assert "33.3%" not in other
        # Asking for another practice's figures by address shows one's own.
        page = world.client_for("client_admin_b").get(f"/service-levels/?practice={world.a.slug}")
        assert page.status_code == 200
        assert "33.3%" not in page.content.decode()
        staff = world.client_for("provider_admin").get("/service-levels/").content.decode()
        assert "33.3%" in staff


def test_the_csv_is_formula_escaped_and_audited(world):
    world.a.name = "=HYPERLINK(1)"
    world.a.save(update_fields=["name"])
    week_of_promises(world)
    with time_machine.travel(ny(2026, 11, 24, 12, 0), tick=False):
        response = world.client_for("client_admin_a").get("/service-levels/export.csv?months=3")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == figures.HEADER
    assert ["'=HYPERLINK(1)", "30d", "P2", "3", "1", "2", "33.3", "3", "90", "90"] in rows
    assert ["'=HYPERLINK(1)", "2026-11", "P2", "3", "1", "2", "33.3", "3", "90", "90"] in rows
    event = AuditEvent.objects.get(verb="sla.figures_export")
    assert event.organization_id == world.a.pk
    assert event.actor_id == world.people["client_admin_a"].pk


def test_the_api_gives_the_same_figures_to_whoever_may_read_them(world):
    week_of_promises(world)
    with time_machine.travel(ny(2026, 11, 24, 12, 0), tick=False):
        mine = world.client_for("client_member_a").get("/api/v1/sla/figures").json()
        staff = world.client_for("provider_admin").get(
            f"/api/v1/sla/figures?practice={world.a.slug}&months=1"
        )
        refused = world.client_for("client_admin_b").get(
            f"/api/v1/sla/figures?practice={world.a.slug}"
        )
        bad = world.client_for("provider_admin").get("/api/v1/sla/figures?months=99")
    [row] = [r for r in mine if r["priority"] == 2]
    assert row == {
        "practice": world.a.slug,
        "period": "30d",
        "priority": 2,
        "promises": 3,
        "kept": 1,
        "missed": 2,
        "attainment_percent": 33.3,
        "first_responses": 3,
        "median_first_response_minutes": 90,
        "median_first_response_wall_minutes": 90,
    }
    assert {r["practice"] for r in mine} == {world.a.slug}
    assert [(r["period"], r["priority"], r["kept"]) for r in staff.json()] == [("2026-11", 2, 1)]
    assert refused.status_code == 404
    assert bad.status_code == 422
