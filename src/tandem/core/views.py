"""Small helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError beside the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def utf8_body(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a urlencoded body that is not UTF-8. Django would silently read it
    as Latin-1 and store the mojibake; browsers percent-encode, so raw non-UTF-8
    bytes only come from broken or hostile clients. (Percent-encoded invalid
    UTF-8 becomes U+FFFD, which the forms refuse field by field.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                request.body.decode("utf-8")
            except UnicodeDecodeError:
                raise BadRequest("The form was not sent as UTF-8.") from None
        return view(request, *args, **kwargs)

    return wrapper


def form_methods(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views that show a form on GET and take it on POST."""
    return require_http_methods(["GET", "POST"])(utf8_body(view))


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted fields of a POST, else None. Not `request.POST or None`: a
    POST with no fields is an invalid submission (422), not a GET (200)."""
    return request.POST if request.method == "POST" else None


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def not_found(
    request: HttpRequest, exception: Exception | None = None, **kwargs: object
) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)
