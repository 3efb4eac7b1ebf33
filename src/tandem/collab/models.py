"""Collaboration between a practice and its provider: decision records.

A decision is written by either side, proposed, then signed by both (a
practice signer and a provider lead). Once agreed or rejected it is fixed: it
changes only by a superseding decision. Services refuse any other change and
database triggers (migration 0002) refuse it from any other path.
"""

from __future__ import annotations

from django.db import models

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
