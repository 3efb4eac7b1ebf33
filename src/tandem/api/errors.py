"""One error body for every failure: {code, message, fields}."""

from __future__ import annotations

import json
from typing import Any, cast

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from tandem.core.exceptions import Conflict
from tandem.core.idempotency import KeyReused


class UnsupportedMediaType(Exception):
    """A request body that is not declared as JSON."""


class JsonParser(Parser):
    """Bodies are JSON objects in UTF-8 (RFC 8259), sent as application/json.

    ninja's default parser reads any body as JSON whatever its Content-Type and
    guesses UTF-16/32 from the first bytes; this one refuses both. ninja wraps
    every parse failure in HttpError(400); `http_error` below reads the cause.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        media_type = (request.content_type or "").split(";")[0].strip().lower()
        if media_type != "application/json" and not (
            media_type.startswith("application/") and media_type.endswith("+json")
        ):
            raise UnsupportedMediaType(media_type)
        return cast(dict[str, Any], json.loads(request.body.decode("utf-8")))


def _body(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


def _field_name(loc: Any) -> str:
    """("body", "payload", "subject") → "subject"; only the leading location and
    parameter names are dropped, so a field may itself be called "body"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "query"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    api.parser = JsonParser()

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            name = _field_name(error.get("loc", ()))
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            if name == "__all__" and error.get("type") == "missing":
                message = "Send a JSON object."  # an empty body
            fields.setdefault(name, []).append(message)
        return _body(api, request, 422, "invalid", "Some fields are invalid.", fields)

    @api.exception_handler(DjangoValidationError)
    def rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {}
        )
        return _body(api, request, 422, "invalid", " ".join(exc.messages), fields)

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        response = _body(api, request, 409, "conflict", str(exc))
        if exc.current_version is not None:
            response["ETag"] = f'"{exc.current_version}"'
        return response

    @api.exception_handler(KeyReused)
    def key_reused(request: HttpRequest, exc: KeyReused) -> HttpResponse:
        return _body(
            api,
            request,
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used with a different body. Use a new key.",
            {"Idempotency-Key": ["Used before with a different body."]},
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _body(api, request, 404, "not_found", "Not found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _body(api, request, 403, "forbidden", "You may not do this.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _body(api, request, 401, "unauthenticated", "Sign in first.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, UnsupportedMediaType):
            return _body(
                api,
                request,
                415,
                "unsupported_media_type",
                "Send the body as JSON with Content-Type: application/json.",
            )
        if isinstance(cause, ValueError):  # JSONDecodeError and UnicodeDecodeError
            return _body(
                api, request, 400, "malformed", "The body is not a valid JSON document in UTF-8."
            )
        code = {403: "forbidden", 404: "not_found", 429: "rate_limited"}.get(
            exc.status_code, "error"
        )
        return _body(api, request, exc.status_code, code, str(exc))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            return _body(api, request, 413, "too_large", "The request body is too large.")
        if isinstance(exc, TooManyFieldsSent):
            return _body(api, request, 400, "malformed", "The request has too many fields.")
        return _body(api, request, 400, "bad_request", "The request was refused.")
