"""Forms of the on-call pages: a rotation (its members in turn order) and an
override."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from tandem.accounts.forms import TIME_ZONE_CHOICES, TextForm
from tandem.accounts.models import Person
from tandem.oncall.models import Period, Rotation, TargetKind

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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: set[int] = set()
        for i in range(len(PLACES)):
            person = data.get(f"member_{i}")
            if person is not None and person.pk in seen:
                self.add_error(f"member_{i}", "Already in the order: each person takes one place.")
            elif person is not None:
                seen.add(person.pk)
        return data

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


LEVELS = ("First", "Second", "Third", "Fourth")
PRIORITY_CHOICES = [(1, "P1"), (2, "P2"), (3, "P3"), (4, "P4")]


class PolicyForm(TextForm):
    name = forms.CharField(max_length=100)
    priorities = forms.TypedMultipleChoiceField(
        choices=PRIORITY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Pages for these priorities",
        initial=[1],
    )
    out_of_hours = forms.BooleanField(
        required=False, initial=True, label="Page at once when one is raised outside business hours"
    )
    on_breach = forms.BooleanField(
        required=False, initial=True, label="Page at once when one misses a service-level deadline"
    )
    repeats = forms.IntegerField(
        min_value=0, max_value=5, initial=2, label="If nobody acknowledges, run the levels again"
    )

    def __init__(
        self,
        *args: Any,
        staff: QuerySet[Person],
        rotations: QuerySet[Rotation],
        policy: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")]
        choices += [(f"rotation:{r.uuid}", f"On call in {r.name}") for r in rotations]
        choices += [(f"person:{p.uuid}", p.full_name) for p in staff]
        self._rotations = {f"rotation:{r.uuid}": r for r in rotations}
        self._people = {f"person:{p.uuid}": p for p in staff}
        current = list(policy.levels.select_related("rotation", "person")) if policy else []
        for i, label in enumerate(LEVELS):
            level = current[i] if i < len(current) else None
            who = ""
            if level is not None:
                who = (
                    f"rotation:{level.rotation.uuid}"
                    if level.rotation
                    else f"person:{level.person.uuid}"
                )
            self.fields[f"level_{i}"] = forms.ChoiceField(
                choices=choices, required=i == 0, label=f"{label} level pages", initial=who
            )
            self.fields[f"delay_{i}"] = forms.IntegerField(
                min_value=1,
                max_value=120,
                required=False,
                label="Minutes to acknowledge",
                initial=level.delay_minutes if level else (5 if i == 0 else 10),
            )
        if policy is not None:
            self.initial.update(
                name=policy.name,
                priorities=policy.priorities,
                out_of_hours=policy.out_of_hours,
                on_breach=policy.on_breach,
                repeats=policy.repeats,
            )

    def level_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"level_{i}"], self[f"delay_{i}"]) for i in range(len(LEVELS))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(len(LEVELS)):
            delay = f"delay_{i}"
            if data.get(f"level_{i}") and not data.get(delay) and delay not in self.errors:
                self.add_error(delay, "How long does this level have to acknowledge?")
        return data

    def steps(self) -> list[Any]:
        from tandem.oncall.policies import Step

        out = []
        for i in range(len(LEVELS)):
            who = self.cleaned_data.get(f"level_{i}")
            if who:
                out.append(
                    Step(
                        rotation=self._rotations.get(who),
                        person=self._people.get(who),
                        delay_minutes=self.cleaned_data[f"delay_{i}"],
                    )
                )
        return out


class TargetForm(TextForm):
    kind = forms.ChoiceField(choices=TargetKind.choices, label="Where")
    label = forms.CharField(max_length=100, label="Name it", help_text="For example “#on-call”.")
    address = forms.CharField(
        max_length=2000,
        required=False,
        label="Address",
        help_text=(
            "The webhook address you were given. SMS gateway: a URL template with {to} "
            "and {text}. PagerDuty: leave empty."
        ),
    )
    secret = forms.CharField(
        max_length=200,
        required=False,
        label="Secret",
        widget=forms.PasswordInput(render_value=False),
        help_text="PagerDuty: the integration's routing key. Signed JSON: the signing secret.",
    )
    phone = forms.CharField(max_length=40, required=False, label="Number texts go to")
