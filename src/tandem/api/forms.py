from __future__ import annotations

from typing import Any

from django import forms

from tandem.accounts.choices import OrgKind, Role, roles_for
from tandem.accounts.models import Organization
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


class ServiceAccountForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="The system it stands for, e.g. RMM alerts.")
    description = forms.CharField(
        max_length=300, required=False, help_text="What it does and who looks after it."
    )
    role = forms.ChoiceField(
        help_text="It can do what this role can in the organization, limited by its tokens' scopes."
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organization.kind)  # type: ignore[attr-defined]
        # Least privilege first: an integration rarely needs an admin's powers.
        self.fields["role"].initial = (
            Role.TECHNICIAN if organization.kind == OrgKind.PROVIDER else Role.CLIENT_MEMBER
        )
