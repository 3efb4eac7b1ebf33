from django.urls import path

from tandem.mail import views

app_name = "mail"

urlpatterns = [
    path("mail/", views.index, name="index"),
    path("mail/mailboxes/new/", views.mailbox_edit, name="mailbox_new"),
    path("mail/mailboxes/<uuid:uuid>/", views.mailbox_edit, name="mailbox_edit"),
    path("mail/mailboxes/<uuid:uuid>/test/", views.mailbox_test, name="mailbox_test"),
    path(
        "mail/mailboxes/<uuid:uuid>/authorize/", views.mailbox_authorize, name="mailbox_authorize"
    ),
    path("mail/oauth/callback/", views.oauth_callback, name="oauth_callback"),
    path("mail/triage/", views.triage, name="triage"),
    path("mail/held/<uuid:uuid>/", views.held, name="held"),
]
