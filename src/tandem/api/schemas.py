"""Shared API schema pieces: the error body, text fields, slugs, cursors, pages."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, StringConstraints, model_validator

from tandem.core.pagination import clamp_limit, keyset_page, parse_cursor

MAX_CURSOR = 2**63 - 1  # the largest BigAutoField key; larger ones overflow PostgreSQL's bigint


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL bytes are not allowed")
    return value


def Text(max_length: int, min_length: int = 0) -> type[str]:
    """A string that is stripped, bounded and free of NUL bytes."""
    return Annotated[  # type: ignore[return-value]
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length, min_length=min_length),
        AfterValidator(_no_nul),
    ]


def Slug(max_length: int = 60) -> type[str]:
    """An organization's slug: ASCII letters, digits, hyphens and underscores."""
    return Annotated[  # type: ignore[return-value]
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=1,
            max_length=max_length,
            pattern=r"^[-a-zA-Z0-9_]+$",
        ),
    ]


def _cursor_in_range(value: str) -> str:
    if value and int(value) > MAX_CURSOR:
        raise ValueError("Not a cursor from this API")
    return value


# A page cursor is the positive integer key of the previous page's last item;
# empty means the first page. Anything else is refused rather than silently
# restarting at page one.
Cursor = Annotated[
    str,
    StringConstraints(max_length=19, pattern=r"^([1-9][0-9]*)?$"),
    AfterValidator(_cursor_in_range),
]


class ObjectIn(Schema):
    """A request body (or a part of one) that must be a JSON object.

    ninja's Schema reads attributes from whatever it is given, so without this
    a JSON array, string, number or null would pass as an object with every
    field unset, and an all-optional PATCH would answer 200.
    """

    @model_validator(mode="before")
    @classmethod
    def _json_object(cls, data: Any) -> Any:
        # Schema's own wrap validator runs first and wraps the input in a DjangoGetter.
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise ValueError("Send a JSON object.")
        return data


class PageQuery(Schema):
    """`after` and `limit` of every list; lists with filters extend it."""

    after: Cursor | None = Field(None, description="cursor from the previous page's next_cursor")
    limit: int = Field(50, ge=1, le=200)


def page_of(qs: QuerySet[Any], query: PageQuery, *, descending: bool = True) -> dict[str, Any]:
    """One keyset page of `qs` as the body of a `Page[...]` response."""
    page = keyset_page(
        qs, cursor=parse_cursor(query.after), limit=clamp_limit(query.limit), descending=descending
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


MAX_RANKED_OFFSET = 10_000


def ranked_page(qs: QuerySet[Any], query: PageQuery) -> dict[str, Any]:
    """One page of search results, best first. Ranks are not keys, so the
    cursor is how many came before (at most MAX_RANKED_OFFSET: past that,
    narrow the search)."""
    offset = min(parse_cursor(query.after) or 0, MAX_RANKED_OFFSET)
    limit = clamp_limit(query.limit)
    rows = list(qs[offset : offset + limit + 1])
    more = len(rows) > limit and offset + limit < MAX_RANKED_OFFSET
    return {"items": rows[:limit], "next_cursor": str(offset + limit) if more else None}


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
