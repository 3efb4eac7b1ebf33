"""Writing articles (provider staff), removing them (provider leads), and
counting the times one solved a practice's problem."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from tandem.accounts.choices import OrgKind, Role
from tandem.accounts.models import Organization, Person
from tandem.accounts.permissions import PROVIDER_LEADS
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.desk import permissions
from tandem.desk.choices import Category
from tandem.kb import search
from tandem.kb.models import Article, Deflection, Visibility

MAX_BODY = 50_000


def can_write(actor: Actor) -> bool:
    return permissions.works_the_desk(actor)


def can_remove(actor: Actor) -> bool:
    return actor.is_system or (actor.is_provider and actor.role in PROVIDER_LEADS)


def _provider_id(actor: Actor) -> int:
    if actor.is_provider and actor.organization_id is not None:
        return actor.organization_id
    provider = Organization.objects.filter(kind=OrgKind.PROVIDER).values_list("pk", flat=True)
    return provider.get()


def _clean(title: str, body: str, category: str, visibility: str) -> tuple[str, str]:
    title = " ".join(strip_nul(title or "").split())
    body = strip_nul(body or "").strip()
    errors: dict[str, str] = {}
    if not title or len(title) > 200:
        errors["title"] = "Give the article a title of at most 200 characters."
    if not body or len(body) > MAX_BODY:
        errors["body"] = f"Write the article (at most {MAX_BODY} characters)."
    if category and category not in Category.values:
        errors["category"] = "Choose one of the categories, or none."
    if visibility not in Visibility.values:
        errors["visibility"] = "Choose who reads it."
    if errors:
        raise ValidationError(errors)
    return title, body


def _snapshot(article: Article) -> dict[str, Any]:
    if article.pk is None:
        return dict.fromkeys(("title", "body", "category", "visibility", "practices"))
    return {
        "title": article.title,
        "body": f"{len(article.body)} characters",
        "category": article.category,
        "visibility": article.visibility,
        "practices": "all"
        if article.for_all_practices
        else sorted(article.practices.values_list("slug", flat=True)),
    }


@transaction.atomic
def save_article(
    *,
    actor: Actor,
    article: Article | None,
    title: str,
    body: str,
    category: str = "",
    visibility: str = Visibility.PUBLIC,
    practices: Sequence[Organization] | None = None,
) -> Article:
    """Create or change an article. `practices` None: every practice; else only
    those (each one the writer sees, and at least one)."""
    if not can_write(actor):
        raise PermissionDenied
    title, body = _clean(title, body, category, visibility)
    if practices is not None:
        if not practices:
            raise ValidationError({"practices": "Choose at least one practice, or all of them."})
        if any(p.is_provider or not (actor.is_system or actor.can_see(p.pk)) for p in practices):
            raise ValidationError({"practices": "Choose practices you work for."})
    creating = article is None
    article = article or Article(organization_id=_provider_id(actor), created_by_id=actor.person_id)
    before = _snapshot(article)
    article.title, article.body = title, body
    article.category, article.visibility = category, visibility
    article.for_all_practices = practices is None
    article.title_terms = search.joined(search.terms(title))
    article.body_terms = search.joined(search.terms(body))
    article.updated_by_id = actor.person_id
    article.save()
    article.practices.set(practices or [])
    after = _snapshot(article)
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        audit.record(
            actor=actor,
            verb="article.create" if creating else "article.update",
            organization_id=article.organization_id,
            target=article,
            target_label=article.title,
            changes=changes,
        )
    return article


@transaction.atomic
def delete_article(*, actor: Actor, article: Article) -> None:
    if not can_remove(actor):
        raise PermissionDenied
    audit.record(
        actor=actor,
        verb="article.delete",
        organization_id=article.organization_id,
        target=article,
        target_label=article.title,
        changes={"title": [article.title, None], "solved": [article.solved_count, None]},
    )
    article.delete()


def solved(*, actor: Actor, person: Person, article: Article, intake: Any) -> bool:
    """A practice person says the article solved it while writing a request:
    counted once per intake form. True if counted now, False if it already was."""
    if (
        not actor.is_client
        or actor.role == Role.AUDITOR  # auditors read; they do not raise requests
        or person.organization_id != actor.organization_id
    ):
        raise PermissionDenied
    try:
        intake = uuid_lib.UUID(str(intake))
    except ValueError:
        raise ValidationError({"intake": "Open the Get help form again."}) from None
    try:
        with transaction.atomic():
            Deflection.objects.create(
                article=article,
                organization_id=person.organization_id,
                person=person,
                intake=intake,
            )
            Article.objects.filter(pk=article.pk).update(solved_count=F("solved_count") + 1)
            audit.record(
                actor=actor,
                verb="article.solved",
                organization_id=person.organization_id,
                target=article,
                target_label=article.title,
            )
    except IntegrityError:
        return False  # this form already counted
    return True
