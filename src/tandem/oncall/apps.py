from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "tandem.oncall"
    label = "oncall"
    verbose_name = "On-call"

    def ready(self) -> None:
        from tandem.desk.signals import priority_set
        from tandem.notify import delivery
        from tandem.oncall import paging, webhooks
        from tandem.sla.signals import clocks_breached

        delivery.register("webhook", webhooks.send)
        # Inside the desk's and the sweep's transactions: a page opens, or
        # not, with the request or the breach that called for it.
        priority_set.connect(paging.on_priority_set, dispatch_uid="oncall.priority_set")
        clocks_breached.connect(paging.on_clocks_breached, dispatch_uid="oncall.breached")
