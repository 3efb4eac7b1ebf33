"""The rows of request lists, rendered in Python: a queue page shows 50 of
them, and the template engine's per-variable cost made them most of the
page's time (bench/desk.py). Every value goes through format_html, so
everything is escaped exactly as in a template."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from tandem.desk.models import ServiceRequest
from tandem.sla import display

PATIENT_CARE = '<span class="badge patient-care">Patient care</span> '


def _badges(item: ServiceRequest, now: datetime) -> SafeString:
    care = mark_safe(PATIENT_CARE) if item.patient_care else ""  # noqa: S308 (a constant)
    due = display.countdown(item.sla_due, item.sla_paused, now) if item.is_active else None
    return format_html(
        '{}<span class="badge prio-{}">P{}</span> <span class="badge status-{}">{}</span>{}',
        care,
        item.priority,
        item.priority,
        item.status,
        item.get_status_display(),
        format_html(' <span class="sla {}">{}</span>', *due) if due else "",
    )


PICK = (
    '<td class="pick"><input type="checkbox" name="pick" form="bulk" value="{}@{}" '
    'aria-label="Select {}"></td>'
)


def request_rows(
    items: Iterable[ServiceRequest], *, staff_view: bool, base_url: str, pick: bool = False
) -> SafeString:
    """The rows; with `pick`, each starts with a checkbox of the bulk form that
    carries the version shown, so a bulk change never overwrites a newer one."""

    now = timezone.now()

    def row(item: ServiceRequest) -> tuple[object, ...]:
        who = (
            (item.assignee.full_name if item.assignee else "—")
            if staff_view
            else (item.requester.full_name if item.requester else item.created_by_label)
        )
        practice = format_html("<td>{}</td>", item.organization.name) if staff_view else ""
        return (
            ' class="patient-care-row"' if item.patient_care and item.is_active else "",
            format_html(PICK, item.reference, item.version, item.reference) if pick else "",
            base_url,
            item.reference,
            item.reference,
            item.subject,
            practice,
            _badges(item, now),
            who,
            f"{timezone.localtime(item.updated_at):%Y-%m-%d %H:%M}",
        )

    return format_html_join(
        "\n",
        '<tr{}>{}<td><a href="{}{}/"><strong>{}</strong> {}</a></td>{}<td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (row(item) for item in items),
    )
