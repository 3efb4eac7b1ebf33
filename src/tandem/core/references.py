"""Public references: `T-1042` for requests, numbered by a locked counter."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F

from tandem.core.models import Counter

# The first request of an instance is T-1001: short, and clearly not a row id.
START = 1000


@transaction.atomic
def next_number(name: str) -> int:
    """The next number of counter `name`. The row lock is held until the
    caller's transaction commits, so numbers are unique and, if the caller
    rolls back, the number is reused rather than lost."""
    counter, _ = Counter.objects.select_for_update().get_or_create(
        name=name, defaults={"value": START}
    )
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return counter.value + 1


def format_ref(prefix: str, number: int) -> str:
    return f"{prefix}-{number}"


def parse_ref(prefix: str, ref: str) -> int | None:
    """`T-1042` (or `t-1042`, or `1042`) → 1042; None when it is not a reference."""
    match = re.fullmatch(rf"(?:{re.escape(prefix)}-)?([1-9][0-9]{{0,17}})", ref.strip(), re.I)
    return int(match.group(1)) if match else None
