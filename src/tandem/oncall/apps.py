from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "tandem.oncall"
    label = "oncall"
    verbose_name = "On-call"

    def ready(self) -> None:
        from tandem.notify import delivery
        from tandem.oncall import webhooks

        delivery.register("webhook", webhooks.send)
