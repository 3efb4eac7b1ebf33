"""Who is on call, as pure arithmetic (no database): a rotation hands off at
a wall-clock time in its time zone, every day or every week, to the next
member in order; overrides (someone covering, or two people swapping) lie
on top, the most recently made winning where they overlap.

A hand-off stays at its wall-clock time across daylight-saving changes, so
the shift around a change is 23 or 25 hours long. A hand-off time that does
not exist that day (inside the spring-forward gap) happens when the clocks
have moved on (02:30 becomes 03:30); one that happens twice (the fall-back
hour) happens the first time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Schedule:
    zone: str
    handoff: time  # wall-clock time of each hand-off
    period_days: int  # 1: daily, 7: weekly
    anchor: date  # a date when the first member's shift begins (at `handoff`)
    members: tuple[int, ...]  # in order


@dataclass(frozen=True)
class Cover:
    """An override: `person` is on call from `start` to `end`; `order` says
    which was made last (it wins where two overlap)."""

    start: datetime
    end: datetime
    person: int
    order: int = 0


@dataclass(frozen=True)
class Shift:
    start: datetime
    end: datetime
    person: int
    covering: bool = False  # an override, not the rotation's turn


def _instant(schedule: Schedule, day: date) -> datetime:
    """The hand-off on that local date, in UTC."""
    local = datetime.combine(day, schedule.handoff, tzinfo=ZoneInfo(schedule.zone))
    # A wall time in the spring-forward gap: fold=0 reads it with the offset before
    # the change, which lands it after the gap (02:30 EST is 03:30 EDT).
    return local.astimezone(UTC)


def turn_at(schedule: Schedule, at: datetime) -> tuple[int, datetime, datetime]:
    """(turn number, its start, its end) of the rotation's turn holding `at`;
    turn 0 begins on the anchor date, negative turns before it."""
    local_day = at.astimezone(ZoneInfo(schedule.zone)).date()
    turn = (local_day - schedule.anchor).days // schedule.period_days
    while True:
        start = _instant(schedule, schedule.anchor + timedelta(days=turn * schedule.period_days))
        if start > at:
            turn -= 1
            continue
        end = _instant(
            schedule, schedule.anchor + timedelta(days=(turn + 1) * schedule.period_days)
        )
        if end <= at:
            turn += 1
            continue
        return turn, start, end


def member_of(schedule: Schedule, turn: int) -> int | None:
    if not schedule.members:
        return None
    return schedule.members[turn % len(schedule.members)]


def turns(schedule: Schedule, start: datetime, end: datetime) -> list[Shift]:
    """The rotation's own turns covering [start, end), cut to it."""
    if not schedule.members or start >= end:
        return []
    out: list[Shift] = []
    turn, turn_start, turn_end = turn_at(schedule, start)
    while turn_start < end:
        person = member_of(schedule, turn)
        assert person is not None
        out.append(Shift(max(turn_start, start), min(turn_end, end), person))
        turn += 1
        turn_start = turn_end
        turn_end = _instant(
            schedule, schedule.anchor + timedelta(days=(turn + 1) * schedule.period_days)
        )
    return out


def shifts(schedule: Schedule, covers: list[Cover], start: datetime, end: datetime) -> list[Shift]:
    """Who is on call over [start, end): the rotation's turns with the
    overrides laid on top, the last made winning; adjacent pieces of one
    person's turn are kept apart only where an override cuts them."""
    pieces = turns(schedule, start, end)
    for cover in sorted(covers, key=lambda c: c.order):
        a, b = max(cover.start, start), min(cover.end, end)
        if a >= b:
            continue
        laid: list[Shift] = []
        for piece in pieces:
            if piece.end <= a or piece.start >= b:
                laid.append(piece)
                continue
            if piece.start < a:
                laid.append(Shift(piece.start, a, piece.person, piece.covering))
            if piece.end > b:
                laid.append(Shift(b, piece.end, piece.person, piece.covering))
        laid.append(Shift(a, b, cover.person, True))
        pieces = sorted(laid, key=lambda s: s.start)
    return pieces


def on_call(schedule: Schedule, covers: list[Cover], at: datetime) -> int | None:
    """The person on call at `at`: the last-made override holding it, else
    the rotation's member whose turn it is."""
    holding = [c for c in covers if c.start <= at < c.end]
    if holding:
        return max(holding, key=lambda c: c.order).person
    turn, _start, _end = turn_at(schedule, at)
    return member_of(schedule, turn)
