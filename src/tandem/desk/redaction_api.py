"""API: permanent redaction of a passage or an attached file (provider admins)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema

from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Text
from tandem.desk import queries, redaction
from tandem.desk.api import AttachmentOut, Ref, actor
from tandem.desk.models import Attachment

WRITE = scoped("desk:write")
router = Router(tags=["redaction"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Reason = Literal["phi", "secret", "other"]


class RedactionIn(ObjectIn):
    passage: Text(redaction.MAX_PASSAGE, redaction.MIN_PASSAGE) = Field(  # type: ignore[valid-type]
        description="the exact text to remove (any capitals) from every message of the "
        "request, their earlier versions, its search documents and its outbox emails"
    )
    reason: Reason
    dry_run: bool = Field(False, description="only count where the text is; change nothing")


class RedactionOut(Schema):
    messages: int
    revisions: int
    outbox: int
    redacted: bool = Field(description="false for a dry run")


def _admin(request: HttpRequest):  # type: ignore[no-untyped-def]
    a = actor(request)
    if not redaction.can_redact(a):
        raise PermissionDenied("Only a provider admin can redact.")
    return a


@router.post(
    "/requests/{ref}/redactions",
    auth=WRITE,
    response={200: RedactionOut, **ERRORS},
    summary="Remove a passage from a request for good (or count where it is)",
)
def redact(request: HttpRequest, ref: Ref, payload: RedactionIn) -> dict[str, object]:
    """Audited without the text. A passage that is nowhere in the request's
    messages or their history is refused (422) and changes nothing."""
    a = actor(request)
    item = queries.request_for(a, ref)
    _admin(request)
    if payload.dry_run:
        found = redaction.find(item, redaction.clean_passage(payload.passage))
        return {**found.__dict__, "redacted": False}
    found = redaction.redact_text(
        actor=a, request=item, passage=payload.passage, reason=payload.reason
    )
    return {**found.__dict__, "redacted": True}


class FileRemovalIn(ObjectIn):
    reason: Reason


@router.post(
    "/requests/{ref}/files/{uuid}/removal",
    auth=WRITE,
    response={200: AttachmentOut, **ERRORS},
    summary="Delete an attached file for good",
)
def file_remove(request: HttpRequest, ref: Ref, uuid: UUID, payload: FileRemovalIn) -> Attachment:
    """The file leaves storage; the message keeps a line that a file was
    there (`removed: true`), without its name, type, size or digest."""
    a = actor(request)
    item = queries.request_for(a, ref)
    attachment = queries.attachment_for(a, item, str(uuid))
    _admin(request)
    return redaction.delete_file(actor=a, attachment=attachment, reason=payload.reason)
