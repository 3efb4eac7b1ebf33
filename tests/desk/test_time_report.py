"""The time report: minutes per practice, technician and month (in the
reader's time zone), a CSV export that spreadsheets cannot run, audited, and
only the provider's staff recording or reading time."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM
from tandem.desk import services
from tandem.desk.models import RequestMessage
from tests.desk.test_api import post

CHICAGO = ZoneInfo("America/Chicago")


def _entry(world, persona: str, item, minutes: int, when: datetime, body: str = "Worked on it"):
    message, _on = services.add_message(
        actor=actor_for(world.people[persona]),
        request=item,
        body=body,
        kind="internal",
        time_spent_minutes=minutes,
    )
    RequestMessage.objects.filter(pk=message.pk).update(created_at=when)
    return message


def _setup(world):
    # The world's internal note on A carries 10 minutes, made now: move it to September.
    RequestMessage.objects.filter(request=world.request_a, time_spent_minutes=10).update(
        created_at=datetime(2026, 9, 15, 12, 0, tzinfo=CHICAGO)
    )
    tech = world.people["technician_a"]
    accounts.set_own_time_zone(actor=actor_for(tech), person=tech, time_zone="America/Chicago")
    # 23:30 on Oct 31 in Chicago is already November in UTC: it counts for October.
    _entry(
        world, "technician_a", world.request_a, 30, datetime(2026, 10, 31, 23, 30, tzinfo=CHICAGO)
    )
    _entry(world, "technician_a", world.request_a, 45, datetime(2026, 11, 2, 9, 0, tzinfo=CHICAGO))
    _entry(
        world, "provider_admin", world.request_a, 20, datetime(2026, 11, 3, 9, 0, tzinfo=CHICAGO)
    )
    _entry(
        world, "provider_admin", world.request_b, 15, datetime(2026, 11, 4, 9, 0, tzinfo=CHICAGO)
    )


def test_minutes_per_practice_technician_and_month_in_the_readers_zone(world):
    _setup(world)
    tech = world.client_for("technician_a")  # sees practice A only
    november = tech.get("/api/v1/time-report?month=2026-11").json()
    assert november["time_zone"] == "America/Chicago"
    assert [(r["practice"], r["technician"], r["minutes"]) for r in november["lines"]] == [
        (world.a.name, "Pat Admin", 20),
        (world.a.name, "Tess Tech", 45),
    ]
    assert november["total_minutes"] == 65
    october = tech.get("/api/v1/time-report?month=2026-10").json()
    assert october["total_minutes"] == 30
    admin = world.client_for("provider_admin").get("/api/v1/time-report?month=2026-11").json()
    practices = {r["practice"] for r in admin["lines"]}
    assert practices == {world.a.name, world.b.name}
    page = tech.get("/desk/time/?month=2026-11")
    assert page.status_code == 200
    assert b"0:45" in page.content
    assert world.b.name.encode() not in page.content


def test_the_export_lists_every_entry_escapes_formulas_and_is_audited(world):
    _setup(world)
    _entry(
        world,
        "provider_admin",
        world.request_a,
        5,
        datetime(2026, 11, 5, 9, 0, tzinfo=CHICAGO),
    )
    accounts.update_person(
        actor=SYSTEM, person=world.people["provider_admin"], full_name="=HYPERLINK(1)"
    )
    _entry(world, "provider_admin", world.request_a, 7, datetime(2026, 11, 6, 9, 0, tzinfo=CHICAGO))
    admin = world.client_for("provider_admin")
    response = admin.get(f"/desk/time/export.csv?month=2026-11&client={world.a.slug}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "month"
    # Pat reads in New York time: Tess's 23:30 on Oct 31 in Chicago is Nov 1 there.
    assert world.people["provider_admin"].zone().key == "America/New_York"
    assert sorted(int(r[-1]) for r in rows[1:]) == [5, 7, 20, 30, 45]  # not B's
    assert rows[-1][2] == "'=HYPERLINK(1)"
    assert {r[1] for r in rows[1:]} == {world.a.name}
    (event,) = AuditEvent.objects.filter(verb="time_report.export")
    assert event.changes["rows"] == [None, 5]


def test_only_staff_record_and_read_time(world):
    member = world.client_for("client_member_a")
    refused = post(
        member,
        f"/api/v1/requests/{world.request_a.reference}/messages",
        {"body": "I spent an hour on this", "time_spent_minutes": 60},
    )
    assert refused.status_code == 422
    assert "time_spent_minutes" in refused.json()["fields"]
    assert member.get("/desk/time/").status_code == 403
    assert member.get("/api/v1/time-report").status_code == 403
    assert world.client_for("client_admin_a").get("/desk/time/export.csv").status_code == 403
    bad = world.client_for("provider_admin").get("/desk/time/?month=2026-13")
    assert bad.status_code == 422
    assert b"YYYY-MM" in bad.content
    assert (
        world.client_for("provider_admin").get("/api/v1/time-report?month=26-1").status_code == 422
    )
