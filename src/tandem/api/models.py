"""API tokens and service accounts. Only a keyed hash of each token is stored;
the token itself is shown once, when it is made."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.accounts.choices import Role
from tandem.core.models import PublicId

SCOPES = {
    "accounts:read": "Read organizations, sites and people",
    "accounts:write": "Change sites and send invitations (as far as your role allows)",
    "audit:read": "Read the audit trail (as far as your role allows)",
    "collab:read": "Read decisions, change requests, the action plan and concerns (as far as "
    "your role allows)",
    "collab:write": "Draft, sign and supersede decisions; plan, approve and record changes; "
    "keep the action plan; raise and answer concerns (as far as your role allows)",
    "desk:read": "Read requests and their conversations (as far as your role allows)",
    "desk:write": "Raise requests, reply, and (provider staff) work them",
}


class ServiceAccount(PublicId):
    """An integration (monitoring, a script, a reporting tool) owned by an
    organization, not a person: its tokens outlive the staff who made them.
    It acts with `role` in its organization, never as anyone in particular."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="service_accounts"
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=32)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(deactivated_at__isnull=True),
                name="one_active_service_account_per_name",
            )
        ]

    def __str__(self) -> str:
        return f"service account {self.name}"

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


class ApiToken(PublicId):
    """A token acting as its person, or as its service account, limited to its
    scopes. Exactly one of `person` and `service_account` is set."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    service_account = models.ForeignKey(
        ServiceAccount,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tokens",
    )
    # Who made it: the person for personal tokens, an admin for service accounts'.
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, service_account__isnull=True)
                | Q(person__isnull=True, service_account__isnull=False),
                name="token_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"token {self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
