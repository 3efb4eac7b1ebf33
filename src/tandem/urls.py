from django.urls import include, path, re_path

from tandem.accounts.views import home
from tandem.api.main import api
from tandem.core.views import healthz, not_found

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # People never manage their own email addresses: an email is an identity
    # that only an admin changes (through a service that audits it), and login
    # codes are not offered. These allauth views answer 404.
    path("accounts/email/", not_found, name="account_email"),
    path("accounts/confirm-email/", not_found, name="account_email_verification_sent"),
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", not_found, name="account_confirm_email"),
    path("accounts/login/code/confirm/", not_found, name="account_confirm_login_code"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("audit/", include("tandem.audit.urls")),
    path("settings/tokens/", include("tandem.api.urls")),
    path("", include("tandem.api.service_account_urls")),
    path("", include("tandem.desk.urls")),
    path("", include("tandem.kb.urls")),
    path("", include("tandem.sla.urls")),
    path("", include("tandem.oncall.urls")),
    path("", include("tandem.mail.urls")),
    path("", include("tandem.collab.urls")),
    path("", include("tandem.notify.urls")),
    path("", include("tandem.accounts.urls")),
]

handler400 = "tandem.core.views.bad_request"
handler403 = "tandem.core.views.forbidden"
handler404 = "tandem.core.views.not_found"
handler500 = "tandem.core.views.server_error"
