"""Requests, their messages and the priority matrix."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from tandem.core.models import OrgOwned
from tandem.desk.choices import (
    ACTIVE_STATUSES,
    Category,
    Channel,
    Impact,
    MessageKind,
    Priority,
    Status,
    Urgency,
)

PREFIX = "T"


class PriorityRule(models.Model):
    """One cell of the impact x urgency matrix (the provider admin edits it)."""

    impact = models.CharField(max_length=20, choices=Impact.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["impact", "urgency"], name="one_priority_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.impact} x {self.urgency} → P{self.priority}"


class TeamRoute(models.Model):
    """Which team takes new requests of a category (the provider admin's routing)."""

    category = models.CharField(max_length=20, choices=Category.choices, unique=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.category} → {self.team_id}"


class ServiceRequest(OrgOwned):
    """A request for help (a ticket), known outside the database as T-<number>."""

    number = models.PositiveBigIntegerField(unique=True)
    subject = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    impact = models.CharField(max_length=20, choices=Impact.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    site = models.ForeignKey(
        "accounts.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    affected = models.CharField(max_length=200, blank=True)
    callback_phone = models.CharField(max_length=40, blank=True)
    assignee = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The provider's team that has it (routed by category, or sent by staff).
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by_label = models.CharField(max_length=300)
    # A reply to a closed (or long resolved) request opens a new one, linked here.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by"
    )
    # A duplicate merged into another request: its conversation moved there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    status_changed_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    # The first time someone took the request (for "Dana picked this up 4 minutes after").
    picked_up_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change: an update that names an older version is refused.
    version = models.PositiveIntegerField(default=1)

    # The writer was shown what looked like PHI and kept it (core.phi); staff filter on it.
    contains_phi = models.BooleanField(default=False)
    # The earliest deadline of its running SLA clocks, and whether one is
    # paused: copied here by tandem.sla.clocks for the queues' countdown.
    sla_due = models.DateTimeField(null=True, blank=True)
    sla_paused = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # The staff queues: active work by priority, oldest first, read
            # straight off these partial indexes (no sort of the active set).
            models.Index(
                fields=["priority", "id"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="desk_queue_active",
            ),
            models.Index(
                fields=["assignee", "priority", "id"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="desk_mine_active",
            ),
            models.Index(fields=["assignee", "status", "priority", "id"], name="desk_mine"),
            models.Index(
                fields=["team", "priority", "id"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="desk_team_active",
            ),
            models.Index(fields=["organization", "status", "priority", "id"], name="desk_client"),
            models.Index(fields=["requester", "-id"], name="desk_requester"),
            # "Breaching soon": active work by its next SLA deadline.
            models.Index(
                fields=["sla_due", "id"],
                condition=Q(status__in=ACTIVE_STATUSES, sla_due__isnull=False),
                name="desk_sla_due",
            ),
            # The auto-close sweep touches only resolved requests.
            models.Index(
                fields=["resolved_at"],
                condition=Q(status="resolved"),
                name="desk_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"{PREFIX}-{self.number}"

    @property
    def patient_care(self) -> bool:
        return self.impact == Impact.PATIENT_CARE

    @property
    def is_active(self) -> bool:
        return self.status not in {Status.RESOLVED, Status.CLOSED}


class RequestMessage(OrgOwned):
    """A public reply, an internal note (staff only), or an update both sides see."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    author = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_label = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField()
    time_spent_minutes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)

    contains_phi = models.BooleanField(default=False)  # as on ServiceRequest

    class Meta:
        indexes = [models.Index(fields=["request", "id"], name="desk_conversation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.request_id}"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.INTERNAL


class MessageRevision(models.Model):
    """The text of a message before an edit: edits keep their history."""

    message = models.ForeignKey(RequestMessage, on_delete=models.PROTECT, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["message_id", "id"]

    def __str__(self) -> str:
        return f"revision of {self.message_id}"


def _stored_name(instance: Attachment, filename: str) -> str:
    # A random name in a per-month folder: never the name that was sent.
    return f"attachments/{instance.created_at:%Y/%m}/{instance.uuid.hex}"


class Attachment(OrgOwned):
    """A file on a message. Served only through a view that checks access;
    on an internal note it is internal too."""

    uuid = models.UUIDField(unique=True, editable=False)
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="attachments"
    )
    message = models.ForeignKey(
        RequestMessage, on_delete=models.PROTECT, related_name="attachments"
    )
    internal = models.BooleanField(default=False)
    file = models.FileField(upload_to=_stored_name, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    # A provider admin deleted the file for good (desk.redaction): the row is
    # the record that there was one, without its name, type or digest.
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["message", "id"], name="desk_attachments")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type in {"image/png", "image/jpeg", "image/gif", "image/webp"}


class Watcher(models.Model):
    """Someone who follows a request: provider staff who see its practice, or
    people of its own practice who see it."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="watchers")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="one_watch_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} watches {self.request_id}"


class Survey(OrgOwned):
    """ "How did we do?": asked of the requester once per request, when it is
    first resolved; answered once, in the portal or through the emailed link
    (whose token is stored only as a hash)."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="survey")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    # Who had the request when it was resolved: results per technician.
    technician = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_via = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_to_5",
            )
        ]
        indexes = [models.Index(fields=["organization", "created_at"], name="desk_survey_period")]

    def __str__(self) -> str:
        return f"survey of {self.request_id}"


class Macro(models.Model):
    """A canned reply with placeholders ({requester_name}, {reference}, …),
    filled by plain substitution (never a template engine), that can also set
    the status and the priority. Shared by the provider's staff, or personal."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100)
    body = models.TextField()
    # Null: shared with every staff member; else only its owner sees and uses it.
    owner = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    set_priority = models.PositiveSmallIntegerField(choices=Priority.choices, null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["owner", "name"], name="desk_macro_owner")]

    def __str__(self) -> str:
        return self.name


class SavedView(models.Model):
    """A staff member's named queue filter and sort, optionally shared with a
    team (its members see it and can open it; only its owner changes it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80)
    owner = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the team going away makes the view personal again
        related_name="saved_views",
    )
    # The queue's own parameters (queue, client, team, category, priority,
    # sort), checked by saved_views.clean_filters on every save.
    filters = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="one_view_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


class SearchDocument(OrgOwned):
    """What full-text search reads for one request and one audience: its
    subject and messages as one text, kept current by the services that
    change them (desk.search). The practice's document holds no internal note;
    the staff's holds every reply and note. The index over it is made per
    database vendor in the migration (an FTS5 table over this one on SQLite, a
    generated tsvector column with a GIN index on PostgreSQL)."""

    PUBLIC = 1
    STAFF = 2
    AUDIENCES = ((PUBLIC, "practice and staff"), (STAFF, "staff only"))

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="search_documents"
    )
    audience = models.PositiveSmallIntegerField(choices=AUDIENCES)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "audience"], name="one_document_per_audience"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} document of {self.request_id}"
