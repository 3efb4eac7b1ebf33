from django.urls import path

from tandem.sla import figure_views, settings_views

app_name = "sla"
urlpatterns = [
    path("service-levels/", figure_views.figures_page, name="figures"),
    path("service-levels/export.csv", figure_views.figures_export, name="figures_export"),
    path("settings/service-levels/", settings_views.index, name="settings"),
    path(
        "settings/service-levels/calendars/new/", settings_views.calendar_edit, name="calendar_new"
    ),
    path(
        "settings/service-levels/calendars/<uuid:uuid>/",
        settings_views.calendar_edit,
        name="calendar_edit",
    ),
    path(
        "settings/service-levels/calendars/<uuid:uuid>/days/",
        settings_views.calendar_day_add,
        name="calendar_day_add",
    ),
    path(
        "settings/service-levels/calendars/<uuid:uuid>/days/<str:on>/remove/",
        settings_views.calendar_day_remove,
        name="calendar_day_remove",
    ),
    path("settings/service-levels/policies/new/", settings_views.policy_edit, name="policy_new"),
    path(
        "settings/service-levels/policies/<uuid:uuid>/",
        settings_views.policy_edit,
        name="policy_edit",
    ),
    path(
        "settings/service-levels/contracts/new/", settings_views.contract_edit, name="contract_new"
    ),
    path(
        "settings/service-levels/contracts/<uuid:uuid>/",
        settings_views.contract_edit,
        name="contract_edit",
    ),
]
