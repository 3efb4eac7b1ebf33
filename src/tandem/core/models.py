"""Abstract model mixins shared by every app."""

from __future__ import annotations

import uuid

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicId(models.Model):
    """A UUID for URLs and the API: integer keys never leave the database."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class OrgOwned(models.Model):
    """A row a tenant owns. `organization` is on every such row (even where it
    could be derived) so the tenancy filter is one indexed column on one table."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Counter(models.Model):
    """A named counter for public references (T-1042): numbers that mean
    nothing about the database and never repeat. Incremented under a row lock."""

    name = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class IdempotencyRecord(models.Model):
    """The first result of a create sent with an `Idempotency-Key`: a retry
    with the same key, by the same caller, for the same operation returns it
    instead of creating again."""

    principal = models.CharField(max_length=64)
    operation = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    result = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["principal", "operation", "key"], name="one_result_per_idempotency_key"
            )
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"


class Link(models.Model):
    """A relation between two records, possibly of different apps (a request
    related to another, later a decision about a risk), so no two apps import
    each other's models. A link has no tenancy of its own: it is only ever read
    from one of its ends, and the other end is shown only if the reader may
    read it (so a link across practices is seen by the provider's staff only).

    A symmetric relation ("related") is stored once, with the ends ordered."""

    source_type = models.CharField(max_length=64)
    source_id = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    relation = models.CharField(max_length=32, default="related")
    created_by_label = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id", "relation"],
                name="one_link_per_relation",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_link_target")]

    def __str__(self) -> str:
        source = f"{self.source_type}:{self.source_id}"
        return f"{source} {self.relation} {self.target_type}:{self.target_id}"
