"""Organizations, sites, people and invitations."""

from __future__ import annotations

import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from tandem.accounts.choices import (
    CLIENT_ROLES,
    PROVIDER_ROLES,
    AssignmentMode,
    OrgKind,
    Role,
    Weekday,
)
from tandem.core.models import PublicId, TimeStamped

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
DEFAULT_TIME_ZONE = "America/New_York"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (for example America/Chicago).")


class Organization(PublicId, TimeStamped):
    """The IT provider running this instance (exactly one), or a client practice."""

    kind = models.CharField(max_length=16, choices=OrgKind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    phone = models.CharField(max_length=40, blank=True)
    # The provider's branding, shown on every practice's home page and in emails.
    support_phone = models.CharField(max_length=40, blank=True)
    support_email = models.EmailField(blank=True)
    support_hours = models.CharField(max_length=200, blank=True)
    logo = models.BinaryField(blank=True, default=b"", editable=True)
    logo_content_type = models.CharField(max_length=40, blank=True)
    # Automatic logoff for this organization's people (HIPAA 164.312(a)(2)(iii)).
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(2), MaxValueValidator(240)]
    )
    # Two-factor sign-in for everyone here (always on for the provider's staff).
    require_mfa = models.BooleanField(default=False)
    # The provider's own notes about a practice (gate codes, who to call first).
    # Never shown to the practice's people.
    internal_notes = models.TextField(blank=True)
    # HIPAA requires each practice to designate these two officials.
    security_official = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_official = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # One provider per instance: a partial unique index on the constant kind.
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="provider"), name="one_provider"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_provider(self) -> bool:
        return self.kind == OrgKind.PROVIDER


class Site(PublicId, TimeStamped):
    """A place a practice works from, with its own time zone and clinic hours."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    phone = models.CharField(max_length=40, blank=True)
    # A site that never closes (an urgent care, a hospital ward): changes go in
    # its declared low-impact windows instead of outside clinic hours.
    always_open = models.BooleanField(default=False)

    class Meta:
        ordering = ["organization_id", "name"]
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        parts = [self.address_line1, self.address_line2, self.city, self.state, self.postal_code]
        return ", ".join(p for p in parts if p)


class OpeningHours(models.Model):
    """When a site's clinic is open on one weekday; no row means closed that day."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["site_id", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["site", "weekday"], name="one_interval_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class LowImpactWindow(models.Model):
    """When a site open around the clock can best take a change (a planned
    outage), on one weekday."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="low_impact")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["site_id", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["site", "weekday"], name="one_low_impact_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="low_impact_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class PersonManager(BaseUserManager["Person"]):
    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Person:
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password) if password else person.set_unusable_password()
        person.save(using=self._db)
        return person


class Person(PublicId, AbstractBaseUser):
    """Someone at the provider or a practice. A person without a usable password
    is a contact: known to Tandem, named on requests, but unable to sign in."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    # Stored lower-cased (see clean), so unique means unique regardless of case.
    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=100, blank=True)
    # Blank: the time zone of the person's site (or their organization's first site).
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    role = models.CharField(max_length=32, choices=Role.choices)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    # Provider staff may be limited to the clients they are assigned to.
    restricted_to_assigned = models.BooleanField(default=False)
    assigned_clients = models.ManyToManyField(
        Organization, blank=True, related_name="assigned_staff"
    )
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Away (leave, sick, training) until then: automatic assignment skips them.
    away_until = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects = PersonManager()

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["organization", "full_name"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        self.email = self.email.strip().lower()
        allowed = PROVIDER_ROLES if self.organization.kind == OrgKind.PROVIDER else CLIENT_ROLES
        if self.role not in allowed:
            raise ValidationError({"role": "This role does not exist on this side."})

    def zone(self) -> zoneinfo.ZoneInfo:
        """The time zone to tell this person times in."""
        name = self.time_zone or (self.site.time_zone if self.site_id and self.site else "")
        if not name:
            first = self.organization.sites.order_by("id").only("time_zone").first()
            name = first.time_zone if first else DEFAULT_TIME_ZONE
        return zoneinfo.ZoneInfo(name)

    @property
    def is_provider_staff(self) -> bool:
        return self.role in PROVIDER_ROLES

    @property
    def can_sign_in(self) -> bool:
        return self.is_active and self.has_usable_password()

    def is_away(self, now: Any = None) -> bool:
        return self.away_until is not None and self.away_until > (now or timezone.now())


class Invitation(PublicId, TimeStamped):
    """A single-use, expiring invitation to sign in. Only a hash of the token is
    stored; the token itself exists only in the email."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty when the system invited (tandem init, imports).
    invited_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class EmergencyAccess(PublicId, TimeStamped):
    """Break-glass access: a provider staff member limited to some practices
    opens one more practice to themselves, for a stated reason and a few hours.
    The practice's admins see it; it ends on its own."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.TextField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["person", "expires_at"]),
            models.Index(fields=["organization", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Emergency access of {self.person} to {self.organization}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class Team(PublicId, TimeStamped):
    """A group of the provider's staff that takes some of the work, with a lead.
    New requests routed to it are assigned by round-robin, to the member with
    the least open work, or left for the team to pick (manual)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)
    lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignment = models.CharField(
        max_length=16, choices=AssignmentMode.choices, default=AssignmentMode.MANUAL
    )
    members: models.ManyToManyField[Person, TeamMember] = models.ManyToManyField(
        Person, through="TeamMember", related_name="teams"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_team_name")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A person in a team. `last_assigned_at` is the round-robin's memory: the
    next request goes to the member who was given one longest ago."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="one_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.team}"
