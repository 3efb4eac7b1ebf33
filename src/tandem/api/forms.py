from __future__ import annotations

from django import forms

from tandem.api.models import SCOPES
from tandem.api.services import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses it, for example: monitoring.")
    scopes = forms.MultipleChoiceField(
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="The token can do only these, and never more than you can.",
    )
    days = forms.IntegerField(
        min_value=1, max_value=MAX_DAYS, initial=90, label="Expires after (days)"
    )
