from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tandem.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from tandem.audit import tasks  # noqa: F401  (registers the hourly anchor job)
