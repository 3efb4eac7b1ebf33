from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.notify.services import unread_count


def notices(request: HttpRequest) -> dict[str, Any]:
    """The unread count beside "Notices" in the header (one indexed count)."""
    actor = getattr(request, "actor", None)
    if actor is None or actor.person_id is None:
        return {}
    return {"unread_notices": unread_count(actor.person_id)}
