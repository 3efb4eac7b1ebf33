from django.apps import AppConfig


class DeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tandem.desk"
    label = "desk"
    verbose_name = "Desk"
