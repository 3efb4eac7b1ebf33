"""`field__in_constants=[...]`: IN over a fixed list of the code's own
constants, written into the SQL rather than bound as parameters.

SQLite uses a partial index only when the query's WHERE visibly implies the
index's condition, and it plans before parameters are bound: a bound
`status IN (?, ?, ?, ?)` never matches an index made `WHERE status IN
('new', …)`, so the queues sorted every active request instead of reading
their partial indexes. Only identifier-like constants are accepted, so
nothing typed by a person can reach the SQL this way."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import CharField, Lookup

CONSTANT = re.compile(r"[a-z][a-z0-9_]{0,40}")


@CharField.register_lookup
class InConstants(Lookup):  # type: ignore[type-arg]
    lookup_name = "in_constants"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        values = tuple(str(v) for v in self.rhs)
        if not values or not all(CONSTANT.fullmatch(v) for v in values):
            raise ValueError("in_constants takes a non-empty list of identifier-like constants")
        return values

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        listed = ", ".join(f"'{v}'" for v in self.rhs)
        return f"{lhs} IN ({listed})", list(params)
