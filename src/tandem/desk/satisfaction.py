"""Satisfaction: the requester is asked for a 1-5 rating and a comment when a
request is first resolved, in the portal and by an emailed single-use link.
Opening the link (a GET, which mail scanners do) changes nothing; only the
POST records, once. Results per practice and per technician, with the
response rate."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.accounts.queries import provider_org
from tandem.audit import services as audit
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.desk import permissions
from tandem.desk.models import ServiceRequest, Survey
from tandem.notify import services as notify

LINK_DAYS = 30
MAX_COMMENT = 2000


class Expired(Exception):
    """The emailed link is past its date: 410."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ask(request: ServiceRequest, now: Any) -> Survey | None:
    """On resolve (inside its transaction): ask the requester, once per request."""
    person = request.requester
    if person is None or not person.is_active or Survey.objects.filter(request=request).exists():
        return None
    token = secrets.token_urlsafe(32)
    survey = Survey.objects.create(
        organization_id=request.organization_id,
        request=request,
        person=person,
        technician=request.assignee,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=LINK_DAYS),
    )
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    provider = provider_org()
    by = provider.name if provider else "Your IT provider"
    notify.enqueue_email(
        to=person.email,
        subject=f"[{request.reference}] How did we do? {request.subject}",
        body_text=(
            f"{request.reference} ({request.subject}) is resolved.\n\n"
            "How did we do? One click to rate it from 1 to 5, and a comment if you like:\n"
            f"{site}{reverse('desk:rate', args=[token])}\n\n"
            f"The link works once and for {LINK_DAYS} days.\n\n— {by} via Tandem\n"
        ),
        idempotency_key=f"survey:{survey.pk}",
        organization_id=request.organization_id,
    )
    return survey


def by_token(token: str) -> Survey | None:
    if not token or len(token) > 100:
        return None
    return (
        Survey.objects.select_related("request", "person", "request__organization")
        .filter(token_hash=_hash(token))
        .first()
    )


def pending_for(actor: Actor, request: ServiceRequest) -> Survey | None:
    """The survey the signed-in requester can still answer on the request page."""
    if actor.person_id is None:
        return None
    return Survey.objects.filter(
        request=request, person_id=actor.person_id, answered_at__isnull=True
    ).first()


def _clean(rating: Any, comment: str) -> tuple[int, str]:
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": "Choose from 1 (poor) to 5 (excellent)."})
    comment = strip_nul(comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": f"At most {MAX_COMMENT} characters."})
    return value, comment


@transaction.atomic
def answer(
    *, survey: Survey, rating: Any, comment: str, via: str, actor: Actor | None = None
) -> Survey:
    """Record the answer, once: a second answer is refused (Conflict), an
    expired link too (Expired). `actor` is the signed-in requester (portal);
    None for the emailed link, whose token stands for the person it was sent to."""
    value, comment = _clean(rating, comment)
    survey = Survey.objects.select_for_update().select_related("request").get(pk=survey.pk)
    if actor is not None and actor.person_id != survey.person_id:
        raise PermissionDenied
    if survey.answered_at is not None:
        raise Conflict("This request has been rated already. Thank you!")
    now = timezone.now()
    if via == "email" and survey.expires_at <= now:
        raise Expired
    survey.rating, survey.comment = value, comment
    survey.answered_at, survey.answered_via = now, via
    survey.save(update_fields=["rating", "comment", "answered_at", "answered_via"])
    audit.record(
        actor=actor or _person_actor(survey),
        verb="request.rate",
        organization_id=survey.organization_id,
        target=survey.request,
        target_label=survey.request.reference,
        changes={"rating": [None, value], "comment": [None, f"{len(comment)} characters"]},
    )
    return survey


def _person_actor(survey: Survey) -> Actor:
    return actor_for(survey.person)


@dataclass
class Row:
    label: str
    sent: int
    answered: int
    average: float | None

    @property
    def response_rate(self) -> float:
        return self.answered / self.sent if self.sent else 0.0


def surveys_for(actor: Actor) -> QuerySet[Survey]:
    if not permissions.works_the_desk(actor):
        return Survey.objects.none()
    return actor.scope(Survey.objects.all())


def results(actor: Actor, *, days: int) -> dict[str, list[Row]]:
    """Per practice and per technician over the last `days`: sent, answered,
    response rate and average rating (staff only)."""
    since = timezone.now() - timedelta(days=days)
    qs = surveys_for(actor).filter(created_at__gte=since)
    figures = {
        "sent": Count("id"),
        "answered": Count("id", filter=Q(answered_at__isnull=False)),
        "average": Avg("rating"),
    }
    practices = qs.values("organization__name").annotate(**figures).order_by("organization__name")
    technicians = (
        qs.values("technician__full_name").annotate(**figures).order_by("technician__full_name")
    )
    return {
        "practices": [
            Row(r["organization__name"], r["sent"], r["answered"], r["average"]) for r in practices
        ],
        "technicians": [
            Row(
                r["technician__full_name"] or "Nobody assigned",
                r["sent"],
                r["answered"],
                r["average"],
            )
            for r in technicians
        ],
    }


def recent_comments(actor: Actor, *, days: int, limit: int = 20) -> list[Survey]:
    since = timezone.now() - timedelta(days=days)
    return list(
        surveys_for(actor)
        .filter(created_at__gte=since, answered_at__isnull=False)
        .exclude(comment="")
        .select_related("request", "organization", "technician")
        .order_by("-answered_at")[:limit]
    )
