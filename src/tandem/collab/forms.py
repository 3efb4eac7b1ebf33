"""The decision editor, the signing form and the log's search."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms

from tandem.accounts.forms import MAX_PASSWORD_LENGTH, TextForm
from tandem.collab import actions, changes, concerns, decisions
from tandem.collab.models import ActionStatus, CheckResult, ConcernAbout, DecisionStatus, Risk

FORM_OPTIONS = 4  # option fieldsets shown; blank ones are ignored


def _text(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=decisions.MAX_TEXT,
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DecisionForm(TextForm):
    practice = forms.ChoiceField(label="Practice")
    title = forms.CharField(max_length=200, help_text="What is decided, in a few words.")
    context = _text("Context", "Why a decision is needed now: the problem, what HIPAA asks.")
    practice_position = _text("The practice's position", rows=3)
    provider_position = _text("The provider's position", rows=3)
    discussion = _text("Discussion", "What was said, by whom, and when.", rows=3)
    recommended = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Recommended option"
    )

    def __init__(self, *args: Any, practices: list[tuple[str, str]] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if practices is None:
            del self.fields["practice"]  # editing, or a practice's own admin
        else:
            self.fields["practice"].choices = [("", "Choose a practice"), *practices]  # type: ignore[attr-defined]
        self.fields["recommended"].choices = [  # type: ignore[attr-defined]
            ("", "None yet"),
            *[(str(i), f"Option {i + 1}") for i in range(FORM_OPTIONS)],
        ]

    def option_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (i, [self[f"option_{i}_{n}"] for n in decisions.OPTION_FIELDS])
            for i in range(1, FORM_OPTIONS + 1)
        ]

    def draft(self) -> decisions.Draft:
        data = self.cleaned_data
        return decisions.Draft(
            title=data["title"],
            context=data["context"],
            options=[
                {n: data[f"option_{i}_{n}"] for n in decisions.OPTION_FIELDS}
                for i in range(1, FORM_OPTIONS + 1)
            ],
            recommended=data["recommended"],
            practice_position=data["practice_position"],
            provider_position=data["provider_position"],
            discussion=data["discussion"],
        )

    @classmethod
    def initial_for(cls, decision: Any) -> dict[str, Any]:
        initial = {
            name: getattr(decision, name)
            for name in (
                "title",
                "context",
                "practice_position",
                "provider_position",
                "discussion",
                "recommended",
            )
        }
        for i, option in enumerate(decision.options[:FORM_OPTIONS], start=1):
            for name in decisions.OPTION_FIELDS:
                initial[f"option_{i}_{name}"] = option.get(name, "")
        return initial


OPTION_LABELS = {"title": "Option", "pros": "For it", "cons": "Against it", "cost": "Cost",
                 "risk": "Risk"}  # fmt: skip
# The option fieldsets, declared on the class (so TextForm checks them like the rest).
for _i in range(1, FORM_OPTIONS + 1):
    for _name, _limit in decisions.OPTION_LIMITS.items():
        DecisionForm.base_fields[f"option_{_i}_{_name}"] = forms.CharField(
            required=False,
            max_length=_limit,
            label=OPTION_LABELS[_name],
            widget=forms.Textarea(attrs={"rows": 2})
            if _name in ("pros", "cons")
            else forms.TextInput(),
        )


class SignForm(TextForm):
    meaning = forms.ChoiceField(
        choices=[("agree", "I agree to this decision"), ("reject", "I reject it")],
        widget=forms.RadioSelect,
        label="Your signature",
    )
    comment = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Comment",
        help_text="Needed when you reject: the other side reads it.",
    )
    password = forms.CharField(
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="Signing asks who you are again, whoever is signed in.",
    )
    code = forms.CharField(
        required=False,
        max_length=12,
        label="Code from your authenticator app",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    content_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not password.strip():
            raise forms.ValidationError("This field is required.", code="required")
        return password

    def __init__(self, *args: Any, needs_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]
        else:
            self.fields["code"].required = True


class LogSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search the decisions")
    practice = forms.CharField(required=False, max_length=60, label="Practice")
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *DecisionStatus.choices], label="Status"
    )


class LinkForm(TextForm):
    request = forms.CharField(
        max_length=20, label="Request", help_text="Its reference, like T-1042."
    )


# Change requests -----------------------------------------------------------------


def _long(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=changes.MAX_TEXT,
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ChangeForm(TextForm):
    title = forms.CharField(max_length=200, label="What changes", help_text="In a few words.")
    description = _long("In detail", "What will be done, step by step.", rows=4)
    reason = _long("Why")
    sites = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Sites affected",
        help_text="The window is checked against each one's clinic hours, in its time zone.",
    )
    systems = forms.CharField(
        required=False, max_length=500, label="Systems affected", help_text="EHR, phones, Wi-Fi…"
    )
    risk = forms.ChoiceField(choices=Risk.choices, widget=forms.RadioSelect, initial=Risk.LOW)
    risk_notes = _long("What could go wrong")
    rollback_plan = _long("Rollback plan", "How it is undone if it goes wrong.")
    starts_at = forms.DateTimeField(
        label="Window starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label="Window ends",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    time_zone = forms.ChoiceField(label="Time zone of the window")
    emergency_justification = _long(
        "Emergency justification",
        "Only when the window cannot avoid clinic hours: why it cannot wait.",
    )

    def __init__(
        self, *args: Any, sites: list[tuple[str, str]], zones: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].choices = sites  # type: ignore[attr-defined]
        self.fields["time_zone"].choices = [(z, z) for z in zones]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone = cleaned.get("time_zone")
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None and zone:
                # The browser sends wall-clock time: read it in the chosen zone.
                naive = value.replace(tzinfo=None)
                cleaned[name] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        return cleaned


class DecideForm(TextForm):
    meaning = forms.ChoiceField(
        choices=[
            ("approve", "Approve this change"),
            ("ask_changes", "Ask for changes"),
            ("reject", "Reject it"),
        ],
        widget=forms.RadioSelect,
        label="Your answer",
    )
    comment = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Comment",
        help_text="Needed to reject or ask for changes: say why, or what should change.",
    )
    password = SignForm.base_fields["password"]
    content_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)
    clean_password = SignForm.clean_password

    def __init__(self, *args: Any, needs_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["code"] = forms.CharField(
                max_length=12,
                label="Code from your authenticator app",
                widget=forms.TextInput(
                    attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
                ),
            )


class StepForm(TextForm):
    step = forms.ChoiceField(choices=[(s, s) for s in changes.STEPS], widget=forms.HiddenInput)
    notes = _long("Notes", "What was done; for a rollback, what went wrong.")


class CheckForm(TextForm):
    result = forms.ChoiceField(
        choices=CheckResult.choices, widget=forms.RadioSelect, label="After the change"
    )
    notes = _long("Notes", "What was checked; what is wrong, if anything.")


# The action plan -------------------------------------------------------------------


class ActionForm(TextForm):
    title = forms.CharField(max_length=200, label="What is to be done")
    owner = forms.ChoiceField(
        label="Owner", help_text="One person, of the practice or of the provider."
    )
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        required=False,
        max_length=actions.MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Notes",
    )

    def __init__(
        self, *args: Any, owners: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose the owner"), *owners]  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


# Concerns ---------------------------------------------------------------------------

STRENGTHS = [
    ("1", "1: a little"),
    ("2", "2"),
    ("3", "3: it matters"),
    ("4", "4"),
    ("5", "5: very strongly"),
]


class ConcernForm(TextForm):
    title = forms.CharField(max_length=200, label="What concerns you", help_text="In a sentence.")
    about = forms.ChoiceField(
        choices=ConcernAbout.choices, widget=forms.RadioSelect, label="It is about"
    )
    about_person = forms.ChoiceField(
        required=False, label="Who", help_text="When it is about a person."
    )
    strength = forms.TypedChoiceField(
        choices=STRENGTHS, coerce=int, widget=forms.RadioSelect, label="How strongly you feel"
    )
    description = forms.CharField(
        required=False,
        max_length=concerns.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Tell us more",
    )
    restricted = forms.BooleanField(
        required=False,
        label="Only the provider's managers and me",
        help_text="Your practice's admins will not see it, and neither will the person it is "
        "about.",
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about_person"].choices = [("", "Nobody in particular"), *people]  # type: ignore[attr-defined]


class ConcernTextForm(TextForm):
    text = forms.CharField(
        max_length=concerns.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your response",
    )


class ConcernNoteForm(TextForm):
    note = forms.CharField(
        required=False,
        max_length=concerns.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="A note to the practice",
    )


class ConcernConfirmForm(TextForm):
    addressed = forms.TypedChoiceField(
        choices=[("yes", "Yes, it was addressed"), ("no", "Not yet")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Was your concern addressed?",
    )
    comment = forms.CharField(
        required=False,
        max_length=concerns.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comment",
        help_text="Needed when it is not addressed yet: say what is missing.",
    )
