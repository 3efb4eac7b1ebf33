"""Full-text search over requests: one document per request and audience
(SearchDocument), indexed by the database itself (SQLite FTS5 over the
documents table; PostgreSQL a generated tsvector column with a GIN index,
both made in migration 0014), and always read through a request queryset that
already holds the tenancy rule and the filters, so search can narrow a list
and never widen it.

A reference (T-1042) is looked up exactly by the callers, never here: FTS5
and PostgreSQL split it into different tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connections
from django.db.models import QuerySet

from tandem.core.tenancy import Actor
from tandem.desk import permissions
from tandem.desk.choices import MessageKind
from tandem.desk.models import RequestMessage, SearchDocument, ServiceRequest

# A document is capped: a tsvector holds at most 1 MB, and a search that
# rebuilds a request's document on every message must stay cheap. Each
# message gives its first MESSAGE_CHARS, the whole its first DOCUMENT_CHARS.
MESSAGE_CHARS = 20_000
DOCUMENT_CHARS = 400_000
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)

SEARCHED_KINDS = (MessageKind.PUBLIC, MessageKind.INTERNAL)


def terms(text: str) -> list[str]:
    """The words of what someone typed, lowercased, at most MAX_TERMS: every
    one must match. Punctuation is dropped, so no input is a syntax error."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        if word != "_" and len(seen) < MAX_TERMS:
            seen.setdefault(word[:60], None)
    return list(seen)


def _texts(subject: str, messages: Iterable[tuple[str, str]]) -> dict[int, str]:
    parts: dict[int, list[str]] = {
        SearchDocument.PUBLIC: [subject],
        SearchDocument.STAFF: [subject],
    }
    sizes = dict.fromkeys(parts, len(subject))
    for kind, body in messages:
        text = body[:MESSAGE_CHARS]
        audiences = [SearchDocument.STAFF]
        if kind == MessageKind.PUBLIC:
            audiences.append(SearchDocument.PUBLIC)
        for audience in audiences:
            if sizes[audience] < DOCUMENT_CHARS:
                parts[audience].append(text)
                sizes[audience] += len(text) + 1
    return {audience: "\n".join(p)[:DOCUMENT_CHARS] for audience, p in parts.items()}


def refresh(request: ServiceRequest) -> None:
    """Rebuild the request's two documents from its subject (as the caller
    holds it, current: the services pass the request they changed) and its
    stored messages, inside the transaction of the change."""
    messages = (
        RequestMessage.objects.filter(request_id=request.pk, kind__in=SEARCHED_KINDS)
        .order_by("id")
        .values_list("kind", "body")
    )
    wanted = _texts(request.subject, messages.iterator())
    stored = dict(
        SearchDocument.objects.filter(request_id=request.pk).values_list("audience", "body")
    )
    for audience, body in wanted.items():
        if audience not in stored:
            SearchDocument.objects.create(
                request_id=request.pk,
                organization_id=request.organization_id,
                audience=audience,
                body=body,
            )
        elif stored[audience] != body:
            SearchDocument.objects.filter(request_id=request.pk, audience=audience).update(
                body=body, organization_id=request.organization_id
            )


def rebuild(requests: QuerySet[ServiceRequest], *, batch: int = 2000) -> int:
    """(Re)make the documents of many requests in bulk: a bulk load, or an
    index to rebuild. Returns how many requests it covered."""
    done = 0
    ids = list(requests.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        heads = {
            pk: (subject, org)
            for pk, subject, org in ServiceRequest.objects.filter(pk__in=chunk).values_list(
                "pk", "subject", "organization_id"
            )
        }
        bodies: dict[int, list[tuple[str, str]]] = {pk: [] for pk in chunk}
        rows = (
            RequestMessage.objects.filter(request_id__in=chunk, kind__in=SEARCHED_KINDS)
            .order_by("id")
            .values_list("request_id", "kind", "body")
        )
        for request_id, kind, body in rows.iterator(chunk_size=5000):
            bodies[request_id].append((kind, body))
        SearchDocument.objects.filter(request_id__in=chunk).delete()
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    request_id=pk, organization_id=heads[pk][1], audience=audience, body=body
                )
                for pk in chunk
                for audience, body in _texts(heads[pk][0], bodies[pk]).items()
            ],
            batch_size=1000,
        )
        done += len(chunk)
    return done


def audience_of(actor: Actor) -> int:
    return SearchDocument.STAFF if permissions.works_the_desk(actor) else SearchDocument.PUBLIC


# The join to each vendor's index. Only constants are spliced into the SQL;
# what was typed travels as parameters.
_DOC = SearchDocument._meta.db_table
_JOIN = [f'"{_DOC}"."request_id" = "desk_servicerequest"."id"', f'"{_DOC}"."audience" = %s']
_VENDOR_SQL = {
    # (extra tables, conditions, rank: lower is better)
    "postgresql": (
        [_DOC],
        [*_JOIN, f'"{_DOC}"."tsv" @@ plainto_tsquery(\'english\', %s)'],
        f'-ts_rank_cd("{_DOC}"."tsv", plainto_tsquery(\'english\', %s))',
    ),
    "sqlite": (
        [_DOC, "desk_search_fts"],
        [*_JOIN, f'"{_DOC}"."id" = "desk_search_fts"."rowid"', "desk_search_fts MATCH %s"],
        "bm25(desk_search_fts)",
    ),
}


def matching(qs: QuerySet[ServiceRequest], actor: Actor, text: str) -> QuerySet[ServiceRequest]:
    """`qs` narrowed to the requests whose document for the actor's audience
    holds every word of `text`, annotated with `search_rank` (lower is a
    better match, on both databases) and ordered by it, best first.

    The join goes through the document's index: FTS5's MATCH on SQLite, the
    GIN index on PostgreSQL. `qs` keeps its own conditions (tenancy, queue
    filters), applied to the matches."""
    words = terms(text)
    if not words:
        return qs.none()
    vendor = connections[qs.db].vendor
    tables, where, rank = _VENDOR_SQL[vendor]
    if vendor == "postgresql":
        query = " ".join(words)
        select_params = [query]
    else:
        query = " ".join(f'"{w}"' for w in words)  # each a string, never FTS5 syntax
        select_params = []
    return qs.extra(  # noqa: S610 (constant SQL above; the words are parameters)
        tables=tables,
        where=where,
        params=[audience_of(actor), query],
        select={"search_rank": rank},
        select_params=select_params,
    ).order_by("search_rank", "-id")
