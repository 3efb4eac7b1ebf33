"""Desk forms. Choices that depend on who is asking (sites, contacts, staff)
are set by the view; the services check them again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from tandem.accounts.choices import AssignmentMode
from tandem.accounts.forms import TextForm
from tandem.desk import redaction
from tandem.desk.attachments import MAX_FILES, CheckedFile, check_all
from tandem.desk.choices import Category, Impact, Priority, Status, Urgency
from tandem.desk.queries import QUEUES
from tandem.desk.saved_views import SORT_LABELS
from tandem.desk.services import MAX_BODY, MAX_MINUTES
from tandem.sla.choices import BUSINESS_DAY, Coverage


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def promise_text(minutes: int, coverage: str = Coverage.ALWAYS) -> str:
    """As the practice reads a first-response target: 15 minutes, 4 hours, 2
    days around the clock; 1 business hour, 1 business day in business hours
    (a business day being the SLA's eight business hours)."""
    if coverage == Coverage.BUSINESS:
        if minutes % BUSINESS_DAY == 0:
            return f"we answer within {_count(minutes // BUSINESS_DAY, 'business day')}"
        if minutes % 60 == 0:
            return f"we answer within {_count(minutes // 60, 'business hour')}"
        return f"we answer within {minutes} business minutes"
    if minutes < 60 or (minutes < 24 * 60 and minutes % 60):
        return f"we answer within {minutes} minutes"
    if minutes < 24 * 60:
        return f"we answer within {_count(minutes // 60, 'hour')}"
    return f"we answer within {_count(minutes // (24 * 60), 'day')}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one field; each is checked by tandem.desk.attachments."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Attach files")
        kwargs.setdefault(
            "help_text",
            f"Up to {MAX_FILES} files: screenshots, PDFs, documents, logs. "
            f"At most {settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB each.",
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not uploads:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        try:
            return check_all(uploads)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class GetHelpForm(TextForm):
    impact = forms.ChoiceField(
        choices=Impact.choices, widget=forms.RadioSelect, label="How bad is it?"
    )
    subject = forms.CharField(max_length=200, label="What do you need help with?")
    body = forms.CharField(
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What is happening?",
        help_text="What you see, since when, and what you tried. Leave patients' details out.",
    )
    category = forms.ChoiceField(choices=Category.choices, label="What is it about?")
    site = forms.ChoiceField(required=False, label="Where?")
    affected = forms.CharField(max_length=200, required=False, label="Who is affected?")
    callback_phone = forms.CharField(
        max_length=40, required=False, label="Phone number to call you back"
    )
    attachments = FilesField()

    def __init__(
        self, *args: Any, sites: list[tuple[str, str]], promises: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "—"), *sites]  # type: ignore[attr-defined]
        # The response promise for each impact, beside the choice, before sending.
        self.fields["impact"].choices = [  # type: ignore[attr-defined]
            (value, f"{label} ({promises[value]})") if value in promises else (value, label)
            for value, label in Impact.choices
        ]


class PhoneLogForm(TextForm):
    requester = forms.ChoiceField(label="Caller")
    callback_phone = forms.CharField(max_length=40, required=False, label="Callback number")
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}), label="Call notes"
    )
    category = forms.ChoiceField(choices=Category.choices)
    impact = forms.ChoiceField(choices=Impact.choices)
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.MEDIUM)
    site = forms.ChoiceField(required=False)
    time_spent_minutes = forms.IntegerField(
        min_value=0, max_value=MAX_MINUTES, required=False, label="Time on the call (minutes)"
    )

    def __init__(
        self,
        *args: Any,
        contacts: list[tuple[str, str]],
        sites: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].choices = [("", "—"), *contacts]  # type: ignore[attr-defined]
        self.fields["site"].choices = [("", "—"), *sites]  # type: ignore[attr-defined]


class ReplyForm(TextForm):
    body = forms.CharField(
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your message",
        help_text="Markdown works. Mention someone with @ and their full name.",
    )
    attachments = FilesField()


class StaffReplyForm(ReplyForm):
    kind = forms.ChoiceField(
        choices=[
            ("public", "Reply to the practice"),
            ("internal", "Internal note (provider only)"),
        ],
        widget=forms.RadioSelect,
        initial="public",
        label="Send as",
    )
    ask_practice = forms.BooleanField(
        required=False, label="This asks the practice something: wait for their answer"
    )
    time_spent_minutes = forms.IntegerField(
        min_value=0, max_value=MAX_MINUTES, required=False, label="Time spent (minutes)"
    )


class EditMessageForm(TextForm):
    body = forms.CharField(
        max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 8}), label="Text"
    )


class RedactForm(TextForm):
    passage = forms.CharField(
        max_length=redaction.MAX_PASSAGE,
        min_length=redaction.MIN_PASSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Exact text to remove",
        help_text="Copy it from the message. Every copy in this request is replaced by "
        f"{redaction.MARKER}, whatever its capitals.",
    )
    reason = forms.ChoiceField(choices=list(redaction.REASONS.items()), label="Why")


class DeleteFileForm(forms.Form):
    reason = forms.ChoiceField(choices=list(redaction.REASONS.items()), label="Why")


class VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label="Status")

    def __init__(self, *args: Any, allowed: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = allowed  # type: ignore[attr-defined]


class AssignForm(VersionedForm):
    assignee = forms.ChoiceField(required=False, label="Assigned to")

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "Nobody"), *staff]  # type: ignore[attr-defined]


class MergeForm(VersionedForm):
    into = forms.CharField(
        max_length=24,
        label="Merge into",
        help_text="The reference of the request that stays (T-1042). This one's conversation "
        "moves there and this one closes. Same practice only.",
    )


class LinkForm(forms.Form):
    ref = forms.CharField(
        max_length=24,
        label="Related request",
        help_text="Its reference (T-1042). A request of another practice is linked for the "
        "provider's staff only.",
    )


class TeamPickForm(VersionedForm):
    team = forms.ChoiceField(required=False, label="Team")

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "No team"), *teams]  # type: ignore[attr-defined]


class TeamForm(TextForm):
    """A team: its name, lead, members, how it assigns, what it takes."""

    name = forms.CharField(max_length=100)
    lead = forms.ChoiceField(required=False, help_text="The lead is a member too.")
    assignment = forms.ChoiceField(
        choices=AssignmentMode.choices,
        widget=forms.RadioSelect,
        label="New requests for this team go to",
        help_text="People who are away, or who do not see the practice, are skipped.",
    )
    members = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Members"
    )
    categories = forms.MultipleChoiceField(
        required=False,
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Takes new requests about",
        help_text="A category has one team: choosing it here takes it from another team.",
    )

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "No lead"), *staff]  # type: ignore[attr-defined]
        self.fields["members"].choices = staff  # type: ignore[attr-defined]


class TriageForm(VersionedForm, TextForm):
    impact = forms.ChoiceField(choices=Impact.choices)
    urgency = forms.ChoiceField(choices=Urgency.choices)
    priority = forms.TypedChoiceField(
        choices=[("", "From the matrix"), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        max_length=500, label="Why (the practice sees this)", widget=forms.TextInput
    )


class MatrixForm(forms.Form):
    """The impact x urgency matrix (response targets are the SLA policies')."""

    def __init__(self, *args: Any, matrix: dict[tuple[str, str], int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for impact, impact_label in Impact.choices:
            for urgency, urgency_label in Urgency.choices:
                self.fields[f"cell_{impact}_{urgency}"] = forms.TypedChoiceField(
                    choices=Priority.choices,
                    coerce=int,
                    initial=matrix.get((impact, urgency)),
                    label=f"{impact_label}, {urgency_label.split(':')[0].lower()} urgency",
                )


RATINGS = [
    ("5", "5: excellent"),
    ("4", "4: good"),
    ("3", "3: all right"),
    ("2", "2: poor"),
    ("1", "1: very poor"),
]


class RatingForm(TextForm):
    rating = forms.ChoiceField(choices=RATINGS, widget=forms.RadioSelect, label="How did we do?")
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything to add?",
    )


class MacroForm(TextForm):
    name = forms.CharField(max_length=100)
    body = forms.CharField(
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Reply",
        help_text="Markdown works. Placeholders: {requester_name}, {reference}, {subject}, "
        "{practice}, {site}, {technician} (you).",
    )
    shared = forms.BooleanField(required=False, label="Shared with all staff")
    set_status = forms.ChoiceField(
        required=False,
        choices=[("", "Leave the status"), *Status.choices],
        label="Then set the status to",
    )
    set_priority = forms.TypedChoiceField(
        required=False,
        choices=[("", "Leave the priority"), *Priority.choices],
        coerce=int,
        empty_value=None,
        label="Then set the priority to",
    )

    def __init__(self, *args: Any, can_share: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_share:
            del self.fields["shared"]


class SavedViewForm(TextForm):
    """A saved view: its name, who sees it, and the queue filters it keeps."""

    name = forms.CharField(max_length=80, label="Name of the view")
    share_with = forms.ChoiceField(required=False, label="Share with")
    queue = forms.ChoiceField(required=False, label="Queue")
    client = forms.ChoiceField(required=False, label="Practice")
    team = forms.ChoiceField(required=False, label="Team")
    category = forms.ChoiceField(
        required=False, choices=[("", "All categories"), *Category.choices], label="Category"
    )
    priority = forms.TypedChoiceField(
        required=False,
        choices=[("", "All priorities"), *Priority.choices],
        coerce=int,
        empty_value=None,
        label="Priority",
    )
    phi = forms.BooleanField(required=False, label="Only requests with patient information")
    sort = forms.ChoiceField(required=False, label="Sort")

    def __init__(
        self,
        *args: Any,
        teams: list[tuple[str, str]],
        clients: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["share_with"].choices = [("", "Only me"), *teams]  # type: ignore[attr-defined]
        self.fields["queue"].choices = list(QUEUES.items())  # type: ignore[attr-defined]
        self.fields["client"].choices = [("", "All practices"), *clients]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "All teams"), *teams]  # type: ignore[attr-defined]
        self.fields["sort"].choices = list(SORT_LABELS.items())  # type: ignore[attr-defined]


class BulkForm(TextForm):
    """What to do to the ticked requests."""

    action = forms.ChoiceField(
        choices=[
            ("", "Choose…"),
            ("assign", "Assign to"),
            ("status", "Set the status to"),
            ("note", "Add an internal note"),
        ],
        label="With the ticked requests",
    )
    assignee = forms.ChoiceField(required=False, label="Assign to")
    status = forms.ChoiceField(
        required=False, choices=[("", "Choose…"), *Status.choices], label="New status"
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Internal note (staff only)",
    )

    def __init__(self, *args: Any, assignees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["assignee"].choices = [("", "Nobody (unassign)"), *assignees]  # type: ignore[attr-defined]
