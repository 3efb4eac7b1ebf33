"""Idempotent creates: a client that retries a create with the same
`Idempotency-Key` gets the first result, never a second object."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from tandem.core.models import IdempotencyRecord
from tandem.core.tenancy import Actor

T = TypeVar("T")
MAX_KEY = 200


class KeyReused(Exception):
    """The key was used before for a different body: refuse (422), do not guess."""


def principal(actor: Actor) -> str:
    """Who sent it: keys are per caller, so two callers can pick the same key."""
    if actor.person_id is not None:
        return f"person:{actor.person_id}"
    return f"{actor.side.value}:{actor.organization_id}:{actor.label}"[:64]


def fingerprint(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def once(
    *,
    actor: Actor,
    operation: str,
    key: str | None,
    body: Any,
    create: Callable[[], T],
    result_id: Callable[[T], str],
    load: Callable[[str], T],
) -> tuple[T, bool]:
    """Run `create` once per (caller, operation, key); returns (result, created).

    The record is written in the same transaction as the object, so a crash
    leaves neither; two concurrent first tries race on the unique constraint
    and the loser returns the winner's result."""
    if not key:
        return create(), True
    who, digest = principal(actor), fingerprint(body)
    lookup = {"principal": who, "operation": operation, "key": key[:MAX_KEY]}
    existing = IdempotencyRecord.objects.filter(**lookup).first()
    if existing is None:
        try:
            with transaction.atomic():
                result = create()
                IdempotencyRecord.objects.create(
                    **lookup, fingerprint=digest, result=result_id(result)
                )
            return result, True
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(**lookup).first()
            if existing is None:
                raise
    if existing.fingerprint != digest:
        raise KeyReused
    return load(existing.result), False
