from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "tandem.mail"
    label = "mail"
    verbose_name = "Mail"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from tandem.mail import ingest, outbound, tasks  # noqa: F401  (tasks: registers the Huey tasks)
        from tandem.mail.models import Mailbox
        from tandem.notify import delivery

        post_save.connect(ingest.forget_mailboxes, sender=Mailbox, dispatch_uid="mail-forget-boxes")
        post_delete.connect(
            ingest.forget_mailboxes, sender=Mailbox, dispatch_uid="mail-forget-boxes-del"
        )

        # Email leaves through the mail app: threading headers, the mailbox.
        delivery.register("email", outbound.send)
