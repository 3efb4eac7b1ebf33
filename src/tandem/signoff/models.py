"""Signatures: who signed what, in which capacity, when, after proving it was
them, with a digest of the exact content signed. Rows are never changed or
deleted (a database trigger refuses it, see migration 0002)."""

from __future__ import annotations

from django.db import models

from tandem.accounts.choices import Role
from tandem.core.models import OrgOwned, PublicId


class Capacity(models.TextChoices):
    PRACTICE = "practice", "For the practice"
    PROVIDER = "provider", "For the provider"


class Meaning(models.TextChoices):
    AGREE = "agree", "Agreed"
    REJECT = "reject", "Rejected"
    APPROVE = "approve", "Approved"
    ASK_CHANGES = "ask_changes", "Asked for changes"


class Signature(PublicId, OrgOwned):
    """One sign-off. `organization` is the practice the signed record belongs
    to; the subject is named like a `core.Link` end (app label and model, and
    the record's UUID), so this app imports no other app's models."""

    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    subject_label = models.CharField(max_length=300)
    capacity = models.CharField(max_length=16, choices=Capacity.choices)
    meaning = models.CharField(max_length=16, choices=Meaning.choices)
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    # As they were when signing: a later change of name or role changes nothing here.
    signer_name = models.CharField(max_length=200)
    signer_email = models.EmailField(max_length=254)
    signer_role = models.CharField(max_length=32, choices=Role.choices)
    signer_designation = models.CharField(max_length=40, blank=True)
    content_sha256 = models.CharField(max_length=64)
    # How the signer proved it was them: "password" or "password+totp".
    method = models.CharField(max_length=20)
    comment = models.CharField(max_length=1000, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="signoff_subject")]
        constraints = [
            # One signature per side per version of the content: a double
            # click or a retried call signs once.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "capacity", "content_sha256"],
                name="one_signature_per_side_and_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer_name}: {self.get_meaning_display()} {self.subject_label}"
