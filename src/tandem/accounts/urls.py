from django.urls import path

from tandem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("switch-client/", views.switch_client, name="switch_client"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("settings/provider/", views.provider_settings, name="provider_settings"),
    path("branding/logo/", views.provider_logo, name="provider_logo"),
    # /access-review/
    path("access-review/", views.access_review, name="access_review"),
    path("access-review/export.csv", views.access_review_export, name="access_review_export"),
    # /emergency-access/
    path("emergency-access/", views.emergency_access, name="emergency_access"),
    path(
        "emergency-access/<uuid:uuid>/end/", views.emergency_access_end, name="emergency_access_end"
    ),
    # /invite/<token>/
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # /clients/…
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("clients/<slug:slug>/edit/", views.organization_edit, name="organization_edit"),
    path("clients/<slug:slug>/sites/new/", views.site_create, name="site_create"),
    path("clients/<slug:slug>/invite/", views.invitation_create, name="invitation_create"),
    path("clients/<slug:slug>/contacts/new/", views.contact_create, name="contact_create"),
    # /sites/<uuid>/
    path("sites/<uuid:uuid>/edit/", views.site_edit, name="site_edit"),
    # /invitations/<uuid>/
    path("invitations/<uuid:uuid>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    # /people/<uuid>/
    path("people/<uuid:uuid>/", views.person_detail, name="person_detail"),
    path("people/<uuid:uuid>/assignments/", views.person_assignments, name="person_assignments"),
    path("people/<uuid:uuid>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<uuid:uuid>/reactivate/", views.person_reactivate, name="person_reactivate"),
]
