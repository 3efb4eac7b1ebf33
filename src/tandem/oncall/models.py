"""On-call rotations, their overrides, and the secret calendar feeds of
their shifts."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from django.db import models
from django.db.models import Q

from tandem.accounts.models import DEFAULT_TIME_ZONE, validate_time_zone


class Period(models.IntegerChoices):
    DAILY = 1, "Every day"
    WEEKLY = 7, "Every week"


class Rotation(models.Model):
    """Provider staff taking turns: each turn begins at `handoff_time` in
    `time_zone`, every day or every week, the first member's on `starts_on`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    handoff_time = models.TimeField(default=time(9))
    period_days = models.PositiveSmallIntegerField(choices=Period.choices, default=Period.WEEKLY)
    starts_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    def schedule(self) -> Any:
        from tandem.oncall.shifts import Schedule

        members = tuple(m.person_id for m in self.members.all())
        return Schedule(
            zone=self.time_zone,
            handoff=self.handoff_time,
            period_days=self.period_days,
            anchor=self.starts_on,
            members=members,
        )


class RotationMember(models.Model):
    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rotation_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "position"], name="one_member_per_place"),
            models.UniqueConstraint(fields=["rotation", "person"], name="one_place_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.rotation_id} #{self.position}"


class Override(models.Model):
    """Someone on call instead of the rotation's turn, for a while: covering
    a shift, or one half of a swap. The last made wins where two overlap."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="overrides")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["rotation", "ends_at"], name="oncall_override_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="override_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.rotation_id}"


class CalendarFeed(models.Model):
    """A secret address that calendar apps read: one person's shifts, or one
    rotation's. Only a digest of its token is kept; revoked, it answers 404."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    rotation = models.ForeignKey(
        Rotation, null=True, blank=True, on_delete=models.CASCADE, related_name="feeds"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"feed {self.uuid}"
