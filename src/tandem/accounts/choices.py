from django.db import models


class OrgKind(models.TextChoices):
    PROVIDER = "provider", "IT provider"
    CLIENT = "client", "Practice"


class Role(models.TextChoices):
    PROVIDER_ADMIN = "provider_admin", "Provider admin"
    TECHNICIAN = "technician", "Technician"
    SERVICE_MANAGER = "service_manager", "Service manager"
    SECURITY_LEAD = "security_lead", "Security lead"
    CLIENT_ADMIN = "client_admin", "Practice admin"
    CLIENT_MEMBER = "client_member", "Practice member"
    AUDITOR = "auditor", "Auditor (read-only)"


PROVIDER_ROLES = frozenset(
    {Role.PROVIDER_ADMIN, Role.TECHNICIAN, Role.SERVICE_MANAGER, Role.SECURITY_LEAD}
)
CLIENT_ROLES = frozenset({Role.CLIENT_ADMIN, Role.CLIENT_MEMBER, Role.AUDITOR})


def roles_for(kind: str) -> list[tuple[str, str]]:
    allowed = PROVIDER_ROLES if kind == OrgKind.PROVIDER else CLIENT_ROLES
    return [(r.value, r.label) for r in Role if r in allowed]


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class AssignmentMode(models.TextChoices):
    MANUAL = "manual", "Nobody: the team picks"
    ROUND_ROBIN = "round_robin", "Round-robin"
    LEAST_LOAD = "least_load", "Whoever has the least open work"
