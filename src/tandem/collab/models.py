"""Collaboration between a practice and its provider: decision records and
change requests.

A decision is written by either side, proposed, then signed by both (a
practice signer and a provider lead). Once agreed or rejected it is fixed: it
changes only by a superseding decision. Services refuse any other change and
database triggers (migration 0002) refuse it from any other path. An
approved change request is fixed the same way (migration 0004): only its
status and execution record move on.
"""

from __future__ import annotations

import uuid

from django.db import models

from tandem.accounts.models import Site
from tandem.core.models import OrgOwned, PublicId, TimeStamped


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed: awaiting signatures"
    AGREED = "agreed", "Agreed"
    REJECTED = "rejected", "Rejected"
    SUPERSEDED = "superseded", "Superseded"


# Signed by both sides (or rejected by one): fixed for good.
SIGNED = frozenset({DecisionStatus.AGREED, DecisionStatus.REJECTED, DecisionStatus.SUPERSEDED})
OPEN = frozenset({DecisionStatus.DRAFT, DecisionStatus.PROPOSED})


class Decision(PublicId, OrgOwned, TimeStamped):
    number = models.PositiveIntegerField(unique=True)  # shown as D-1001
    title = models.CharField(max_length=200)
    context = models.TextField(blank=True)
    # [{"title", "pros", "cons", "cost", "risk"}, ...]: part of the signed
    # content, so kept in the row rather than in rows of their own.
    options = models.JSONField(default=list)
    recommended = models.PositiveSmallIntegerField(null=True, blank=True)  # index into options
    practice_position = models.TextField(blank=True)
    provider_position = models.TextField(blank=True)
    discussion = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    # The SHA-256 of the content both sides signed (or the rejecting side).
    content_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        indexes = [
            models.Index(fields=["organization", "-number"], name="collab_decision_log"),
            models.Index(fields=["organization", "status"], name="collab_decision_status"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"D-{self.number}"

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED


def _stored_name(instance: DecisionFile, filename: str) -> str:
    # A random name: never the name that was sent.
    return f"decisions/{instance.created_at:%Y/%m}/{instance.uuid.hex}"


class DecisionFile(PublicId, OrgOwned):
    """A document a decision rests on (a quote, a vendor's statement). Its
    digest is part of the signed content; once the decision is signed no file
    is added, changed or removed (a trigger refuses it)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=_stored_name, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting the practice's approval"
    CHANGES_REQUESTED = "changes_requested", "Changes asked for"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    ROLLED_BACK = "rolled_back", "Rolled back"
    CANCELLED = "cancelled", "Cancelled"


# Approved (or refused) by the practice's signature: what was approved is fixed.
CHANGE_SIGNED = frozenset(
    {
        ChangeStatus.APPROVED,
        ChangeStatus.REJECTED,
        ChangeStatus.IN_PROGRESS,
        ChangeStatus.COMPLETED,
        ChangeStatus.ROLLED_BACK,
    }
)
CHANGE_EDITABLE = frozenset({ChangeStatus.DRAFT, ChangeStatus.CHANGES_REQUESTED})


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class CheckResult(models.TextChoices):
    PASSED = "passed", "Everything works"
    FAILED = "failed", "Something is wrong"


class ChangeRequest(PublicId, OrgOwned, TimeStamped):
    """A planned change to a practice's systems, approved by its admin with a
    signature before it is made. The window is checked against the clinic
    hours of every affected site (collab.windows)."""

    number = models.PositiveIntegerField(unique=True)  # shown as C-1001
    title = models.CharField(max_length=200)  # what
    description = models.TextField(blank=True)  # what, in detail
    reason = models.TextField(blank=True)  # why
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.LOW)
    risk_notes = models.TextField(blank=True)
    systems = models.CharField(max_length=500, blank=True)  # affected systems
    rollback_plan = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    sites: models.ManyToManyField[Site, ChangeSite] = models.ManyToManyField(
        "accounts.Site", through="ChangeSite", related_name="+", blank=True
    )
    # Needed when the window meets clinic hours; the clashes found then are kept.
    emergency_justification = models.TextField(blank=True)
    clashes = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    approved_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The execution record and the check after it.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    execution_notes = models.TextField(blank=True)
    check_result = models.CharField(max_length=10, choices=CheckResult.choices, blank=True)
    check_notes = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-number"]
        indexes = [
            models.Index(fields=["organization", "starts_at"], name="collab_change_calendar"),
            models.Index(fields=["starts_at"], name="collab_change_window"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="change_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"C-{self.number}"

    @property
    def is_signed(self) -> bool:
        return self.status in CHANGE_SIGNED


class ChangeSite(models.Model):
    """A site a change affects (part of what the practice approves)."""

    change = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("accounts.Site", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "site"], name="one_row_per_change_site")
        ]

    def __str__(self) -> str:
        return f"{self.change_id} at {self.site_id}"


class ChangeFeed(models.Model):
    """A secret calendar address (iCal) of the change windows its owner may
    see. Only a digest of the token is kept; revoked, it answers 404."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"change feed {self.uuid}"


class Side(models.TextChoices):
    PROVIDER = "provider", "The provider"
    CLIENT = "client", "The practice"


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    IN_PROGRESS = "in_progress", "Doing"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


ACTION_OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class ActionItem(PublicId, OrgOwned, TimeStamped):
    """One thing one side owes the other, owned by one person of that side,
    by a date: the shared action plan. Where it came from (a decision, a
    review, a concern) is a core.Link with the relation "source"."""

    number = models.PositiveIntegerField(unique=True)  # shown as A-1001
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    owner = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "number"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="collab_action_plan"),
            models.Index(fields=["owner", "status", "due_on"], name="collab_action_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"A-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in ACTION_OPEN


class DigestSent(models.Model):
    """A person's weekly action-plan digest, once per ISO week: the row is
    taken before the email is queued, so a job run twice sends once."""

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "iso_year", "iso_week"], name="one_digest_per_person_week"
            )
        ]

    def __str__(self) -> str:
        return f"digest {self.person_id} {self.iso_year}-W{self.iso_week:02d}"


class ConcernAbout(models.TextChoices):
    SERVICE = "service", "The service"
    PERSON = "person", "A person"
    CHANGE = "change", "A change"
    COST = "cost", "Cost"
    OTHER = "other", "Something else"


class ConcernStatus(models.TextChoices):
    RAISED = "raised", "Raised: awaiting acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged: a response is being prepared"
    ANSWERED = "answered", "Answered: awaiting the practice's confirmation"
    CLOSED = "closed", "Closed: confirmed by the practice"
    CLOSED_SILENT = "closed_silent", "Closed after no answer from the practice"


CONCERN_OPEN = frozenset({ConcernStatus.RAISED, ConcernStatus.ACKNOWLEDGED, ConcernStatus.ANSWERED})


class Concern(PublicId, OrgOwned, TimeStamped):
    """A practice person's concern about the relationship, and how strongly
    they feel. Seen by the practice's admins, the provider's managers and
    the raiser; restricted, by the raiser and the provider's managers only,
    and never by the person it is about."""

    number = models.PositiveIntegerField(unique=True)  # shown as CN-1001
    raised_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    about = models.CharField(max_length=10, choices=ConcernAbout.choices)
    about_person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    strength = models.PositiveSmallIntegerField()  # 1 (a little) .. 5 (very strongly)
    restricted = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.RAISED
    )
    ack_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        indexes = [
            models.Index(fields=["organization", "status"], name="collab_concern_open"),
            models.Index(
                fields=["ack_due_at"],
                condition=models.Q(status="raised", escalated_at=None),
                name="collab_concern_ack_due",
            ),
            models.Index(
                fields=["answered_at"],
                condition=models.Q(status="answered"),
                name="collab_concern_answered",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=5), name="concern_strength_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"CN-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in CONCERN_OPEN


class ConcernEntry(models.Model):
    """One step of a concern's history, in plain words: raised, acknowledged,
    the provider's response, the practice's answer, escalated, closed."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESPONSE = "response", "Response"
        CONFIRMED = "confirmed", "Confirmed as addressed"
        NOT_YET = "not_yet", "Not addressed yet"
        ESCALATED = "escalated", "Escalated to the service manager"
        CLOSED_SILENT = "closed_silent", "Closed after no answer"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    author = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind}"
