"""Every read of organizations, sites and people, scoped through the actor."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Max, Model, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import EmergencyAccess, Invitation, Organization, Person, Site
from tandem.core.tenancy import Actor

CURRENT_CLIENT_KEY = "current_client"


def provider_org() -> Organization | None:
    """The instance's IT provider (public: its name and support line show to everyone)."""
    return (
        Organization.objects.filter(kind=OrgKind.PROVIDER)
        .only(
            "name", "slug", "support_phone", "support_email", "support_hours", "logo_content_type"
        )
        .first()
    )


def organizations_for(actor: Actor) -> QuerySet[Organization]:
    return actor.scope(Organization.objects.all(), lookup="id")


def visible_clients(actor: Actor) -> QuerySet[Organization]:
    return organizations_for(actor).filter(kind=OrgKind.CLIENT).order_by("name")


def client_choices(request: HttpRequest, actor: Actor) -> list[Organization]:
    """The practices the actor sees (name and slug), read once per request:
    the layout's switcher and a page's practice filter share the list."""
    cached: list[Organization] | None = getattr(request, "_tandem_client_choices", None)
    if cached is None:
        cached = list(visible_clients(actor).only("name", "slug"))
        request._tandem_client_choices = cached  # type: ignore[attr-defined]
    return cached


def client_summaries(actor: Actor) -> QuerySet[Organization]:
    """Visible practices with their site and active-people counts, in one query."""
    return visible_clients(actor).annotate(
        site_count=Count("sites", distinct=True),
        people_count=Count("people", filter=Q(people__is_active=True), distinct=True),
    )


def organization_for(actor: Actor, slug: str) -> Organization:
    return get_object_or_404(organizations_for(actor), slug=slug)


def sites_for(actor: Actor) -> QuerySet[Site]:
    return actor.scope(Site.objects.select_related("organization")).prefetch_related(
        "hours", "low_impact"
    )


def site_for(actor: Actor, uuid: str) -> Site:
    return get_object_or_404(sites_for(actor), uuid=uuid)


def people_for(actor: Actor) -> QuerySet[Person]:
    return actor.scope(Person.objects.select_related("organization", "site"))


def person_for(actor: Actor, uuid: str) -> Person:
    return get_object_or_404(people_for(actor), uuid=uuid)


def acting_person(actor: Actor) -> Person:
    """The person behind a signed-in actor (for their time zone, say);
    Person.DoesNotExist for anyone else."""
    return Person.objects.select_related("organization", "site").get(pk=actor.person_id or 0)


def invitations_for(actor: Actor) -> QuerySet[Invitation]:
    return actor.scope(Invitation.objects.select_related("organization", "invited_by"))


def invitation_for(actor: Actor, uuid: str) -> Invitation:
    return get_object_or_404(invitations_for(actor), uuid=uuid)


def current_client(request: HttpRequest, actor: Actor) -> Organization | None:
    """The practice a provider staff member chose in the switcher, if still visible."""
    slug = request.session.get(CURRENT_CLIENT_KEY) if hasattr(request, "session") else None
    if not slug:
        return None
    return next((c for c in client_choices(request, actor) if c.slug == slug), None)


def emergency_accesses_for(actor: Actor) -> QuerySet[EmergencyAccess]:
    """Grants on the organizations the actor sees, and the actor's own."""
    mine = Q(person_id=actor.person_id) if actor.person_id else Q(pk__in=[])
    scoped = actor.scope(EmergencyAccess.objects.all()).values("pk")
    return EmergencyAccess.objects.select_related("organization", "person").filter(
        mine | Q(pk__in=scoped)
    )


def emergency_access_for(actor: Actor, uuid: str) -> EmergencyAccess:
    return get_object_or_404(emergency_accesses_for(actor), uuid=uuid)


def access_review(actor: Actor) -> QuerySet[Person]:
    """People with what an access review asks: role, last sign-in, whether they
    have a second factor and how many live API tokens. Reverse names only, so
    this app imports no model of the apps to its right."""
    now = timezone.now()
    return (
        people_for(actor)
        .annotate(
            second_factors=Count(
                "authenticator",
                filter=Q(authenticator__type__in=["totp", "webauthn"]),
                distinct=True,
            ),
            live_tokens=Count(
                "api_tokens",
                filter=Q(api_tokens__revoked_at=None, api_tokens__expires_at__gt=now),
                distinct=True,
            ),
        )
        .order_by("organization__name", "full_name")
    )


def service_accounts_for_review(actor: Actor) -> QuerySet[Model]:
    """Service accounts beside people in the access review, with live tokens
    and last use. The api app sits to the right of this one: its model is
    taken from the app registry so accounts imports none of its modules."""
    now = timezone.now()
    model = apps.get_model("api", "ServiceAccount")
    reviewed: QuerySet[Model] = (
        actor.scope(model.objects.select_related("organization"))
        .annotate(
            live_tokens=Count(
                "tokens", filter=Q(tokens__revoked_at=None, tokens__expires_at__gt=now)
            ),
            last_used_at=Max("tokens__last_used_at"),
        )
        .order_by("organization__name", "name")
    )
    return reviewed
