from django.urls import path

from tandem.audit import views

app_name = "audit"

urlpatterns = [
    # /audit/
    path("", views.event_list, name="event_list"),
    path("export.csv", views.event_export, name="event_export"),
    path("verify/", views.chain_verify, name="chain_verify"),
]
