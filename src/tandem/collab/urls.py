from django.urls import path

from tandem.collab import action_views as actions
from tandem.collab import change_views as changes
from tandem.collab import concern_views as concerns
from tandem.collab import decision_views as views

app_name = "collab"

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_new, name="decision_new"),
    path("decisions/log/<slug:slug>.pdf", views.decision_log_pdf, name="decision_log_pdf"),
    path("decisions/<uuid:uuid>/", views.decision_detail, name="decision_detail"),
    path("decisions/<uuid:uuid>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<uuid:uuid>/propose/", views.decision_propose, name="decision_propose"),
    path("decisions/<uuid:uuid>/sign/", views.decision_sign, name="decision_sign"),
    path("decisions/<uuid:uuid>/supersede/", views.decision_supersede, name="decision_supersede"),
    path("decisions/<uuid:uuid>/files/", views.decision_file_add, name="decision_file_add"),
    path("decisions/<uuid:uuid>/files/<uuid:file>/", views.decision_file, name="decision_file"),
    path(
        "decisions/<uuid:uuid>/files/<uuid:file>/remove/",
        views.decision_file_remove,
        name="decision_file_remove",
    ),
    path("decisions/<uuid:uuid>/links/", views.decision_link, name="decision_link"),
    path("changes/", changes.change_list, name="change_list"),
    path("changes/new/", changes.change_new, name="change_new"),
    path("changes/feeds/", changes.change_feeds, name="change_feeds"),
    path(
        "changes/feeds/<uuid:uuid>/revoke/", changes.change_feed_revoke, name="change_feed_revoke"
    ),
    path("changes/feed/<str:token>.ics", changes.change_feed, name="change_feed"),
    path("changes/<uuid:uuid>/", changes.change_detail, name="change_detail"),
    path("changes/<uuid:uuid>/edit/", changes.change_edit, name="change_edit"),
    path("changes/<uuid:uuid>/submit/", changes.change_submit, name="change_submit"),
    path("changes/<uuid:uuid>/decision/", changes.change_decide, name="change_decide"),
    path("changes/<uuid:uuid>/steps/", changes.change_step, name="change_step"),
    path("changes/<uuid:uuid>/check/", changes.change_check, name="change_check"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_new, name="action_new"),
    path("actions/<uuid:uuid>/", actions.action_detail, name="action_detail"),
    path("actions/<uuid:uuid>/status/", actions.action_status, name="action_status"),
    path("concerns/", concerns.concern_list, name="concern_list"),
    path("concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/<uuid:uuid>/", concerns.concern_detail, name="concern_detail"),
    path(
        "concerns/<uuid:uuid>/acknowledge/",
        concerns.concern_acknowledge,
        name="concern_acknowledge",
    ),
    path("concerns/<uuid:uuid>/respond/", concerns.concern_respond, name="concern_respond"),
    path("concerns/<uuid:uuid>/confirm/", concerns.concern_confirm, name="concern_confirm"),
]
