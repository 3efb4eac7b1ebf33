"""The plain-words story of a request, told in the reader's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from tandem.desk import queries, services, timeline
from tandem.desk.choices import Status

CHICAGO = ZoneInfo("America/Chicago")


def test_spans_and_moments_read_like_a_person_wrote_them():
    assert timeline.span(timedelta(seconds=20)) == "less than a minute"
    assert timeline.span(timedelta(minutes=4)) == "4 minutes"
    assert timeline.span(timedelta(minutes=125)) == "2 hours 5 minutes"
    assert timeline.span(timedelta(hours=5, minutes=1)) == "5 hours"
    assert timeline.span(timedelta(days=3, hours=2)) == "3 days"
    now = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # a Friday, 09:00 in Chicago
    assert timeline.when(now - timedelta(hours=1), now=now, tz=CHICAGO) == "today at 08:00"
    assert timeline.when(now - timedelta(days=1), now=now, tz=CHICAGO) == "yesterday at 09:00"
    assert timeline.when(now - timedelta(days=3), now=now, tz=CHICAGO) == "on Tuesday"
    assert timeline.when(now - timedelta(days=30), now=now, tz=CHICAGO) == "on Oct 28"


def _story(world, actor_of, persona):
    person = world.people[persona]
    actor = actor_of(person)
    item = queries.request_for(actor, world.request_a.reference)
    return timeline.story(
        item,
        queries.first_staff_reply(item),
        reader_id=person.pk,
        staff=actor.is_provider,
        tz=person.zone(),
    )


def test_the_practice_reads_who_picked_it_up_and_that_it_waits_for_them(world, actor_of):
    tech = actor_of(world.people["technician_a"])
    start = world.request_a.created_at
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        services.assign(actor=tech, request=world.request_a, assignee=world.people["technician_a"])
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        services.add_message(
            actor=tech, request=world.request_a, body="Which screen?", ask_practice=True
        )
    story = _story(world, actor_of, "client_member_a")
    assert story[0].startswith("You wrote today at")
    assert "Tess Tech picked this up 4 minutes after you wrote." in story
    assert any(line.startswith("Tess Tech answered") for line in story)
    assert story[-1].startswith("Waiting for your answer since today at")
    staff_story = _story(world, actor_of, "technician_a")
    assert staff_story[0].startswith("Mel Member wrote")
    assert staff_story[-1].startswith("Waiting for the practice's answer")


def test_a_resolved_request_says_until_when_a_reply_reopens_it(world, actor_of):
    services.change_status(
        actor=actor_of(world.people["technician_a"]),
        request=world.request_a,
        status=Status.RESOLVED,
    )
    last = _story(world, actor_of, "client_member_a")[-1]
    assert last.startswith("Resolved today at")
    assert "A reply until" in last


def test_times_are_told_in_the_readers_own_time_zone(world, actor_of):
    member = world.people["client_member_a"]
    member.time_zone = "Asia/Tokyo"
    member.save(update_fields=["time_zone"])
    assert member.zone() == ZoneInfo("Asia/Tokyo")
    member.time_zone = ""
    member.save(update_fields=["time_zone"])
    assert member.zone() == ZoneInfo(world.site_a.time_zone)  # the practice's site
    page = world.client_for("client_member_a").get(f"/requests/{world.request_a.reference}/")
    assert "Where things stand" in page.content.decode()
    assert page.context["story"][0].startswith("You wrote")
