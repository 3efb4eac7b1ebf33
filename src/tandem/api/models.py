"""API tokens. Only a keyed hash of each token is stored; the token itself is
shown once, when it is made."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.core.models import PublicId

SCOPES = {
    "accounts:read": "Read organizations, sites and people",
    "accounts:write": "Change sites and send invitations (as far as your role allows)",
    "audit:read": "Read the audit trail (as far as your role allows)",
}


class ApiToken(PublicId):
    """A personal token: it acts as its person, limited to its scopes."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"token {self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
