"""Forms for organizations, sites and people. Field errors are shown beside
the field; services raise ValidationError dicts that views attach back here."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from tandem.accounts.choices import Role, Weekday, roles_for
from tandem.accounts.models import TIME_ZONES, Organization, Person, Site
from tandem.accounts.services import SITE_FIELDS

MAX_LOGO_BYTES = 200 * 1024
# US practices first, in the words people use; every other zone after them.
US_TIME_ZONES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Arizona (Phoenix, no daylight saving)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
]
TIME_ZONE_CHOICES = [
    ("United States", US_TIME_ZONES),
    ("All time zones", [(z, z) for z in TIME_ZONES if z not in dict(US_TIME_ZONES)]),
]
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_NOTES_LENGTH = 20_000
MAX_PASSWORD_LENGTH = 4096  # a longer "password" is an attack on the hasher, not a password


def _decoded(value: Any) -> None:
    """Django decodes bytes that are not UTF-8 to U+FFFD; refuse rather than store them."""
    if isinstance(value, str) and "\ufffd" in value:
        raise forms.ValidationError(
            "This contains characters that were not sent as UTF-8. Type it again.",
            code="invalid_utf8",
        )


class TextForm(forms.Form):
    """A form whose text fields refuse invalid UTF-8 (Django's CharField already
    refuses NUL bytes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(_decoded)


class ClientForm(TextForm):
    name = forms.CharField(max_length=200, label="Practice name")
    phone = forms.CharField(max_length=40, required=False, label="Main phone")


class OrganizationForm(TextForm):
    name = forms.CharField(max_length=200)
    phone = forms.CharField(max_length=40, required=False, label="Main phone")
    idle_timeout_minutes = forms.IntegerField(
        min_value=2,
        max_value=240,
        label="Sign people out after (minutes without activity)",
        help_text="Automatic logoff, as HIPAA asks. 15 minutes suits most front desks.",
    )
    require_mfa = forms.BooleanField(
        required=False,
        label="Require two-factor sign-in for everyone in the practice",
        help_text="People without it are asked to set it up at their next page.",
    )
    security_official = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text="HIPAA requires a designated security official.",
    )
    privacy_official = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text="HIPAA requires a designated privacy official.",
    )

    internal_notes = forms.CharField(
        required=False,
        max_length=MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Internal notes",
        help_text="Seen by provider staff only, never by the practice.",
    )

    def __init__(
        self, *args: Any, organization: Organization, staff: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not staff or organization.is_provider:
            del self.fields["internal_notes"]
        people = Person.objects.filter(organization=organization, is_active=True)
        self.fields["security_official"].queryset = people  # type: ignore[attr-defined]
        self.fields["privacy_official"].queryset = people  # type: ignore[attr-defined]
        if organization.is_provider:
            # Provider staff always need a second factor; nothing to choose.
            del self.fields["security_official"], self.fields["privacy_official"]
            del self.fields["require_mfa"]


class SiteForm(TextForm):
    name = forms.CharField(max_length=200)
    address_line1 = forms.CharField(max_length=200, required=False, label="Address")
    address_line2 = forms.CharField(max_length=200, required=False, label="Address (line 2)")
    city = forms.CharField(max_length=100, required=False)
    state = forms.CharField(max_length=50, required=False)
    postal_code = forms.CharField(max_length=20, required=False, label="ZIP code")
    phone = forms.CharField(max_length=40, required=False)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="America/New_York")
    always_open = forms.BooleanField(
        required=False,
        label="Open around the clock (24/7)",
        help_text="Changes then go in the low-impact windows below, not outside clinic hours.",
    )

    def __init__(self, *args: Any, site: Site | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low = {w.weekday: w for w in site.low_impact.all()} if site else {}
        for day in Weekday:
            window = low.get(day.value)
            for name, label, value in (
                ("low_starts", "low-impact window starts", window.starts if window else None),
                ("low_ends", "low-impact window ends", window.ends if window else None),
            ):
                self.fields[f"{name}_{day.value}"] = forms.TimeField(
                    required=False,
                    label=f"{day.label} {label}",
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                    initial=value,
                )
        existing = {h.weekday: h for h in site.hours.all()} if site else {}
        for day in Weekday:
            hours = existing.get(day.value)
            self.fields[f"opens_{day.value}"] = forms.TimeField(
                required=False,
                label=f"{day.label} opens",
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                initial=hours.opens if hours else None,
            )
            self.fields[f"closes_{day.value}"] = forms.TimeField(
                required=False,
                label=f"{day.label} closes",
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                initial=hours.closes if hours else None,
            )

    def weekday_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(d.label, self[f"opens_{d.value}"], self[f"closes_{d.value}"]) for d in Weekday]

    def low_impact_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (d.label, self[f"low_starts_{d.value}"], self[f"low_ends_{d.value}"]) for d in Weekday
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours: dict[int, tuple[time, time]] = {}
        for day in Weekday:
            opens, closes = cleaned.get(f"opens_{day.value}"), cleaned.get(f"closes_{day.value}")
            if opens is None and closes is None:
                continue
            if opens is None or closes is None:
                self.add_error(
                    f"closes_{day.value}", "Give both times, or neither for a closed day."
                )
            elif closes <= opens:
                self.add_error(f"closes_{day.value}", "Closing time must be after opening time.")
            else:
                hours[day.value] = (opens, closes)
        cleaned["hours"] = hours
        low: dict[int, tuple[time, time]] = {}
        for day in Weekday:
            starts, ends = (
                cleaned.get(f"low_starts_{day.value}"),
                cleaned.get(f"low_ends_{day.value}"),
            )
            if starts is None and ends is None:
                continue
            if starts is None or ends is None:
                self.add_error(f"low_ends_{day.value}", "Give both times, or neither.")
            elif ends <= starts:
                self.add_error(f"low_ends_{day.value}", "The end must be after the start.")
            else:
                low[day.value] = (starts, ends)
        if cleaned.get("always_open") and not low and not self.has_error("always_open"):
            self.add_error(
                "always_open",
                "A site open around the clock declares at least one low-impact window.",
            )
        cleaned["low_impact"] = low
        return cleaned

    def site_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in SITE_FIELDS}


class InviteForm(TextForm):
    full_name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField()

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organization.kind)  # type: ignore[attr-defined]
        # The least powerful role is preselected: granting admin must be a choice.
        self.fields["role"].initial = (
            Role.TECHNICIAN if organization.is_provider else Role.CLIENT_MEMBER
        )


class ContactForm(InviteForm):
    phone = forms.CharField(max_length=40, required=False)
    job_title = forms.CharField(max_length=100, required=False)


class PersonForm(TextForm):
    full_name = forms.CharField(max_length=200, label="Full name")
    phone = forms.CharField(max_length=40, required=False)
    job_title = forms.CharField(max_length=100, required=False)
    role = forms.ChoiceField()
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), required=False, to_field_name="uuid"
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(person.organization.kind)  # type: ignore[attr-defined]
        self.fields["site"].queryset = Site.objects.filter(organization=person.organization_id)  # type: ignore[attr-defined]


class AssignmentsForm(forms.Form):
    restricted = forms.BooleanField(
        required=False,
        label="Limit to the practices ticked below",
        help_text="Unticked: this person sees every practice.",
    )
    clients = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.filter(kind="client"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Assigned practices",
    )


class BrandingForm(TextForm):
    name = forms.CharField(max_length=200, label="Provider name")
    support_phone = forms.CharField(max_length=40, label="Support phone")
    support_email = forms.EmailField(required=False, label="Support email")
    support_hours = forms.CharField(
        max_length=200,
        required=False,
        label="Support hours",
        help_text="For example: Mon-Fri 7am-7pm Central; 24/7 for outages.",
    )
    logo = forms.FileField(required=False, help_text="PNG or JPEG, at most 200 KB.")

    def clean_logo(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > MAX_LOGO_BYTES:
            raise forms.ValidationError("The logo must be at most 200 KB.")
        data = upload.read()
        for magic, content_type in LOGO_TYPES.items():
            if data.startswith(magic):
                return data, content_type
        raise forms.ValidationError("The logo must be a PNG or JPEG image.")


class AcceptInvitationForm(TextForm):
    full_name = forms.CharField(max_length=200, label="Your full name")
    password1 = forms.CharField(
        max_length=MAX_PASSWORD_LENGTH,
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password.",
    )
    password2 = forms.CharField(
        max_length=MAX_PASSWORD_LENGTH,
        label="Repeat the password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords differ.")
        elif p1:
            try:
                validate_password(p1, self.person)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class EmergencyAccessForm(TextForm):
    slug = forms.SlugField(
        max_length=60,
        label="Practice code",
        help_text="The short code in the practice's address or on the page you received, "
        "for example riverside.",
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why you need access now",
        help_text="The practice's admins read this. For example: paged for the Westside "
        "clinic's network outage, its assigned technician is off shift.",
    )
