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
