from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "tandem.oncall"
    label = "oncall"
    verbose_name = "On-call"
