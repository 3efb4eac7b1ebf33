"""Who hears about what on the desk, and @mentions. Called by the services
inside their transaction: a notice is written (and its email queued in the
outbox) exactly when the change commits.

Recipients are the requester, the watchers and the assignee, never the
person who acted. Internal notes reach provider staff only, whoever else
watches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Person
from tandem.accounts.queries import provider_org
from tandem.core import phi
from tandem.core.tenancy import SYSTEM, Actor
from tandem.desk.models import RequestMessage, ServiceRequest, Watcher
from tandem.desk.permissions import WHOLE_PRACTICE_ROLES
from tandem.desk.queries import requests_for, staff_who_can_take
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind

MAX_MENTIONS = 20
WITHHELD = (
    "The message may name a patient, so it is not repeated in email. Open the request to read it."
)


def _url(item: ServiceRequest) -> str:
    return reverse("desk:request_detail", args=[item.reference])


def _footer(item: ServiceRequest) -> str:
    provider = provider_org()
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return (
        f"\n\nOpen {item.reference}: {site}{_url(item)}\n\n"
        f"— {provider.name if provider else 'Your IT provider'} via Tandem\n"
        f"Choose which notices you get by email: {site}{reverse('notify:preferences')}\n"
    )


def mail_subject(item: ServiceRequest, *, withheld: bool | None = None) -> str:
    """One subject for every email about a request, carrying its reference,
    so mail clients keep the thread together and a reply finds its request.
    A subject that looks like it names a patient is not repeated in mail
    (`withheld`: that check, when the caller has made it)."""
    if subject_withheld(item) if withheld is None else withheld:
        return f"[{item.reference}] Request for {item.organization.name}"
    return f"[{item.reference}] {item.subject}"


def subject_withheld(item: ServiceRequest) -> bool:
    return bool(phi.check(item.subject))


def can_see(person: Person, item: ServiceRequest) -> bool:
    """Whether `person` may read the request: the desk's one read rule
    (queries.requests_for), asked for this person."""
    if not person.is_active:
        return False
    return requests_for(actor_for(person)).filter(pk=item.pk).exists()


def audience(item: ServiceRequest, *, staff_only: bool = False) -> list[Person]:
    """The requester, the assignee and the watchers who may still see it."""
    people: dict[int, Person] = {}
    if item.requester and not staff_only:
        people[item.requester.pk] = item.requester
    if item.assignee:
        people[item.assignee.pk] = item.assignee
    watchers = Person.objects.filter(
        pk__in=Watcher.objects.filter(request=item).values("person_id")
    ).select_related("organization")
    for person in watchers:
        people[person.pk] = person
    return [
        p for p in people.values() if can_see(p, item) and (p.is_provider_staff or not staff_only)
    ]


def _send(
    people: Iterable[Person],
    *,
    actor: Actor,
    item: ServiceRequest,
    kind: str,
    title: str,
    body: str,
    key: str,
) -> None:
    people = [p for p in people if p.pk != actor.person_id]
    if not people:
        return
    withheld = subject_withheld(item)
    subject = mail_subject(item, withheld=withheld)
    # The notice's title names the subject too: left out of mail when withheld.
    lead = "" if withheld else f"{title}\n\n"
    for person in people:
        notify.notify(
            person=person,
            organization_id=item.organization_id,
            kind=kind,
            title=title,
            url=_url(item),
            key=f"{key}:{person.pk}",
            email_subject=subject,
            email_body=f"{lead}{body}{_footer(item)}",
            # The mail app's sender makes this the threading headers.
            thread=item.reference,
            email_contacts=True,
        )


def request_opened(item: ServiceRequest, actor: Actor) -> None:
    title = f"We got your request: {item.subject}"
    body = (
        f"{item.reference} is raised ({item.get_impact_display()}, priority P{item.priority}).\n"
        "You will hear from us here and by email."
    )
    if item.requester and item.requester.pk != actor.person_id:
        title = f"{item.reference} was raised for you: {item.subject}"
    _send(
        audience(item),
        actor=actor,
        item=item,
        kind=NoticeKind.REQUEST_OPENED,
        title=title,
        body=body,
        key=f"opened:{item.pk}",
    )


def message_added(item: ServiceRequest, message: RequestMessage, actor: Actor) -> None:
    internal = message.is_internal
    mentioned = mentions(item, message.body, staff_only=internal)
    for person in mentioned:
        Watcher.objects.get_or_create(request=item, person=person)
    verb = "added an internal note on" if internal else "wrote on"
    text = WITHHELD if message.contains_phi else message.body
    body = f"{message.author_label} {verb} {item.reference}:\n\n{text}"
    _send(
        mentioned,
        actor=actor,
        item=item,
        kind=NoticeKind.MENTION,
        title=f"{message.author_label} mentioned you on {item.subject}",
        body=body,
        key=f"mention:{message.pk}",
    )
    others = [p for p in audience(item, staff_only=internal) if p not in mentioned]
    _send(
        others,
        actor=actor,
        item=item,
        kind=NoticeKind.NOTE if internal else NoticeKind.REPLY,
        title=f"{'Internal note' if internal else 'Reply'}: {item.subject}",
        body=body,
        key=f"message:{message.pk}",
    )


def status_changed(item: ServiceRequest, before: str, after: str, actor: Actor, key: str) -> None:
    title = f"{item.get_status_display()}: {item.subject}"
    body = f"{item.reference} is now {item.get_status_display().lower()}."
    _send(
        audience(item),
        actor=actor,
        item=item,
        kind=NoticeKind.STATUS,
        title=title,
        body=body,
        key=f"status:{key}",
    )


def assigned(item: ServiceRequest, actor: Actor, key: str) -> None:
    if item.assignee is None:
        return
    _send(
        [item.assignee],
        actor=actor,
        item=item,
        kind=NoticeKind.ASSIGNED,
        title=f"Assigned to you: {item.subject}",
        body=f"{item.reference} ({item.organization.name}, P{item.priority}) is yours now.",
        key=f"assigned:{key}",
    )


def mentionable(item: ServiceRequest, *, staff_only: bool) -> list[Person]:
    """People who may be @mentioned: those who can see the request."""

    staff = list(staff_who_can_take(SYSTEM, item.organization_id))
    if staff_only:
        return staff
    practice = Person.objects.filter(organization_id=item.organization_id, is_active=True).filter(
        Q(role__in=WHOLE_PRACTICE_ROLES) | Q(pk=item.requester_id)
    )
    return staff + list(practice)


def mentions(item: ServiceRequest, text: str, *, staff_only: bool) -> list[Person]:
    """People named as `@Full Name` or `@email` in `text` who can see the request."""
    if "@" not in text:
        return []
    found = []
    for person in mentionable(item, staff_only=staff_only):
        names = [re.escape(person.full_name), re.escape(person.email)]
        pattern = rf"(?<![\w@])@(?:{'|'.join(names)})(?![\w@])"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(person)
            if len(found) >= MAX_MENTIONS:
                break
    return found
