"""Mailboxes the provider reads and sends from, and every message that came in.

An `InboundMessage` row is written for every message a transport hands to
ingest, whatever becomes of it (a request, a reply, held for triage, set
aside as noise): the raw bytes are kept, so nothing a sender wrote is lost,
and its unique `dedupe_key` is what makes the same message, delivered twice
or by two transports, stored once.
"""

from __future__ import annotations

from django.db import models

from tandem.core.models import PublicId


class Security(models.TextChoices):
    SSL = "ssl", "TLS from the start (IMAPS 993, SMTPS 465)"
    STARTTLS = "starttls", "STARTTLS (IMAP 143, submission 587)"
    NONE = "none", "None (a server on this machine only)"


class Auth(models.TextChoices):
    PASSWORD = "password", "Password"
    OAUTH2 = "oauth2", "OAuth2 (Microsoft 365, Google)"


class UnknownSenders(models.TextChoices):
    TRIAGE = "triage", "Hold for staff to sort (triage)"
    IGNORE = "ignore", "Keep but do not show (no request)"


class Mailbox(PublicId):
    """One address the practices write to, e.g. help@provider.example.

    Secrets (`password`, `client_secret`, `refresh_token`, `access_token`) are
    encrypted with the data key (core.crypto) and never shown again."""

    name = models.CharField(max_length=100)
    address = models.EmailField(unique=True)
    active = models.BooleanField(default=True)
    # Inbound by IMAP polling (LMTP and the pipe need no settings here).
    imap_host = models.CharField(max_length=200, blank=True)
    imap_port = models.PositiveIntegerField(default=993)
    imap_security = models.CharField(max_length=10, choices=Security.choices, default=Security.SSL)
    imap_folder = models.CharField(max_length=200, default="INBOX")
    # Where a stored message goes on the server; blank: it is flagged \Seen in place.
    done_folder = models.CharField(max_length=200, blank=True)
    # Outbound; blank host: the instance's own mail settings.
    smtp_host = models.CharField(max_length=200, blank=True)
    smtp_port = models.PositiveIntegerField(default=587)
    smtp_security = models.CharField(
        max_length=10, choices=Security.choices, default=Security.STARTTLS
    )
    username = models.CharField(max_length=254, blank=True)
    auth = models.CharField(max_length=10, choices=Auth.choices, default=Auth.PASSWORD)
    password = models.TextField(blank=True)  # encrypted
    oauth_provider = models.CharField(max_length=20, blank=True)  # microsoft | google | custom
    oauth_client_id = models.CharField(max_length=200, blank=True)
    oauth_client_secret = models.TextField(blank=True)  # encrypted
    oauth_authorize_url = models.URLField(max_length=300, blank=True)
    oauth_token_url = models.URLField(max_length=300, blank=True)
    oauth_scope = models.CharField(max_length=300, blank=True)
    refresh_token = models.TextField(blank=True)  # encrypted
    access_token = models.TextField(blank=True)  # encrypted
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    # Who is writing: a sender's domain → a practice (DomainRoute), else this.
    default_client = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unknown_senders = models.CharField(
        max_length=10, choices=UnknownSenders.choices, default=UnknownSenders.TRIAGE
    )
    # The Authentication-Results "authserv-id" of the server that receives
    # this mailbox's mail: only its verdict is believed (a sender can write
    # that header too). Blank: the topmost one, which the last hop added.
    authserv_id = models.CharField(max_length=200, blank=True)
    hourly_limit = models.PositiveIntegerField(default=30)  # per sender
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class DomainRoute(models.Model):
    """Mail from this domain comes from this practice: a new sender from it
    becomes one of the practice's contacts."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="routes")
    domain = models.CharField(max_length=200)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "domain"], name="mail_one_route_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.domain} → {self.organization_id}"


class Transport(models.TextChoices):
    IMAP = "imap", "IMAP"
    LMTP = "lmtp", "LMTP"
    PIPE = "pipe", "Pipe"


class Outcome(models.TextChoices):
    PENDING = "pending", "Stored, being filed"
    OPENED = "opened", "Opened a request"
    REPLIED = "replied", "Added to a request"
    TRIAGE = "triage", "Held for triage"
    NOISE = "noise", "Set aside (automatic mail)"
    BOUNCE = "bounce", "Bounce of our mail"
    IGNORED = "ignored", "Unknown sender, ignored"
    DISCARDED = "discarded", "Discarded by staff"


class InboundMessage(PublicId):
    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    transport = models.CharField(max_length=10, choices=Transport.choices)
    # "id:" + SHA-256 of the Message-ID, else "raw:" + SHA-256 of the bytes.
    dedupe_key = models.CharField(max_length=80)
    message_id = models.CharField(max_length=250, blank=True)
    # Null while the message belongs to nobody (triage, noise).
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "desk.ServiceRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request_message = models.ForeignKey(
        "desk.RequestMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender = models.CharField(max_length=254, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    recipient = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # Why it was held or set aside, in words staff read.
    reason = models.CharField(max_length=300, blank=True)
    dmarc = models.CharField(max_length=20, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    html = models.TextField(blank=True)  # sanitized
    raw = models.BinaryField()
    size = models.PositiveIntegerField()
    received_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            # Threading: a reply's In-Reply-To/References against the ids of
            # mail we received before (the request they filed is then checked
            # against what the sender may see).
            models.Index(fields=["message_id"], name="mail_thread_ids"),
            # The per-sender rate limit counts one sender's last hour.
            models.Index(fields=["sender", "received_at"], name="mail_sender_recent"),
            models.Index(
                fields=["-id"], condition=models.Q(outcome="triage"), name="mail_triage_queue"
            ),
            # The worker files what is stored and not filed yet.
            models.Index(fields=["id"], condition=models.Q(outcome="pending"), name="mail_pending"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="mail_stored_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"
