from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "tandem.mail"
    label = "mail"
    verbose_name = "Mail"
