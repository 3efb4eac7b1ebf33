from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "tandem.signoff"
    label = "signoff"
    verbose_name = "Sign-offs"
    default_auto_field = "django.db.models.BigAutoField"
