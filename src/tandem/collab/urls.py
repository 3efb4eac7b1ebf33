from django.urls import path

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
]
