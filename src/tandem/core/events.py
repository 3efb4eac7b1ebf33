"""Domain events, dispatched only after the transaction that raised them commits.

Services call `emit()`; handlers registered with `@subscribe` run after commit
and never see a rolled-back change. Anything that must not be lost is not an
event but an outbox row (see tandem.notify), written in the same transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
log = logging.getLogger(__name__)


def subscribe(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _handlers[name].append(handler)
        return handler

    return register


def emit(name: str, **payload: Any) -> None:
    def dispatch() -> None:
        for handler in _handlers.get(name, ()):
            try:
                handler(**payload)
            except Exception:
                # A failing handler must not undo a committed write nor stop the
                # other handlers; durable work lives in the outbox, not here.
                log.exception("event handler failed: %s", name)

    transaction.on_commit(dispatch)
