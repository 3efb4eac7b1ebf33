from django.urls import path

from tandem.notify import views

app_name = "notify"

urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/read/", views.mark_read, name="mark_read"),
    path("settings/notices/", views.preferences, name="preferences"),
]
