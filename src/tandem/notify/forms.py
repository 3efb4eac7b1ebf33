from __future__ import annotations

from typing import Any

from django import forms

from tandem.accounts.forms import TIME_ZONE_CHOICES
from tandem.notify.models import OPTIONAL_KINDS, NoticeKind


class PreferencesForm(forms.Form):
    time_zone = forms.ChoiceField(
        choices=[("", "My site's time zone"), *TIME_ZONE_CHOICES],
        required=False,
        label="Show times in",
    )
    email = forms.MultipleChoiceField(
        choices=[(k.value, k.label) for k in NoticeKind if k in OPTIONAL_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Also email me when",
        help_text="Replies to you, assignments and mentions are always emailed; "
        "everything is listed under Notices.",
    )

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["away_until"] = forms.DateTimeField(
                required=False,
                label="Away until",
                input_formats=["%Y-%m-%dT%H:%M"],
                widget=forms.DateTimeInput(
                    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
                ),
                help_text="Leave, sick day, training: your teams assign no new requests to you "
                "until then (in your time zone). Empty it when you are back.",
            )
