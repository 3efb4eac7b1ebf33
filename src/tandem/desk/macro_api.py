"""API: canned replies (provider staff) and applying one to a request."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Text, page_of
from tandem.desk import macros, permissions, queries
from tandem.desk.api import RequestOut
from tandem.desk.choices import Priority
from tandem.desk.choices import Status as RequestStatus
from tandem.desk.models import Macro, ServiceRequest

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["canned replies"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Ref = Annotated[str, StringConstraints(pattern=r"^T-[1-9][0-9]{0,17}$")]


class MacroOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    body: str = Field(description="with placeholders such as {requester_name}")
    shared: bool
    set_status: str = Field(description="empty: leaves the status")
    set_priority: int | None

    @staticmethod
    def resolve_shared(macro: Macro) -> bool:
        return macro.owner_id is None


class MacroIn(ObjectIn):
    name: Text(100, 1)  # type: ignore[valid-type]
    body: Text(macros.MAX_BODY, 1)  # type: ignore[valid-type]
    shared: bool = Field(False, description="provider admins and service managers only")
    set_status: RequestStatus | None = None
    set_priority: Priority | None = None


class MacroPatch(ObjectIn):
    name: Text(100, 1) = None  # type: ignore[valid-type]
    body: Text(macros.MAX_BODY, 1) = None  # type: ignore[valid-type]
    shared: bool | None = None
    set_status: RequestStatus | None = None
    set_priority: Priority | None = None


class ApplyIn(ObjectIn):
    version: int = Field(ge=1, le=2**31 - 1, description="the request's version you read")


def _actor(request: HttpRequest) -> Any:
    actor = request.actor  # type: ignore[attr-defined]
    if not permissions.works_the_desk(actor):
        raise PermissionDenied("Canned replies are for the provider's staff.")
    return actor


def _macro(actor: Any, uuid: UUID) -> Macro:
    try:
        return macros.macro_for(actor, uuid)
    except Macro.DoesNotExist:
        raise Http404("No such canned reply.") from None


@router.get("/macros", auth=READ, response={200: Page[MacroOut], **ERRORS})
def macro_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    return page_of(macros.macros_for(_actor(request)), query)


@router.post("/macros", auth=WRITE, response={201: MacroOut, **ERRORS})
def macro_create(request: HttpRequest, payload: MacroIn) -> Status[Macro]:
    made = macros.save_macro(
        actor=_actor(request),
        macro=None,
        name=payload.name,
        body=payload.body,
        shared=payload.shared,
        set_status=payload.set_status or "",
        set_priority=payload.set_priority,
    )
    return Status(201, made)


@router.get("/macros/{uuid}", auth=READ, response={200: MacroOut, **ERRORS})
def macro_detail(request: HttpRequest, uuid: UUID) -> Macro:
    return _macro(_actor(request), uuid)


@router.patch("/macros/{uuid}", auth=WRITE, response={200: MacroOut, **ERRORS})
def macro_update(request: HttpRequest, uuid: UUID, payload: MacroPatch) -> Macro:
    actor = _actor(request)
    macro = _macro(actor, uuid)
    sent = payload.dict(exclude_unset=True)
    return macros.save_macro(
        actor=actor,
        macro=macro,
        name=sent.get("name") or macro.name,
        body=sent.get("body") or macro.body,
        shared=sent["shared"] if sent.get("shared") is not None else macro.owner_id is None,
        set_status=(sent["set_status"] or "") if "set_status" in sent else macro.set_status,
        set_priority=sent.get("set_priority", macro.set_priority),
    )


@router.post(
    "/requests/{ref}/macros/{uuid}",
    auth=WRITE,
    response={200: RequestOut, **ERRORS},
    summary="Send a canned reply on a request (and set what it sets)",
)
def macro_apply(
    request: HttpRequest, ref: Ref, uuid: UUID, payload: ApplyIn, response: HttpResponse
) -> ServiceRequest:
    actor = request.actor  # type: ignore[attr-defined]
    item = queries.request_for(actor, ref)  # a practice's people: 403 below, after the lookup
    if not permissions.works_the_desk(actor):
        raise PermissionDenied("Canned replies are for the provider's staff.")
    macros.apply(actor=actor, macro=_macro(actor, uuid), request=item, version=payload.version)
    item = queries.request_for(actor, ref)
    response["ETag"] = f'"{item.version}"'
    return item
