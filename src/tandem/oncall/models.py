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


class EscalationPolicy(models.Model):
    """Who is paged, in what order, for which requests: its levels are paged
    one after another until someone acknowledges, the whole ladder again up
    to `repeats` more times. A request of one of its `priorities` raised
    outside the practice's business hours, or missing an SLA deadline, pages
    at once (the first policy by name that covers its priority)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, unique=True)
    priorities = models.JSONField(default=list)
    out_of_hours = models.BooleanField(default=True)
    on_breach = models.BooleanField(default=True)
    repeats = models.PositiveSmallIntegerField(default=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class EscalationLevel(models.Model):
    """One step of a policy: whoever is on call in a rotation, or one person,
    given `delay_minutes` to acknowledge before the next step is paged."""

    policy = models.ForeignKey(EscalationPolicy, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField()
    rotation = models.ForeignKey(
        Rotation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delay_minutes = models.PositiveSmallIntegerField(default=5)

    class Meta:
        ordering = ["policy_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "position"], name="one_level_per_place"),
            models.CheckConstraint(
                condition=Q(rotation__isnull=True, person__isnull=False)
                | Q(rotation__isnull=False, person__isnull=True),
                name="level_pages_rotation_or_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} level {self.position + 1}"


class PageStatus(models.TextChoices):
    OPEN = "open", "Paging"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    EXHAUSTED = "exhausted", "Nobody acknowledged"
    STOPPED = "stopped", "Stopped: the request was resolved"


class PageReason(models.TextChoices):
    OUT_OF_HOURS = "out_of_hours", "Raised outside business hours"
    BREACH = "breach", "Missed a service-level deadline"


class OnCallPage(models.Model):
    """Waking someone for one request. `next_at` is when the next level is
    due if nobody has acknowledged; the escalation job reads only open pages
    whose time has come, off a partial index."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(max_length=100)  # unique: Meta.constraints
    policy = models.ForeignKey(EscalationPolicy, on_delete=models.PROTECT, related_name="pages")
    request = models.ForeignKey(
        "desk.ServiceRequest", on_delete=models.PROTECT, related_name="pages"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=PageReason.choices)
    status = models.CharField(max_length=20, choices=PageStatus.choices, default=PageStatus.OPEN)
    level = models.PositiveSmallIntegerField(default=0)
    round = models.PositiveSmallIntegerField(default=0)
    next_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["next_at"], condition=Q(status="open"), name="oncall_page_due"),
            models.Index(fields=["request", "status"], name="oncall_page_request"),
        ]
        constraints = [models.UniqueConstraint(fields=["key"], name="one_page_per_key")]

    def __str__(self) -> str:
        return f"page {self.uuid}"

    @property
    def is_open(self) -> bool:
        return self.status == PageStatus.OPEN


class PageAttempt(models.Model):
    """One person paged at one level of one round, with the single-use
    secret of their acknowledge link (only its digest is kept)."""

    page = models.ForeignKey(OnCallPage, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    paged_at = models.DateTimeField()
    token_digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paged_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "round", "level", "person"], name="one_attempt_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} → {self.person_id}"


class TargetKind(models.TextChoices):
    SLACK = "slack", "Slack (incoming webhook)"
    TEAMS = "teams", "Microsoft Teams (Workflows)"
    PAGERDUTY = "pagerduty", "PagerDuty (Events API v2)"
    SMS = "sms", "SMS gateway"
    WEBHOOK = "webhook", "Signed JSON webhook"


class PagingTarget(models.Model):
    """Where else a person's pages go, besides email and the app. The
    address and the secret (HMAC key, PagerDuty routing key) are encrypted
    with the data key and never shown again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="paging_targets"
    )
    kind = models.CharField(max_length=20, choices=TargetKind.choices)
    label = models.CharField(max_length=100)
    address = models.TextField()  # encrypted: URL or URL template
    secret = models.TextField(blank=True)  # encrypted
    phone = models.CharField(max_length=40, blank=True)
    host = models.CharField(max_length=200)  # shown instead of the address
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"
