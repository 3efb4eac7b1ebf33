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
