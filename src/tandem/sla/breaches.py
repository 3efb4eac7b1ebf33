"""Missed promises, and why: a provider lead (a provider admin or service
manager) may explain a breach in words the practice reads on the request.
The explanation can be corrected; each version is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tandem.accounts.permissions import is_provider_lead
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.sla.models import Breach

MAX_EXPLANATION = 1000


can_explain = is_provider_lead


def for_request(request: Any) -> QuerySet[Breach]:
    """The breaches of a request the reader may already read (both sides see them)."""
    return Breach.objects.filter(request=request).select_related("annotated_by").order_by("id")


@transaction.atomic
def explain(*, actor: Actor, breach: Breach, text: str) -> Breach:
    if not can_explain(actor):
        raise PermissionDenied("Only a provider admin or service manager explains a miss.")
    text = " ".join(strip_nul(text or "").split())
    if not text or len(text) > MAX_EXPLANATION:
        raise ValidationError(
            {"text": f"Say why in 1 to {MAX_EXPLANATION} characters; the practice reads it."}
        )
    breach = Breach.objects.select_for_update().select_related("request").get(pk=breach.pk)
    before = breach.annotation
    breach.annotation = text
    breach.annotated_by_id = actor.person_id
    breach.annotated_at = timezone.now()
    breach.save(update_fields=["annotation", "annotated_by", "annotated_at"])
    audit.record(
        actor=actor,
        verb="sla.breach_explain",
        organization_id=breach.organization_id,
        target=breach.request,
        target_label=breach.request.reference,
        changes={"clock": [None, breach.kind], "explanation": [before or None, text]},
    )
    return breach
