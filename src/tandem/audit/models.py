"""The append-only audit trail: one HMAC-keyed hash chain per organization."""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """One thing that happened. Never updated, never deleted.

    `position` numbers the events of one organization's chain without gaps;
    `hash` is HMAC(key, canonical content + previous hash), with the key kept
    outside the database, so an edit, a removal, a swap or a keyless recompute
    all break verification.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    verb = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["organization_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "position"], name="one_event_per_position"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-id"]),
            models.Index(fields=["organization", "target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.verb} {self.target_label}"


class ChainHead(models.Model):
    """The last position and hash of one organization's chain.

    Its row is locked while an event is appended (select_for_update), which
    serializes appends to one chain until commit; it also lets `verify` notice a
    truncated tail, which a walk over the events alone could not.
    """

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    position = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["organization_id"]

    def __str__(self) -> str:
        return f"chain of {self.organization_id} at {self.position}"
