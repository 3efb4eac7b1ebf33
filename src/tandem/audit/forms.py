"""The audit trail's filters, validated like any form."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from tandem.audit.models import AuditEvent

DATE = forms.DateInput(attrs={"type": "date"})


class EventFilterForm(forms.Form):
    organization = forms.SlugField(required=False, max_length=60)
    person = forms.CharField(required=False, max_length=254, label="Who (email)")
    verb = forms.CharField(required=False, max_length=64, label="Action starts with")
    record = forms.UUIDField(required=False, label="Record id")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """Narrow already-scoped events (the organization filter is applied by
        the view, through the tenancy rule)."""
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(actor__email__iexact=data["person"].strip())
        if data.get("verb"):
            events = events.filter(verb__startswith=data["verb"].strip())
        if data.get("record"):
            events = events.filter(target_id=str(data["record"]))
        zone = timezone.get_current_timezone()
        if data.get("since"):
            events = events.filter(occurred_at__gte=datetime.combine(data["since"], time.min, zone))
        if data.get("until"):
            events = events.filter(occurred_at__lte=datetime.combine(data["until"], time.max, zone))
        return events

    def query_string(self) -> str:
        """The filters, to carry into the next page and the export link."""
        data = {k: v for k, v in (self.data or {}).items() if k in self.fields and v}
        return urlencode(data)
