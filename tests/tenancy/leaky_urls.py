"""A test-only URLconf: the real routes plus planted leaks the matrix must catch."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from tandem.accounts.models import Organization, Person
from tandem.accounts.queries import organization_for
from tandem.urls import urlpatterns as real_urlpatterns


def wrong_status(request: HttpRequest, slug: str) -> HttpResponse:
    # Leak 1: looks the organization up without the tenancy rule, so another
    # practice's object answers 200 instead of 404 (its content stays out).
    get_object_or_404(Organization, slug=slug)
    return HttpResponse("ok")


def foreign_row_in_list(request: HttpRequest) -> HttpResponse:
    # Leak 2: a list that forgot to scope through the actor.
    return HttpResponse("\n".join(p.full_name for p in Person.objects.all()))


def staff_field_to_client(request: HttpRequest, slug: str) -> HttpResponse:
    # Leak 3: scoped correctly, but shows the provider-only notes to anyone.
    org = organization_for(request.actor, slug)  # type: ignore[attr-defined]
    return HttpResponse(f"{org.name}: {org.internal_notes}")


def write_without_check(request: HttpRequest, slug: str) -> HttpResponse:
    # Leak 4: a write that skips the permission check (and the service).
    if request.method == "POST":
        Organization.objects.filter(slug=slug).update(name="renamed by anyone")
        return HttpResponse(status=403)  # and then claims it refused
    return HttpResponse("form")


def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("nobody declared what I should answer")


urlpatterns = [
    *real_urlpatterns,
    path("leak/orgs/<slug:slug>/", wrong_status, name="leak_wrong_status"),
    path("leak/people/", foreign_row_in_list, name="leak_foreign_row"),
    path("leak/notes/<slug:slug>/", staff_field_to_client, name="leak_staff_field"),
    path("leak/rename/<slug:slug>/", write_without_check, name="leak_write"),
    path("leak/undeclared/", undeclared, name="leak_undeclared"),
]
