"""Keyset pagination: no COUNT(*), no OFFSET, stable under concurrent inserts.

Pages are ordered by a unique, indexed key (newest first by default) and the
cursor is the last key seen, so page 10,000 costs what page 1 costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass
class KeysetPage(Generic[M]):
    items: list[M]
    next_cursor: str | None


def parse_cursor(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value > 0 else None


def clamp_limit(raw: int | str | None) -> int:
    try:
        limit = int(raw) if raw not in (None, "") else DEFAULT_LIMIT  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    return max(1, min(limit, MAX_LIMIT))


def keyset_page(
    queryset: QuerySet[M],
    *,
    cursor: int | None,
    limit: int = DEFAULT_LIMIT,
    key: str = "id",
    descending: bool = True,
) -> KeysetPage[M]:
    """One page after `cursor` (exclusive), ordered by `key`."""
    if cursor is not None:
        lookup = f"{key}__lt" if descending else f"{key}__gt"
        queryset = queryset.filter(**{lookup: cursor})
    order = f"-{key}" if descending else key
    rows = list(queryset.order_by(order)[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = str(getattr(rows[-1], key)) if has_more and rows else None
    return KeysetPage(items=rows, next_cursor=next_cursor)
