"""The tenancy rule: which organizations' rows an actor may read.

Every page, API endpoint, export and background job reads through `Actor.scope`
(or `Actor.can_see` for one object). Nothing else decides tenancy, so a fix or a
new side (a second provider, say) changes one function.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class Side(enum.StrEnum):
    PROVIDER = "provider"
    CLIENT = "client"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Actor:
    """Who is acting, and which organizations they may see.

    `all_orgs` is true for the system actor and for provider staff who are not
    limited to assigned clients; otherwise `org_ids` is the complete list.
    """

    side: Side
    person_id: int | None = None
    organization_id: int | None = None
    role: str = ""
    all_orgs: bool = False
    org_ids: frozenset[int] = field(default_factory=frozenset)
    label: str = ""
    # Where the request came from, for the audit trail (None for jobs and commands).
    ip_address: str | None = None
    # What an API token may do; None when the person acts directly (signed in).
    scopes: frozenset[str] | None = None

    @property
    def is_provider(self) -> bool:
        return self.side is Side.PROVIDER

    @property
    def is_client(self) -> bool:
        return self.side is Side.CLIENT

    @property
    def is_system(self) -> bool:
        return self.side is Side.SYSTEM

    @property
    def is_authenticated(self) -> bool:
        return self.side is not Side.ANONYMOUS

    def can_see(self, organization_id: int | None) -> bool:
        if organization_id is None or self.side is Side.ANONYMOUS:
            return False
        return self.all_orgs or organization_id in self.org_ids

    def scope(self, queryset: QuerySet[M], lookup: str = "organization_id") -> QuerySet[M]:
        """Restrict a queryset to the rows of organizations this actor may see.
        `lookup` names the column holding the organization ("id" for Organization)."""
        if self.side is Side.ANONYMOUS:
            return queryset.none()
        if self.all_orgs:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.org_ids})


def rule(
    *,
    side: Side,
    organization_id: int | None,
    restricted: bool = False,
    assigned_client_ids: frozenset[int] = frozenset(),
    emergency_client_ids: frozenset[int] = frozenset(),
) -> tuple[bool, frozenset[int]]:
    """The one rule: (sees every organization?, the organizations seen otherwise).

    - the system actor (jobs, commands) sees everything;
    - provider staff see every organization, unless limited to assigned clients,
      in which case they see the provider, those clients, and any client they
      hold an unexpired emergency access to;
    - a client's people see their own organization only;
    - anyone else sees nothing.
    """
    if side is Side.SYSTEM:
        return True, frozenset()
    if side is Side.PROVIDER and organization_id is not None:
        if restricted:
            return False, frozenset({organization_id}) | assigned_client_ids | emergency_client_ids
        return True, frozenset()
    if side is Side.CLIENT and organization_id is not None:
        return False, frozenset({organization_id})
    return False, frozenset()


SYSTEM = Actor(side=Side.SYSTEM, all_orgs=True, label="system")
ANONYMOUS = Actor(side=Side.ANONYMOUS, label="anonymous")
