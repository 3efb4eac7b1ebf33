from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tandem.notify"
    label = "notify"
    verbose_name = "Notify"

    def ready(self) -> None:
        from tandem.notify import tasks  # noqa: F401  (registers the Huey tasks)
