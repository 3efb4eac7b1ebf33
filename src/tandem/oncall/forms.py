"""Forms of the on-call pages: a rotation (its members in turn order) and an
override."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from tandem.accounts.forms import TIME_ZONE_CHOICES, TextForm
from tandem.accounts.models import Person
from tandem.oncall.models import Period, Rotation

PLACES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")


class RotationForm(TextForm):
    name = forms.CharField(max_length=100)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="America/New_York")
    handoff_time = forms.TimeField(
        label="Hand-off time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial="09:00",
    )
    period_days = forms.TypedChoiceField(
        choices=Period.choices, coerce=int, label="Hand off", initial=Period.WEEKLY
    )
    starts_on = forms.DateField(
        label="First turn starts on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, staff: QuerySet[Person], rotation: Rotation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        current = list(rotation.members.values_list("person__uuid", flat=True)) if rotation else []
        for i, label in enumerate(PLACES):
            self.fields[f"member_{i}"] = forms.ModelChoiceField(
                queryset=staff,
                to_field_name="uuid",
                required=i == 0,
                label=f"{label} on call",
                initial=current[i] if i < len(current) else None,
            )
        if rotation is not None:
            self.initial.update(
                name=rotation.name,
                time_zone=rotation.time_zone,
                handoff_time=rotation.handoff_time,
                period_days=rotation.period_days,
                starts_on=rotation.starts_on,
            )

    def member_fields(self) -> list[forms.BoundField]:
        return [self[f"member_{i}"] for i in range(len(PLACES))]

    def members(self) -> list[Person]:
        return [
            self.cleaned_data[f"member_{i}"]
            for i in range(len(PLACES))
            if self.cleaned_data.get(f"member_{i}")
        ]


class OverrideForm(TextForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), to_field_name="uuid", label="Who is on call"
    )
    starts_at = forms.DateTimeField(
        label="From", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label="Until", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(max_length=200, label="Why")

    def __init__(self, *args: Any, staff: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff
