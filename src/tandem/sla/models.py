"""Contracts, SLA policies, business calendars and the clocks on requests."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from tandem.accounts.models import DEFAULT_TIME_ZONE, validate_time_zone
from tandem.core.models import OrgOwned
from tandem.sla.choices import ClockKind, ClockState, Coverage


class BusinessCalendar(models.Model):
    """The provider's hours of coverage in a time zone: weekly hours, US
    federal holidays (observed dates included) if chosen, and its own days
    (closures, or different hours on one date)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    # Weekday ("0" = Monday) -> [[start minute, end minute], ...] of wall-clock time.
    hours = models.JSONField(default=dict)
    us_federal_holidays = models.BooleanField(default=True)
    is_default = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every change to the calendar or one of its days: the computed
    # calendars are cached by it (sla.clocks.engine), the clock's resolution aside.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_calendar"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)


class CalendarDay(models.Model):
    """One date of a calendar that differs from its week: closed (no hours:
    a custom closure) or open at other hours (an exception, even on a holiday)."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    hours = models.JSONField(default=list)  # [[start minute, end minute], ...]; [] closed
    reason = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_entry_per_calendar_day")
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self._touch_calendar()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        done = super().delete(*args, **kwargs)
        self._touch_calendar()
        return done

    @property
    def hours_words(self) -> str:
        """ "09:00-13:00", or "closed"."""
        if not self.hours:
            return "closed"
        return ", ".join(
            f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in self.hours
        )

    def _touch_calendar(self) -> None:
        # The calendar's version keys the computed calendars (sla.clocks.engine).
        BusinessCalendar.objects.filter(pk=self.calendar_id).update(
            version=F("version") + 1, updated_at=timezone.now()
        )


class SlaPolicy(models.Model):
    """Targets per priority: minutes of covered time to the first response,
    to the next response after the practice writes, and to resolution, and
    whether the priority is covered in business hours or 24x7."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, unique=True)
    # "1".."4" -> {"first_response": min, "next_response": min, "resolution": min,
    # "coverage": "business" | "24x7"}
    targets = models.JSONField(default=dict)
    warn_at_percent = models.PositiveSmallIntegerField(default=75)
    is_default = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Contract(OrgOwned):
    """What the provider promised a practice: a policy, over a calendar of
    coverage, from a date (and until one)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100)
    policy = models.ForeignKey(SlaPolicy, on_delete=models.PROTECT, related_name="contracts")
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, related_name="contracts"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "starts_on"], name="sla_contract_org")]

    def __str__(self) -> str:
        return self.name


class SlaClock(OrgOwned):
    """One promise on one request: the first response, the next response
    after the practice wrote, or the resolution. Runs in covered time,
    pauses while the practice or a third party is being waited on, stops
    when met. `deadline` is set while it runs (the sweep reads it)."""

    request = models.ForeignKey(
        "desk.ServiceRequest", on_delete=models.CASCADE, related_name="sla_clocks"
    )
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    state = models.CharField(max_length=10, choices=ClockState.choices)
    coverage = models.CharField(max_length=10, choices=Coverage.choices)
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    target_minutes = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    # [[start, end], ...] ISO instants of past pauses; `paused_at` the current one.
    pauses = models.JSONField(default=list)
    paused_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    # Stopped in time (True) or late (False); null while it runs.
    met = models.BooleanField(null=True)
    # When the warning is due (warn_percent of the target used), while it runs.
    warn_percent = models.PositiveSmallIntegerField(default=75)
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    # For the figures: the request's priority the target was set for; the
    # covered minutes used when it stopped; when its outcome was known (the
    # breach, or the stop), null while it could still be met.
    priority = models.PositiveSmallIntegerField(default=3)
    used_minutes = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(
                fields=["organization", "decided_at"],
                condition=Q(decided_at__isnull=False),
                name="sla_clock_decided",
            ),
            # The sweep reads only what is due: running clocks not yet breached
            # by deadline, and not yet warned by warning time.
            models.Index(
                fields=["deadline"],
                condition=Q(state="running", breached_at__isnull=True),
                name="sla_clock_due",
            ),
            models.Index(
                fields=["warn_at"],
                condition=Q(state="running", warned_at__isnull=True),
                name="sla_clock_warn",
            ),
            models.Index(fields=["request", "kind"], name="sla_clock_request"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.request_id}"


class ClockEvent(models.Model):
    """The history of a clock: every start, pause, resume, stop and
    recomputation, with the deadline it left."""

    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    what = models.CharField(max_length=20)  # start, pause, resume, stop, recompute, reopen
    reason = models.CharField(max_length=200, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    target_minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ["clock_id", "id"]

    def __str__(self) -> str:
        return f"{self.what} {self.clock_id}"


class Breach(OrgOwned):
    """A promise missed: recorded by the sweep when a running clock passes
    its deadline. A provider lead may say why, for the practice to read."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clock = models.OneToOneField(SlaClock, on_delete=models.CASCADE, related_name="breach")
    request = models.ForeignKey(
        "desk.ServiceRequest", on_delete=models.CASCADE, related_name="sla_breaches"
    )
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    deadline = models.DateTimeField()
    recorded_at = models.DateTimeField()
    annotation = models.TextField(blank=True)
    annotated_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    annotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "recorded_at"], name="sla_breach_org")]

    def __str__(self) -> str:
        return f"{self.kind} breach on {self.request_id}"
