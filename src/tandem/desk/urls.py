from django.urls import path, register_converter

from tandem.desk import (
    macro_views,
    queue_views,
    redaction_views,
    satisfaction_views,
    team_views,
    time_views,
    views,
)
from tandem.sla import views as sla_views


class RefConverter:
    """`T-1042`: the public reference, never a database id."""

    regex = r"T-[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RefConverter, "ref")

app_name = "desk"

urlpatterns = [
    path("help/", views.get_help, name="get_help"),
    path("desk/phone/", views.phone_log, name="phone_log"),
    path("settings/priorities/", views.priority_matrix, name="priority_matrix"),
    path("desk/teams/", team_views.team_list, name="team_list"),
    path("desk/satisfaction/", satisfaction_views.satisfaction_report, name="satisfaction"),
    path("rate/<str:token>/", satisfaction_views.rate, name="rate"),
    path("desk/time/", time_views.time_report_page, name="time_report"),
    path("desk/replies/", macro_views.macro_list, name="macro_list"),
    path("desk/replies/new/", macro_views.macro_edit, name="macro_create"),
    path("desk/replies/<uuid:uuid>/", macro_views.macro_edit, name="macro_edit"),
    path("desk/time/export.csv", time_views.time_report_export, name="time_report_export"),
    path("desk/teams/new/", team_views.team_edit, name="team_create"),
    path("desk/teams/<uuid:uuid>/", team_views.team_edit, name="team_edit"),
    path("desk/views/", queue_views.view_list, name="view_list"),
    path("desk/views/new/", queue_views.view_edit, name="view_create"),
    path("desk/views/<uuid:uuid>/", queue_views.view_edit, name="view_edit"),
    path("desk/views/<uuid:uuid>/remove/", queue_views.view_delete, name="view_delete"),
    # /requests/…
    path("requests/", views.request_list, name="request_list"),
    path("requests/bulk/", queue_views.bulk_action, name="request_bulk"),
    path("requests/find/", views.request_find, name="request_find"),
    path("requests/<ref:ref>/", views.request_detail, name="request_detail"),
    path("requests/<ref:ref>/reply/", views.request_reply, name="request_reply"),
    path("requests/<ref:ref>/status/", views.request_status, name="request_status"),
    path("requests/<ref:ref>/assign/", views.request_assign, name="request_assign"),
    path("requests/<ref:ref>/take/", views.request_take, name="request_take"),
    path("requests/<ref:ref>/team/", views.request_team, name="request_team"),
    path("requests/<ref:ref>/merge/", views.request_merge, name="request_merge"),
    path("requests/<ref:ref>/rate/", satisfaction_views.request_rate, name="request_rate"),
    path("requests/<ref:ref>/reply-with/", macro_views.macro_preview, name="macro_preview"),
    path(
        "requests/<ref:ref>/reply-with/<uuid:uuid>/",
        macro_views.macro_apply,
        name="macro_apply",
    ),
    path("requests/<ref:ref>/links/", views.request_link, name="request_link"),
    path(
        "requests/<ref:ref>/links/<ref:other>/remove/",
        views.request_unlink,
        name="request_unlink",
    ),
    path("requests/<ref:ref>/triage/", views.request_triage, name="request_triage"),
    path("requests/<ref:ref>/watch/", views.request_watch, name="request_watch"),
    path(
        "requests/<ref:ref>/messages/<uuid:uuid>/edit/",
        views.message_edit,
        name="message_edit",
    ),
    path(
        "requests/<ref:ref>/files/<uuid:uuid>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "requests/<ref:ref>/files/<uuid:uuid>/delete/",
        redaction_views.attachment_delete,
        name="attachment_delete",
    ),
    path("requests/<ref:ref>/redact/", redaction_views.request_redact, name="request_redact"),
    path(
        "requests/<ref:ref>/sla/breaches/<uuid:uuid>/explain/",
        sla_views.breach_explain,
        name="breach_explain",
    ),
]
