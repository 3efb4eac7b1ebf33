"""Saved views: a staff member's named queue filters and sort, optionally
shared with one of the provider's teams.

The queue page reads its filters leniently (a stale link still shows a
queue); a view is saved only from filters that are all valid, and it is read
through the same tenancy rule as the queue, so a view shared with a team never
shows a member a practice they may not see."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.accounts.models import Organization, Team
from tandem.accounts.permissions import PROVIDER_LEADS
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.desk import permissions, queries
from tandem.desk.choices import Category, Priority
from tandem.desk.models import SavedView, ServiceRequest

SORT_LABELS = {
    "priority": "Priority",
    "oldest": "Oldest first",
    "newest": "Newest",
    "updated": "Recently updated",
    "due": "Next SLA deadline",
    "relevance": "Best match",  # with a search only
}
DEFAULT_QUEUE = "active"
FLAG_VALUES = frozenset({"1", "true", "True", "on", "0", "false", "False"})
MAX_VIEWS = 50  # per person: a row of links above the queue, not a database


@dataclass(frozen=True)
class Filters:
    queue: str = DEFAULT_QUEUE
    client: Organization | None = None
    team: Team | None = None
    category: str = ""
    priority: int | None = None
    phi: bool = False  # only requests with what the writer confirmed is PHI
    sort: str = "priority"
    q: str = ""  # a search (full-text, or a reference looked up exactly)

    def params(self) -> dict[str, Any]:
        """What a URL or a saved view carries: only what differs from the default."""
        out: dict[str, Any] = {"queue": self.queue}
        if self.client is not None:
            out["client"] = self.client.slug
        if self.team is not None:
            out["team"] = str(self.team.uuid)
        if self.category:
            out["category"] = self.category
        if self.priority is not None:
            out["priority"] = self.priority
        if self.phi:
            out["phi"] = 1
        if self.q:
            out["q"] = self.q
        if self.sort != default_sort(self.q):
            out["sort"] = self.sort
        return out

    def query_string(self) -> str:
        return urlencode(self.params())

    def requests(self, actor: Actor) -> QuerySet[ServiceRequest]:
        return queries.queue(
            actor,
            name=self.queue,
            client_id=self.client.pk if self.client else None,
            team_id=self.team.pk if self.team else None,
            category=self.category,
            priority=self.priority,
            phi=self.phi,
            sort=self.sort,
            text=self.q,
        )


MAX_SEARCH = 200


def default_sort(q: str) -> str:
    return "relevance" if q else "priority"


def search_text(value: Any) -> str:
    """What a search box sent, tidied: no NUL, single spaces, at most MAX_SEARCH."""
    return " ".join(strip_nul(str(value or ""))[: MAX_SEARCH * 2].split())[:MAX_SEARCH]


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _client(actor: Actor, slug: str) -> Organization | None:
    if not SLUG.fullmatch(slug):  # never a NUL byte or a megabyte to the database
        return None
    return accounts.visible_clients(actor).filter(slug=slug).first()


def _team(actor: Actor, value: str) -> Team | None:
    try:
        return teams.teams_for(actor).select_related(None).filter(uuid=value[:40]).first()
    except ValidationError:  # not a UUID
        return None


def _priority(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number in Priority.values else None


def read_filters(actor: Actor, params: Mapping[str, Any], *, default_queue: str) -> Filters:
    """The queue page's filters from its query string; anything unknown is dropped."""
    queue = str(params.get("queue") or default_queue)
    q = search_text(params.get("q"))
    sort = str(params.get("sort") or default_sort(q))
    if sort not in SORT_LABELS or (sort == "relevance" and not q):
        sort = default_sort(q)
    category = str(params.get("category") or "")
    return Filters(
        queue=queue if queue in queries.QUEUES else DEFAULT_QUEUE,
        client=_client(actor, str(params.get("client") or "")),
        team=_team(actor, str(params.get("team") or "")),
        category=category if category in Category.values else "",
        priority=_priority(params.get("priority")),
        phi=str(params.get("phi") or "") in FLAG_VALUES - {"0", "false", "False"},
        sort=sort,
        q=q,
    )


def clean_filters(actor: Actor, data: Mapping[str, Any]) -> Filters:
    """Strict: every filter given must name something that exists and that the
    actor may see; errors by field name."""
    known = {"queue", "client", "team", "category", "priority", "phi", "sort", "q"}
    unknown = set(data) - known
    errors: dict[str, str] = {}
    if unknown:
        errors["filters"] = f"Unknown filter {sorted(unknown)[0]!r}."
    found = read_filters(actor, data, default_queue=DEFAULT_QUEUE)
    checks = {
        "queue": ("Choose one of the queues.", found.queue),
        "client": ("Choose a practice you work for.", found.client),
        "team": ("Choose one of the provider's teams.", found.team),
        "category": ("Choose one of the categories.", found.category),
        "priority": ("Choose P1 to P4.", found.priority),
        "sort": ("Choose one of the sort orders.", found.sort),
        "phi": ("Tick it or leave it out.", found.phi),
        "q": (f"Search for at most {MAX_SEARCH} characters.", found.q),
    }
    for field, (message, value) in checks.items():
        given = data.get(field)
        if given in (None, ""):
            continue
        if field == "phi":
            wrong = str(given) not in FLAG_VALUES
        elif field == "q":
            wrong = len(str(given)) > MAX_SEARCH or not found.q
        else:
            wrong = value in (None, "") or (field in ("queue", "sort") and value != given)
        if wrong:
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    return found


def views_for(actor: Actor) -> QuerySet[SavedView]:
    """The actor's own views and those shared with a team the actor is in."""
    if not permissions.works_the_desk(actor) or actor.person_id is None:
        return SavedView.objects.none()
    mine = Q(owner_id=actor.person_id)
    shared = Q(team__memberships__person_id=actor.person_id)
    ids = SavedView.objects.filter(mine | shared).values("pk")
    return SavedView.objects.filter(pk__in=ids).select_related("owner", "team")


def view_for(actor: Actor, uuid: Any) -> SavedView:
    """One view the actor can open; SavedView.DoesNotExist otherwise."""
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    return views_for(actor).get(uuid=uuid)


def can_change(actor: Actor, view: SavedView | None) -> bool:
    """Its owner changes a view; a provider admin or service manager may also
    change or remove one shared with a team (someone left, a team reorganized)."""
    if not permissions.works_the_desk(actor):
        return False
    if view is None or view.owner_id == actor.person_id:
        return True
    return view.team_id is not None and actor.role in PROVIDER_LEADS


def filters_of(actor: Actor, view: SavedView) -> Filters:
    """A saved view's filters as they read today (a practice no longer served,
    or a team removed, drops out rather than failing)."""
    return read_filters(actor, view.filters, default_queue=DEFAULT_QUEUE)


def _name(value: str) -> str:
    name = " ".join(strip_nul(value or "").split())
    if not name or len(name) > 80:
        raise ValidationError({"name": "Give the view a name of at most 80 characters."})
    return name


@transaction.atomic
def save_view(
    *,
    actor: Actor,
    view: SavedView | None,
    name: str,
    team: Team | None,
    filters: Filters,
) -> SavedView:
    if not can_change(actor, view) or actor.person_id is None:
        raise PermissionDenied
    name = _name(name)
    owner_id = view.owner_id if view is not None else actor.person_id
    clash = SavedView.objects.filter(owner_id=owner_id, name__iexact=name)
    if view is not None:
        clash = clash.exclude(pk=view.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a view called “{name}”."})
    if view is None and SavedView.objects.filter(owner_id=owner_id).count() >= MAX_VIEWS:
        raise ValidationError({"name": f"You have {MAX_VIEWS} views; remove one first."})
    if team is not None and not teams.teams_for(actor).filter(pk=team.pk).exists():
        raise ValidationError({"team": "Choose one of the provider's teams."})
    creating = view is None
    view = view or SavedView(owner_id=owner_id)
    before = {
        "name": view.name or None,
        "team": view.team.name if view.team_id and view.team else None,
        "filters": view.filters or None,
    }
    view.name, view.team, view.filters = name, team, filters.params()
    view.save()
    after = {"name": name, "team": team.name if team else None, "filters": view.filters}
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes and actor.organization_id is not None:
        audit.record(
            actor=actor,
            verb="view.create" if creating else "view.update",
            organization_id=actor.organization_id,
            target=view,
            target_label=view.name,
            changes=changes,
        )
    return view


@transaction.atomic
def delete_view(*, actor: Actor, view: SavedView) -> None:
    if not can_change(actor, view):
        raise PermissionDenied
    if actor.organization_id is not None:
        audit.record(
            actor=actor,
            verb="view.delete",
            organization_id=actor.organization_id,
            target=view,
            target_label=view.name,
            changes={"name": [view.name, None]},
        )
    view.delete()
