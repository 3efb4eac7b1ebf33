"""The PHI guard on the desk's forms: before a request or a message is
stored, its text is checked (core.phi); if something looks like a patient's
identifier the writer is shown what, and chooses to remove it (each replaced
by a marker such as [redacted: Social Security number]) or to send it as
written because it is needed (the request and message then carry
contains_phi, which staff filter on). Nothing is stored until they choose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import Organization, Person, Site
from tandem.core import phi

REDACT, KEEP = "redact", "keep"


@dataclass
class Screened:
    texts: dict[str, str]
    contains_phi: bool = False
    findings: dict[str, list[phi.Finding]] = field(default_factory=dict)

    @property
    def held(self) -> bool:
        """Something looks like PHI and the writer has not chosen yet."""
        return bool(self.findings)

    def for_form(self, form: Any) -> list[tuple[str, list[phi.Finding]]]:
        """What the warning lists: each field's label with its findings."""
        return [(str(form.fields[name].label), f) for name, f in self.findings.items()]


def own_contacts(organization: Organization) -> list[str]:
    """The practice's own phone numbers and email addresses (and its
    provider's): an IT request names them all the time; they are not PHI."""
    values = [organization.phone]
    values += Site.objects.filter(organization=organization).values_list("phone", flat=True)
    people = Person.objects.filter(organization=organization).values_list("email", "phone")
    values += [v for pair in people for v in pair]
    provider = Organization.objects.filter(kind=OrgKind.PROVIDER).first()
    if provider is not None:
        values += [provider.phone, provider.support_phone, provider.support_email]
    return [v for v in values if v]


def screen(texts: Mapping[str, str], *, organization: Organization, decision: str = "") -> Screened:
    """Check each named text. `decision`: "" (hold if anything is found),
    "redact" or "keep"."""
    own = own_contacts(organization)
    found = {name: phi.check(text, own=own) for name, text in texts.items()}
    found = {name: f for name, f in found.items() if f}
    if not found:
        return Screened(dict(texts))
    if decision == REDACT:
        return Screened(
            {name: phi.redact(text, found.get(name, [])) for name, text in texts.items()}
        )
    if decision == KEEP:
        return Screened(dict(texts), contains_phi=True)
    return Screened(dict(texts), findings=found)
