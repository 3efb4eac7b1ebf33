"""Which request an email answers, and the ids our own mail carries.

A reply is matched two ways: by the ids in its In-Reply-To and References
(ours, which name the request with a keyed signature nobody else can make,
and the sender's earlier messages we stored), and by the reference in its subject (`[T-1042]`).
Either way the request must be one the sender may read (`requests_for`, the
desk's one read rule): a reference to another practice's request, or a
stranger's reply to a forwarded notice, never attaches mail to it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet

from tandem.desk.models import ServiceRequest
from tandem.mail.models import InboundMessage
from tandem.mail.parsing import Parsed

SUBJECT_REF = re.compile(r"\[\s*T-([1-9][0-9]{0,17})\s*\]", re.IGNORECASE)
# Our ids: <request.NUMBER.SIGNATURE@domain> for a request's thread root,
# and <ROW.request.NUMBER.SIGNATURE@domain> for each notice (ROW: the outbox
# row's uuid, so a resend of one row carries the same id).
OURS = re.compile(r"^(?:([0-9a-f]{32})\.)?request\.([1-9][0-9]{0,17})\.([0-9a-f]{24})@(.+)$")
PREFIXES = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr|rif|antw|odp|r)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def id_domain() -> str:
    configured = getattr(settings, "MAIL_ID_DOMAIN", "")
    return configured or urlsplit(settings.SITE_URL).hostname or "tandem.invalid"


def _signature(number: int) -> str:
    key = hashlib.sha256(f"tandem.mail.thread:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, str(number).encode(), hashlib.sha256).hexdigest()[:24]


def root_id(number: int) -> str:
    """The id every notice of request `number` names as its ancestor."""
    return f"request.{number}.{_signature(number)}@{id_domain()}"


def notice_id(row_uuid: uuid.UUID, number: int) -> str:
    return f"{row_uuid.hex}.{root_id(number)}"


def plain_id(row_uuid: uuid.UUID) -> str:
    """The id of mail about no request."""
    return f"{row_uuid.hex}@{id_domain()}"


def request_number_in(message_id: str) -> int | None:
    """The request an id of ours names; None for anyone else's id (or a forged one)."""
    match = OURS.match(message_id)
    if match is None or match.group(4).lower() != id_domain().lower():
        return None
    number = int(match.group(2))
    return number if hmac.compare_digest(match.group(3), _signature(number)) else None


PLAIN = re.compile(r"^([0-9a-f]{32})@(.+)$")


def row_uuid_in(message_id: str) -> uuid.UUID | None:
    """The outbox row an id of ours was sent from (a bounce returns it)."""
    match = OURS.match(message_id)
    if match is not None and match.group(1) and request_number_in(message_id) is not None:
        return uuid.UUID(match.group(1))
    match = PLAIN.match(message_id)
    if match is not None and match.group(2).lower() == id_domain().lower():
        return uuid.UUID(match.group(1))
    return None


def clean_subject(subject: str) -> str:
    """A subject without Re:/Fwd: prefixes and our [T-…] tags, for a new request."""
    subject = SUBJECT_REF.sub(" ", PREFIXES.sub("", subject))
    subject = PREFIXES.sub("", " ".join(subject.split()))
    return subject.strip(" -:")


def subject_numbers(subject: str) -> list[int]:
    return [int(n) for n in SUBJECT_REF.findall(subject)][:5]


def find(parsed: Parsed, visible: QuerySet[ServiceRequest]) -> ServiceRequest | None:
    """The request `parsed` answers among those the sender may read (`visible`)."""
    ids = parsed.thread_ids[:50]
    ours = [n for n in (request_number_in(i) for i in ids) if n is not None]
    if ours:
        found = {r.number: r for r in visible.filter(number__in=ours)}
        for wanted in ours:
            if wanted in found:
                return found[wanted]
    theirs = [i for i in ids if request_number_in(i) is None]
    if theirs:
        filed = dict(
            InboundMessage.objects.filter(message_id__in=theirs, request__isnull=False)
            .order_by("id")
            .values_list("message_id", "request_id")
        )
        candidates = [filed[i] for i in theirs if i in filed]
        if candidates:
            found_by_pk = {r.pk: r for r in visible.filter(pk__in=candidates)}
            for pk in candidates:
                if pk in found_by_pk:
                    return found_by_pk[pk]
    numbers = subject_numbers(parsed.subject)
    if numbers:
        return visible.filter(number__in=numbers).order_by("-number").first()
    return None


def refused(parsed: Parsed, found: ServiceRequest | None) -> list[str]:
    """The references in the subject that name a request the sender may not
    read (noted on what is filed; never acted on)."""
    numbers = [n for n in subject_numbers(parsed.subject) if found is None or n != found.number]
    return [f"T-{n}" for n in numbers]
