"""The desk's vocabulary: categories, impact, urgency, priority, status, channel."""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    EHR = "ehr", "EHR / practice management"
    DEVICES = "devices", "Devices and printers"
    NETWORK = "network", "Network and internet"
    PHONES = "phones", "Phones"
    ACCOUNTS = "accounts", "Accounts and access"
    SECURITY = "security", "Security concern"
    OTHER = "other", "Other"


class Impact(models.TextChoices):
    """In the practice's words; the order is the order of severity."""

    PATIENT_CARE = "patient_care", "Patient care is affected"
    PRACTICE_DOWN = "practice_down", "The practice can't work"
    PERSON_BLOCKED = "person_blocked", "One person is blocked"
    QUESTION = "question", "Question or request"


class Urgency(models.TextChoices):
    HIGH = "high", "High: it can't wait"
    MEDIUM = "medium", "Medium: today"
    LOW = "low", "Low: this week is fine"


class Priority(models.IntegerChoices):
    P1 = 1, "P1"
    P2 = 2, "P2"
    P3 = 3, "P3"
    P4 = 4, "P4"


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    WAITING_CLIENT = "waiting_client", "Waiting on the practice"
    WAITING_THIRD_PARTY = "waiting_third_party", "Waiting on a third party"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


# Where a request may go from each status. Closed is final: a reply to a
# closed request opens a new one, linked to it.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.OPEN, Status.WAITING_CLIENT, Status.WAITING_THIRD_PARTY, Status.RESOLVED}
    ),
    Status.OPEN: frozenset({Status.WAITING_CLIENT, Status.WAITING_THIRD_PARTY, Status.RESOLVED}),
    Status.WAITING_CLIENT: frozenset({Status.OPEN, Status.WAITING_THIRD_PARTY, Status.RESOLVED}),
    Status.WAITING_THIRD_PARTY: frozenset({Status.OPEN, Status.WAITING_CLIENT, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
# Work still to do. A list of plain values, in this order: the queues' partial
# indexes use it as their condition, and the queries filter on exactly it.
ACTIVE_STATUSES = [
    Status.NEW.value,
    Status.OPEN.value,
    Status.WAITING_CLIENT.value,
    Status.WAITING_THIRD_PARTY.value,
]


class Channel(models.TextChoices):
    PORTAL = "portal", "Portal"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    API = "api", "API"


class MessageKind(models.TextChoices):
    PUBLIC = "public", "Reply"
    INTERNAL = "internal", "Internal note"
    # Things that happened (re-triage with its reason, status changes) told to both sides.
    EVENT = "event", "Update"


# Until contracts exist: the default matrix (impact x urgency → priority) and
# the response promised for each priority, both editable by a provider admin.
DEFAULT_MATRIX: dict[tuple[str, str], int] = {
    (Impact.PATIENT_CARE, Urgency.HIGH): 1,
    (Impact.PATIENT_CARE, Urgency.MEDIUM): 1,
    (Impact.PATIENT_CARE, Urgency.LOW): 1,
    (Impact.PRACTICE_DOWN, Urgency.HIGH): 1,
    (Impact.PRACTICE_DOWN, Urgency.MEDIUM): 2,
    (Impact.PRACTICE_DOWN, Urgency.LOW): 2,
    (Impact.PERSON_BLOCKED, Urgency.HIGH): 2,
    (Impact.PERSON_BLOCKED, Urgency.MEDIUM): 3,
    (Impact.PERSON_BLOCKED, Urgency.LOW): 3,
    (Impact.QUESTION, Urgency.HIGH): 3,
    (Impact.QUESTION, Urgency.MEDIUM): 4,
    (Impact.QUESTION, Urgency.LOW): 4,
}
