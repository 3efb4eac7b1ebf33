"""Every read of requests and messages, scoped through the actor. Internal
notes never leave here for a practice's people."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import Person
from tandem.core import links
from tandem.core.references import parse_ref
from tandem.core.tenancy import Actor
from tandem.desk import permissions, search
from tandem.desk.choices import (
    ACTIVE_STATUSES,
    DEFAULT_MATRIX,
    Impact,
    MessageKind,
)
from tandem.desk.models import (
    PREFIX,
    Attachment,
    MessageRevision,
    PriorityRule,
    RequestMessage,
    ServiceRequest,
    Watcher,
)
from tandem.sla import display

# The staff queues, and what each shows.
QUEUES = {
    "mine": "My work",
    "my_teams": "My teams",
    "unassigned": "Unassigned",
    "patient_care": "Patient care",
    "breaching": "Breaching soon",
    "active": "All open",
    "all": "Everything",
}
SORTS = {
    "priority": ("priority", "id"),  # the most urgent first, then the oldest
    "oldest": ("id",),
    "newest": ("-id",),
    "updated": ("-updated_at", "-id"),
    "due": ("sla_due", "id"),  # the next SLA deadline first
    "relevance": ("search_rank", "-id"),  # only with a search: the best match first
}


def requests_for(actor: Actor) -> QuerySet[ServiceRequest]:
    """Requests the actor may read: provider staff by the tenancy rule; a
    practice's admin and auditor all of the practice's; a member their own,
    and those their own were merged into (their messages moved there)."""
    qs = actor.scope(
        ServiceRequest.objects.select_related(
            "organization", "site", "requester", "assignee", "team"
        )
    )
    if not permissions.sees_whole_practice(actor):
        if actor.person_id is None:
            return qs.none()
        merged_into = ServiceRequest.objects.filter(
            requester_id=actor.person_id, merged_into__isnull=False
        ).values("merged_into")
        qs = qs.filter(Q(requester_id=actor.person_id) | Q(pk__in=merged_into))
    return qs


def request_for(actor: Actor, ref: str) -> ServiceRequest:
    number = parse_ref(PREFIX, ref)
    request = requests_for(actor).filter(number=number).first() if number else None
    if request is None:
        raise Http404
    return request


def messages_for(actor: Actor, request: ServiceRequest) -> QuerySet[RequestMessage]:
    """The conversation of a request the actor has read access to, with each
    message's attachments. A practice's people never get internal notes (nor
    their files), whatever else changes."""
    qs = (
        RequestMessage.objects.filter(request=request)
        .select_related("author__organization")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
            Prefetch("revisions", queryset=MessageRevision.objects.order_by("id")),
        )
        .order_by("id")
    )
    if not permissions.works_the_desk(actor):
        qs = qs.exclude(kind=MessageKind.INTERNAL)
    return qs


def message_for(actor: Actor, request: ServiceRequest, uuid: str) -> RequestMessage:
    found = messages_for(actor, request).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def attachment_for(actor: Actor, request: ServiceRequest, uuid: str) -> Attachment:
    qs = Attachment.objects.select_related("request").filter(
        request=request, uuid=uuid, redacted_at__isnull=True
    )
    if not permissions.works_the_desk(actor):
        qs = qs.filter(internal=False)
    found = qs.first()
    if found is None:
        raise Http404
    return found


def queue(
    actor: Actor,
    *,
    name: str = "active",
    client_id: int | None = None,
    team_id: int | None = None,
    category: str = "",
    priority: int | None = None,
    phi: bool = False,
    sort: str = "priority",
    text: str = "",
) -> QuerySet[ServiceRequest]:
    qs = requests_for(actor)
    if name != "all":
        # The partial indexes' own condition, inlined so SQLite can use them (core.lookups).
        qs = qs.filter(status__in_constants=ACTIVE_STATUSES)
    if name == "mine":
        qs = qs.filter(assignee_id=actor.person_id) if actor.person_id else qs.none()
    elif name == "my_teams":
        qs = (
            qs.filter(team__memberships__person_id=actor.person_id)
            if actor.person_id
            else qs.none()
        )
    elif name == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    elif name == "patient_care":
        qs = qs.filter(impact=Impact.PATIENT_CARE)
    elif name == "breaching":
        # Overdue or due within SLA_SOON_MINUTES, read off the desk_sla_due index.
        qs = qs.filter(sla_due__lte=timezone.now() + display.soon())
        sort = "due" if sort == "priority" else sort
    if client_id is not None:
        qs = qs.filter(organization_id=client_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if category:
        qs = qs.filter(category=category)
    if priority is not None:
        qs = qs.filter(priority=priority)
    if phi:
        qs = qs.filter(contains_phi=True)
    return searched(qs, actor, text, sort)


def searched(
    qs: QuerySet[ServiceRequest], actor: Actor, text: str, sort: str
) -> QuerySet[ServiceRequest]:
    """`qs` narrowed by what was typed in a search box: a reference (T-1042)
    exactly, anything else through full-text search. Without a search, or
    with another sort chosen, `sort` orders the list."""
    if text.strip():
        number = parse_ref(PREFIX, text)
        qs = qs.filter(number=number) if number else search.matching(qs, actor, text)
    elif sort == "relevance":
        sort = "priority"
    if sort == "relevance" and "search_rank" not in qs.query.extra_select:
        sort = "newest"  # an exact reference: one row, nothing to rank
    return qs.order_by(*SORTS.get(sort, SORTS["priority"]))


# What a row of a list shows: the queue renders 50 per page, so it loads no more.
ROW_FIELDS = (
    "number", "subject", "impact", "priority", "status", "updated_at", "created_by_label",
    "version", "sla_due", "sla_paused",
    "organization__name", "organization__slug", "organization__kind",
    "assignee__full_name", "requester__full_name",
)  # fmt: skip


def rows(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return (
        qs.select_related(None)
        .select_related("organization", "assignee", "requester")
        .only(*ROW_FIELDS)
    )


def practice_requests(actor: Actor, *, mine_only: bool, text: str = "") -> QuerySet[ServiceRequest]:
    """The portal's lists: the person's own, or the whole practice's (admins),
    newest first, or the best matches first when `text` is searched."""
    qs = requests_for(actor)
    if mine_only:
        qs = qs.filter(Q(requester_id=actor.person_id) | Q(created_by_id=actor.person_id))
    return searched(qs, actor, text, "relevance" if text.strip() else "newest")


def matrix() -> dict[tuple[str, str], int]:
    """The saved matrix; a cell nobody saved keeps its default."""
    saved = {(r.impact, r.urgency): r.priority for r in PriorityRule.objects.all()}
    return {**DEFAULT_MATRIX, **saved}


def staff_who_can_take(actor: Actor, organization_id: int) -> QuerySet[Person]:
    """Active provider staff who see the practice (unrestricted, assigned to
    it, or holding an emergency access to it), in one query."""
    now = timezone.now()
    return (
        actor.scope(Person.objects.all())
        .filter(organization__kind=OrgKind.PROVIDER, is_active=True)
        .filter(
            Q(restricted_to_assigned=False)
            | Q(assigned_clients=organization_id)
            | Q(
                emergency_accesses__organization_id=organization_id,
                emergency_accesses__ended_at=None,
                emergency_accesses__expires_at__gt=now,
            )
        )
        .distinct()
        .order_by("full_name")
    )


def watchers_of(item: ServiceRequest) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=Watcher.objects.filter(request=item).values("person_id")
    ).order_by("full_name")


def first_staff_reply(item: ServiceRequest) -> RequestMessage | None:
    """The provider's first public answer (for "Tess answered 6 minutes after"):
    the public message written at the request's first_response_at, found
    through the conversation's (request, id) index, never by author."""
    if item.first_response_at is None:
        return None
    return (
        RequestMessage.objects.filter(
            request=item, kind=MessageKind.PUBLIC, created_at=item.first_response_at
        )
        .order_by("id")
        .first()
    )


CONVERSATION_PAGE = 50


def conversation_page(
    actor: Actor, item: ServiceRequest, *, before: int | None = None
) -> tuple[list[RequestMessage], int | None]:
    """The latest messages (or those before a cursor), oldest first, and the
    cursor for earlier ones if there are any: a long conversation costs one
    bounded query, whatever its length."""
    qs = messages_for(actor, item)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: CONVERSATION_PAGE + 1])
    earlier = rows[CONVERSATION_PAGE - 1].pk if len(rows) > CONVERSATION_PAGE else None
    return list(reversed(rows[:CONVERSATION_PAGE])), earlier


def related_to(actor: Actor, item: ServiceRequest) -> QuerySet[ServiceRequest]:
    """Requests linked to `item` that the actor may read (a link to another
    practice's request is therefore seen by provider staff only)."""
    ids = [int(i) for i in links.linked_ids(item, "desk.servicerequest") if i.isdigit()]
    return requests_for(actor).filter(pk__in=ids).order_by("number")
