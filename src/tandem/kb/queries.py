"""Who reads which article, and search and suggestions over what they read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tandem.core.tenancy import Actor
from tandem.kb import search
from tandem.kb.models import Article, Visibility

SUGGESTIONS = 3
MAX_CANDIDATES = 5_000  # far above a real knowledge base; bench/kb.py measures 2,000


def articles_for(actor: Actor) -> QuerySet[Article]:
    """Provider staff: every article, except those written only for practices
    they do not see. A practice's people: public articles for every practice
    or chosen for theirs. Nobody else: none."""
    qs = Article.objects.all()
    if actor.is_system or (actor.is_provider and actor.all_orgs):
        return qs
    if actor.is_provider:
        reach = Q(for_all_practices=True) | Q(practices__in=actor.org_ids)
    elif actor.is_client and actor.organization_id is not None:
        qs = qs.filter(visibility=Visibility.PUBLIC)
        reach = Q(for_all_practices=True) | Q(practices=actor.organization_id)
    else:
        return qs.none()
    # One row per article even when several of its practices match.
    return qs.filter(pk__in=Article.objects.filter(reach).values("pk"))


def article_for(actor: Actor, uuid: Any) -> Article:
    """Article.DoesNotExist when the actor may not read it (or it does not exist)."""
    return articles_for(actor).get(uuid=uuid)


def _candidates(qs: QuerySet[Article]) -> list[search.Candidate]:
    rows = qs.order_by().values_list("pk", "title_terms", "body_terms")[:MAX_CANDIDATES]
    return [search.Candidate(pk, title, body) for pk, title, body in rows]


def _in_order(qs: QuerySet[Article], pks: list[int]) -> list[Article]:
    found = {a.pk: a for a in qs.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


def find(actor: Actor, text: str, *, limit: int = 50) -> list[Article]:
    """Articles the actor reads that share a word with `text`, best first."""
    qs = articles_for(actor)
    hits = search.rank(text, _candidates(qs), limit=limit)
    return _in_order(qs, [h.pk for h in hits])


def suggestions(actor: Actor, text: str, *, limit: int = SUGGESTIONS) -> list[Article]:
    """What to offer someone writing a request: the closest public articles,
    only when they are close enough to be worth the interruption."""
    qs = articles_for(actor).filter(visibility=Visibility.PUBLIC)
    hits = search.rank(text, _candidates(qs), limit=limit)
    return _in_order(qs, [h.pk for h in hits if search.suggestible(h, text)])
