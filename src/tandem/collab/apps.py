from django.apps import AppConfig


class CollabConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tandem.collab"
    label = "collab"
    verbose_name = "Collaboration"
