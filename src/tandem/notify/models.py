"""The durable outbox: every email, page and webhook post is a row first,
written in the transaction of the change that caused it."""

from __future__ import annotations

from django.db import models

from tandem.core.models import PublicId


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed for good"


class OutboxMessage(PublicId):
    """Something to deliver at least once.

    A worker claims a row by setting `lease_until` with a conditional UPDATE; a
    worker killed mid-delivery leaves the lease to expire, and the next worker
    delivers the row. `idempotency_key` keeps a retried service from enqueuing
    the same message twice.
    """

    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=16, default="email")
    # Unique through Meta.constraints: a plain unique index (unique=True would
    # add a second, pattern-ops index on PostgreSQL that no query uses).
    idempotency_key = models.CharField(max_length=200)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The conversation an email belongs to (a request's reference, "T-1042"):
    # mail threads it, and the request's page lists its emails.
    thread = models.CharField(max_length=40, blank=True, default="")
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The worker asks only for what is due: pending rows by next attempt.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_due",
            ),
            models.Index(
                fields=["thread", "recipient", "id"],
                condition=~models.Q(thread=""),
                name="outbox_thread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="outbox_one_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: {self.subject}"


class NoticeKind(models.TextChoices):
    """What a notice is about. Essential notices always go out; the others
    each person may turn off for email (the in-app list keeps them all)."""

    REQUEST_OPENED = "request_opened", "A request was raised"
    REPLY = "reply", "A reply on a request"
    NOTE = "note", "An internal note on a request (provider staff)"
    STATUS = "status", "A request changed status"
    ASSIGNED = "assigned", "A request was assigned"
    MENTION = "mention", "Someone mentioned you"
    SLA_WARNING = "sla_warning", "A request is close to its service-level deadline"
    SLA_BREACH = "sla_breach", "A request missed its service-level deadline"
    PAGE = "page", "You are paged (on call)"
    SIGNATURE = "signature", "A decision awaits your signature"
    DECISION = "decision", "A decision was agreed or rejected"
    ACTION = "action", "An action item was given to you"
    DIGEST = "digest", "Your weekly action-plan digest"
    CONCERN = "concern", "A concern was raised, answered or escalated"


# Optional by email: everything but what a person must not miss.
OPTIONAL_KINDS = frozenset(
    {NoticeKind.STATUS, NoticeKind.NOTE, NoticeKind.REQUEST_OPENED, NoticeKind.DIGEST}
)


class Notification(models.Model):
    """One notice for one person, shown in the app (and maybe emailed)."""

    # notify_inbox leads with the person: no index of its own (one less to
    # write for each of the many notices a sweep inserts at once).
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="notifications", db_index=False
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    key = models.CharField(max_length=200)  # unique: Meta.constraints
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "read_at", "-id"], name="notify_inbox")]
        constraints = [models.UniqueConstraint(fields=["key"], name="notice_one_per_key")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """The optional notices a person does not want by email."""

    person = models.OneToOneField(
        "accounts.Person", on_delete=models.CASCADE, related_name="notice_preference"
    )
    email_off = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"preferences of {self.person_id}"
