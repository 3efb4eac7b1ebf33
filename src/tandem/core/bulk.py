"""Inserting a background job's batch of rows without building a model
instance for each: on PostgreSQL through COPY, elsewhere through
bulk_create. For the SLA sweep, where a thousand due clocks become a few
thousand rows (breaches, audit events, notices, emails) in one transaction
and building instances cost more than the database did
(docs/performance.md, "SLA sweep").

Rows are given by field name (foreign keys by their `_id` attribute) and the
fields left out take their defaults, as `Model(**row)` would; `auto_now` and
`auto_now_add` fields take the time of the call. No signals are sent, as with
bulk_create. Values are what the model would hold (dicts and lists for JSON
fields); constraints and triggers apply as for any insert.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _uuids(count: int) -> list[uuid.UUID]:
    # One read of the system's random source for the batch: uuid4() reads it
    # once per call, which costs a system call each (measurable on a VM).
    raw = os.urandom(16 * count)
    return [uuid.UUID(bytes=raw[i * 16 : (i + 1) * 16], version=4) for i in range(count)]


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _complete(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """Each row as a list of values in column order, defaults filled in."""
    fields = _columns(model)
    now = timezone.now()
    fresh_uuids: dict[str, list[uuid.UUID]] = {}
    out: list[list[Any]] = [[] for _ in rows]
    for field in fields:
        name = field.attname
        missing = [i for i, row in enumerate(rows) if name not in row and field.name not in row]
        if field.default is uuid.uuid4 and missing:
            fresh_uuids[name] = _uuids(len(missing))
        filler = iter(fresh_uuids.get(name, ()))
        for i, row in enumerate(rows):
            if name in row:
                value = row[name]
            elif field.name in row:
                value = row[field.name]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif name in fresh_uuids:
                value = next(filler)
            else:
                value = field.get_default()
            out[i].append(value)
    return out


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert the rows in one statement (PostgreSQL: one COPY); returns how many."""
    if not rows:
        return 0
    values = _complete(model, rows)
    fields = _columns(model)
    if connection.vendor != "postgresql":
        names = [f.attname for f in fields]
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in values]
        )
        return len(values)
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # The Django cursor wraps psycopg's, which alone speaks COPY.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in values:
            for i in json_at:
                row[i] = json.dumps(row[i])
            copy.write_row(row)
    return len(values)
