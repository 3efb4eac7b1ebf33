"""API: knowledge base articles, search, suggestions, and "this solved it"."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.accounts.models import Organization, Person
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.core import markdown
from tandem.desk.choices import Category
from tandem.kb import queries, services
from tandem.kb.models import Article, Visibility

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["knowledge base"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class ArticleOut(Schema):
    id: UUID = Field(alias="uuid")
    title: str
    body: str = Field(description="Markdown, as written")
    html: str = Field(description="the body rendered and sanitized")
    category: str = Field(description="empty: any")
    visibility: Visibility
    for_all_practices: bool | None = Field(description="provider staff only (null otherwise)")
    practices: list[str] | None = Field(
        description="provider staff only: the practices' slugs when not for all"
    )
    solved_count: int | None = Field(description="provider staff only")
    updated_at: datetime

    @staticmethod
    def resolve_html(article: Article) -> str:
        return markdown.render(article.body)

    @staticmethod
    def _staff(context: dict[str, Any]) -> bool:
        return services.can_write(context["request"].actor)

    @staticmethod
    def resolve_for_all_practices(article: Article, context: dict[str, Any]) -> bool | None:
        return article.for_all_practices if ArticleOut._staff(context) else None

    @staticmethod
    def resolve_practices(article: Article, context: dict[str, Any]) -> list[str] | None:
        if not ArticleOut._staff(context):
            return None
        return sorted(p.slug for p in article.practices.all())

    @staticmethod
    def resolve_solved_count(article: Article, context: dict[str, Any]) -> int | None:
        return article.solved_count if ArticleOut._staff(context) else None


class ArticleIn(ObjectIn):
    title: Text(200, 1)  # type: ignore[valid-type]
    body: Text(services.MAX_BODY, 1)  # type: ignore[valid-type]
    category: Category | None = None
    visibility: Visibility = Visibility.PUBLIC
    practices: list[Slug()] | None = Field(  # type: ignore[valid-type]
        None, max_length=500, description="practices' slugs; omitted or null: every practice"
    )


class ArticlePatch(ObjectIn):
    title: Text(200, 1) = None  # type: ignore[valid-type]
    body: Text(services.MAX_BODY, 1) = None  # type: ignore[valid-type]
    category: Category | None = None
    visibility: Visibility | None = None
    practices: list[Slug()] | None = Field(  # type: ignore[valid-type]
        None, max_length=500, description="null: every practice"
    )


class ArticleQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="words to search for (ranked)")


class SuggestQuery(Schema):
    text: str = Field("", max_length=4000, description="what the person typed so far")


class SolvedIn(ObjectIn):
    intake: UUID = Field(description="one id per request form: a repeat counts once")


class SolvedOut(Schema):
    counted: bool = Field(description="false when this intake had already counted")


def _article(actor: Any, uuid: UUID) -> Article:
    try:
        return queries.article_for(actor, uuid)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def _practices(actor: Any, slugs: list[str] | None) -> list[Organization] | None:
    if slugs is None:
        return None
    found = list(accounts.visible_clients(actor).filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise DjangoValidationError({"practices": "Choose practices you work for."})
    return found


def _writer(request: HttpRequest) -> Any:
    actor = _actor(request)
    if not services.can_write(actor):
        raise PermissionDenied("Articles are written by the provider's staff.")
    return actor


@router.get("/kb/articles", auth=READ, response={200: Page[ArticleOut], **ERRORS})
def article_list(request: HttpRequest, query: Query[ArticleQuery]) -> dict[str, object]:
    """The articles you may read; with `q`, the best matches first (one page)."""
    actor = _actor(request)
    if query.q and query.q.strip():
        return {"items": queries.find(actor, query.q, limit=min(query.limit or 50, 100))}
    return page_of(queries.articles_for(actor).prefetch_related("practices"), query)


@router.post("/kb/articles", auth=WRITE, response={201: ArticleOut, **ERRORS})
def article_create(request: HttpRequest, payload: ArticleIn) -> Status[Article]:
    actor = _writer(request)
    made = services.save_article(
        actor=actor,
        article=None,
        title=payload.title,
        body=payload.body,
        category=payload.category or "",
        visibility=payload.visibility,
        practices=_practices(actor, payload.practices),
    )
    return Status(201, made)


@router.get("/kb/articles/{uuid}", auth=READ, response={200: ArticleOut, **ERRORS})
def article_detail(request: HttpRequest, uuid: UUID) -> Article:
    return _article(_actor(request), uuid)


@router.patch("/kb/articles/{uuid}", auth=WRITE, response={200: ArticleOut, **ERRORS})
def article_update(request: HttpRequest, uuid: UUID, payload: ArticlePatch) -> Article:
    actor = _actor(request)
    article = _article(actor, uuid)
    actor = _writer(request)
    sent = payload.dict(exclude_unset=True)
    if "practices" in sent:
        practices = _practices(actor, payload.practices)
    elif article.for_all_practices:
        practices = None
    else:
        practices = list(article.practices.all())
    return services.save_article(
        actor=actor,
        article=article,
        title=sent.get("title") or article.title,
        body=sent.get("body") or article.body,
        category=(sent["category"] or "") if "category" in sent else article.category,
        visibility=sent.get("visibility") or article.visibility,
        practices=practices,
    )


@router.delete("/kb/articles/{uuid}", auth=WRITE, response={204: None, **ERRORS})
def article_delete(request: HttpRequest, uuid: UUID) -> Status[None]:
    actor = _actor(request)
    services.delete_article(actor=actor, article=_article(actor, uuid))
    return Status(204, None)


@router.get("/kb/suggestions", auth=READ, response={200: list[ArticleOut], **ERRORS})
def suggestion_list(request: HttpRequest, query: Query[SuggestQuery]) -> list[Article]:
    """Up to three public articles close to what someone is writing, or none."""
    return queries.suggestions(_actor(request), query.text)


@router.post(
    "/kb/articles/{uuid}/solved",
    auth=WRITE,
    response={201: SolvedOut, 200: SolvedOut, **ERRORS},
    summary="A practice person: this article solved it, no request needed",
)
def article_solved(request: HttpRequest, uuid: UUID, payload: SolvedIn) -> Status[dict[str, bool]]:
    actor = _actor(request)
    article = _article(actor, uuid)
    person = Person.objects.filter(pk=actor.person_id or 0).first()
    if person is None or not actor.is_client:
        raise PermissionDenied("Only a practice's people say an article solved their problem.")
    counted = services.solved(actor=actor, person=person, article=article, intake=payload.intake)
    return Status(201 if counted else 200, {"counted": counted})
