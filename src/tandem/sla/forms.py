"""Forms of the service-level settings: a calendar's week, one of its days,
a policy's targets, a practice's contract. They turn what a person types
into what sla.terms takes; the services check the rest."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.db.models import QuerySet

from tandem.accounts.forms import TIME_ZONE_CHOICES, TextForm
from tandem.accounts.models import Organization
from tandem.sla.choices import ClockKind, Coverage
from tandem.sla.models import BusinessCalendar, SlaPolicy
from tandem.sla.terms import MAX_TARGET_MINUTES

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PRIORITIES = (1, 2, 3, 4)


def _time(minutes: int) -> time:
    return time(23, 59) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)


def _minutes(value: time) -> int:
    # 23:59 as a closing time means the end of the day.
    return 24 * 60 if value == time(23, 59) else value.hour * 60 + value.minute


def _time_field(label: str, initial: time | None) -> forms.TimeField:
    return forms.TimeField(
        required=False,
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial=initial,
    )


def _span(
    form: forms.Form, cleaned: dict[str, Any], opens_key: str, closes_key: str
) -> list[list[int]] | None:
    """One opening of a day, [] when both times are empty, None on an error."""
    opens, closes = cleaned.get(opens_key), cleaned.get(closes_key)
    if opens is None and closes is None:
        return []
    if opens is None or closes is None:
        form.add_error(closes_key, "Give both times, or neither for a closed day.")
        return None
    if _minutes(closes) <= _minutes(opens):
        form.add_error(closes_key, "Closing time must be after opening time.")
        return None
    return [[_minutes(opens), _minutes(closes)]]


class CalendarForm(TextForm):
    name = forms.CharField(max_length=100)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="America/New_York")
    us_federal_holidays = forms.BooleanField(
        required=False,
        initial=True,
        label="Closed on US federal holidays (and the weekday they are observed on)",
    )
    is_default = forms.BooleanField(
        required=False, label="The default: for practices without a contract"
    )

    def __init__(self, *args: Any, calendar: BusinessCalendar | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        hours = calendar.hours if calendar else {str(d): [[480, 1080]] for d in range(5)}
        if calendar is not None:
            self.initial.update(
                name=calendar.name,
                time_zone=calendar.time_zone,
                us_federal_holidays=calendar.us_federal_holidays,
                is_default=calendar.is_default,
            )
        for day, label in enumerate(WEEKDAYS):
            first = (hours.get(str(day)) or [None])[0]
            self.fields[f"opens_{day}"] = _time_field(
                f"{label} opens", _time(first[0]) if first else None
            )
            self.fields[f"closes_{day}"] = _time_field(
                f"{label} closes", _time(first[1]) if first else None
            )

    def weekday_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (label, self[f"opens_{d}"], self[f"closes_{d}"]) for d, label in enumerate(WEEKDAYS)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours: dict[str, list[list[int]]] = {}
        for day in range(7):
            span = _span(self, cleaned, f"opens_{day}", f"closes_{day}")
            if span:
                hours[str(day)] = span
        cleaned["hours"] = hours
        return cleaned

    def values(self) -> dict[str, Any]:
        keys = ("name", "time_zone", "hours", "us_federal_holidays", "is_default")
        return {k: self.cleaned_data[k] for k in keys}


class DayForm(TextForm):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    opens = _time_field("Opens (empty: closed all day)", None)
    closes = _time_field("Closes", None)
    reason = forms.CharField(max_length=200, label="Why (the practices see it)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["hours"] = _span(self, cleaned, "opens", "closes") or []
        return cleaned


class PolicyForm(TextForm):
    name = forms.CharField(max_length=100)
    warn_at_percent = forms.IntegerField(
        min_value=1, max_value=99, initial=75, label="Warn at (% of a target used)"
    )
    is_default = forms.BooleanField(
        required=False, label="The default: for practices without a contract"
    )

    def __init__(self, *args: Any, policy: SlaPolicy | None = None, **kwargs: Any):
        from tandem.sla.clocks import default_targets

        super().__init__(*args, **kwargs)
        targets = policy.targets if policy else default_targets()
        if policy is not None:
            self.initial.update(
                name=policy.name,
                warn_at_percent=policy.warn_at_percent,
                is_default=policy.is_default,
            )
        for p in PRIORITIES:
            row = targets.get(str(p), {})
            for kind in ClockKind:
                self.fields[f"p{p}_{kind.value}"] = forms.IntegerField(
                    min_value=1,
                    max_value=MAX_TARGET_MINUTES,
                    label=f"P{p} {kind.label.lower()} (minutes)",
                    initial=row.get(kind.value),
                )
            self.fields[f"p{p}_coverage"] = forms.ChoiceField(
                choices=Coverage.choices,
                label=f"P{p} coverage",
                initial=row.get("coverage", Coverage.BUSINESS),
            )

    def priority_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                f"P{p}",
                [self[f"p{p}_{k}"] for k in ClockKind.values] + [self[f"p{p}_coverage"]],
            )
            for p in PRIORITIES
        ]

    def values(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "name": c["name"],
            "warn_at_percent": c["warn_at_percent"],
            "is_default": c["is_default"],
            "targets": {
                str(p): {
                    **{k: c[f"p{p}_{k}"] for k in ClockKind.values},
                    "coverage": c[f"p{p}_coverage"],
                }
                for p in PRIORITIES
            },
        }


class ContractForm(TextForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), to_field_name="slug", label="With the practice"
    )
    name = forms.CharField(max_length=100, initial="Managed services")
    policy = forms.ModelChoiceField(
        queryset=SlaPolicy.objects.order_by("name"), to_field_name="uuid", label="Policy"
    )
    calendar = forms.ModelChoiceField(
        queryset=BusinessCalendar.objects.order_by("name"),
        to_field_name="uuid",
        label="Hours of coverage",
    )
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Starts on")
    ends_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Ends on"
    )

    def __init__(
        self,
        *args: Any,
        practices: QuerySet[Organization],
        contract: Any = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = practices
        if contract is not None:
            del self.fields["organization"]  # a contract stays with its practice
            self.initial.update(
                name=contract.name,
                policy=contract.policy.uuid,
                calendar=contract.calendar.uuid,
                starts_on=contract.starts_on,
                ends_on=contract.ends_on,
            )
