"""Knowledge base: the provider's articles and the times one solved a
practice's problem before it became a request."""

from __future__ import annotations

from django.db import models

from tandem.core.models import PublicId, TimeStamped
from tandem.desk.choices import Category


class Visibility(models.TextChoices):
    PUBLIC = "public", "Practices and staff"
    INTERNAL = "internal", "Provider staff only"


class Article(PublicId, TimeStamped):
    """An answer in Markdown (rendered sanitized, never through the template
    engine), written by the provider's staff. Public articles are read by every
    practice, or by the practices chosen; internal ones by the staff only."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )  # the provider that wrote it
    title = models.CharField(max_length=200)
    body = models.TextField()
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    for_all_practices = models.BooleanField(default=True)
    practices = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="kb_articles"
    )  # read only when for_all_practices is off
    # Stems of the title and of the body (kb.search.terms), kept by the
    # services on every save: what search and suggestions rank.
    title_terms = models.TextField(blank=True, editable=False)
    body_terms = models.TextField(blank=True, editable=False)
    solved_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["visibility", "for_all_practices"], name="kb_reach")]

    def __str__(self) -> str:
        return self.title


class Deflection(models.Model):
    """A practice person said an article solved their problem while writing a
    request, and sent nothing. Once per intake form (a double click, or a
    retried call, counts once)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )  # the practice
    person = models.ForeignKey(
        "accounts.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    intake = models.UUIDField()  # the Get help form it came from
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "intake"], name="one_deflection_per_intake")
        ]
        indexes = [models.Index(fields=["organization", "created_at"], name="kb_deflection_org")]

    def __str__(self) -> str:
        return f"{self.article_id} solved for {self.organization_id}"
