from django.urls import path

from tandem.api import service_account_views as views

app_name = "service_accounts"

urlpatterns = [
    path("clients/<slug:slug>/service-accounts/", views.service_account_list, name="list"),
    path("service-accounts/<uuid:uuid>/", views.service_account_detail, name="detail"),
    path(
        "service-accounts/<uuid:uuid>/tokens/new/",
        views.service_account_token_create,
        name="token_create",
    ),
    path(
        "service-accounts/<uuid:uuid>/tokens/<uuid:token>/revoke/",
        views.service_account_token_revoke,
        name="token_revoke",
    ),
    path(
        "service-accounts/<uuid:uuid>/deactivate/",
        views.service_account_deactivate,
        name="deactivate",
    ),
]
