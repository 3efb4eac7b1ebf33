from django.urls import path

from tandem.api import views

app_name = "api_tokens"

urlpatterns = [
    # /settings/tokens/
    path("", views.token_list, name="token_list"),
    path("new/", views.token_create, name="token_create"),
    path("<uuid:uuid>/revoke/", views.token_revoke, name="token_revoke"),
]
