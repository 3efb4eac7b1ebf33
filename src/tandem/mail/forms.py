"""Forms of the mail pages: a mailbox's settings, and sorting held mail."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.accounts.choices import OrgKind
from tandem.accounts.forms import TextForm
from tandem.accounts.models import Organization
from tandem.mail.models import Auth, Mailbox, Security, UnknownSenders

PROVIDERS = [
    ("", "None (password sign-in)"),
    ("microsoft", "Microsoft 365"),
    ("google", "Google Workspace"),
    ("custom", "Another OAuth2 provider"),
]
KEEP = "Leave blank to keep the one stored."


class MailboxForm(TextForm):
    name = forms.CharField(max_length=100)
    address = forms.EmailField(max_length=254, label="Address practices write to")
    active = forms.BooleanField(required=False, initial=True, label="Active")
    imap_host = forms.CharField(max_length=200, required=False, label="IMAP server")
    imap_port = forms.IntegerField(min_value=1, max_value=65535, initial=993, label="IMAP port")
    imap_security = forms.ChoiceField(choices=Security.choices, label="IMAP security")
    imap_folder = forms.CharField(max_length=200, initial="INBOX", label="Folder to read")
    done_folder = forms.CharField(
        max_length=200,
        required=False,
        label="Folder to move filed mail to",
        help_text="Blank: filed mail stays where it is, marked read and filed.",
    )
    smtp_host = forms.CharField(
        max_length=200,
        required=False,
        label="SMTP server",
        help_text="Blank: mail leaves through this instance's own mail settings.",
    )
    smtp_port = forms.IntegerField(min_value=1, max_value=65535, initial=587, label="SMTP port")
    smtp_security = forms.ChoiceField(
        choices=Security.choices, initial=Security.STARTTLS, label="SMTP security"
    )
    username = forms.CharField(
        max_length=254, required=False, label="User name", help_text="Blank: the address."
    )
    auth = forms.ChoiceField(choices=Auth.choices, label="Sign in with")
    password = forms.CharField(
        max_length=500, required=False, widget=forms.PasswordInput, help_text=KEEP
    )
    oauth_provider = forms.ChoiceField(choices=PROVIDERS, required=False, label="OAuth2 provider")
    oauth_client_id = forms.CharField(max_length=200, required=False, label="OAuth2 client id")
    oauth_client_secret = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.PasswordInput,
        label="OAuth2 client secret",
        help_text=KEEP,
    )
    oauth_authorize_url = forms.URLField(
        max_length=300,
        required=False,
        assume_scheme="https",
        label="Authorization URL (another provider only)",
    )
    oauth_token_url = forms.URLField(
        max_length=300,
        required=False,
        assume_scheme="https",
        label="Token URL (another provider only)",
    )
    oauth_scope = forms.CharField(
        max_length=300, required=False, label="Scope (another provider only)"
    )
    default_client = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        to_field_name="slug",
        label="Practice for any other sender",
        empty_label="None: hold or ignore unknown senders",
    )
    routes = forms.CharField(
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Domains of practices",
        help_text="One per line: domain = practice, e.g. riverside.example = Riverside "
        "Family Clinic. A new sender from that domain becomes the practice's contact.",
    )
    unknown_senders = forms.ChoiceField(choices=UnknownSenders.choices, label="Unknown senders")
    authserv_id = forms.CharField(
        max_length=200,
        required=False,
        label="Receiving server's authserv-id",
        help_text="The first word of the Authentication-Results header your mail server "
        "adds (e.g. mx.google.com): only its DMARC verdict is believed.",
    )
    hourly_limit = forms.IntegerField(
        min_value=1, max_value=10_000, initial=30, label="Messages per sender per hour"
    )

    GROUPS = (
        ("The mailbox", ("name", "address", "active")),
        ("Mail coming in (IMAP)", ("imap_host", "imap_port", "imap_security", "imap_folder",
                                   "done_folder")),
        ("Mail going out (SMTP)", ("smtp_host", "smtp_port", "smtp_security")),
        ("Signing in", ("username", "auth", "password", "oauth_provider", "oauth_client_id",
                        "oauth_client_secret", "oauth_authorize_url", "oauth_token_url",
                        "oauth_scope")),
        ("Who is writing", ("routes", "default_client", "unknown_senders", "authserv_id",
                            "hourly_limit")),
    )  # fmt: skip

    def groups(self) -> list[tuple[str, list[Any]]]:
        """The fields in fieldsets, for the page."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def __init__(self, *args: Any, mailbox: Mailbox | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["default_client"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(kind=OrgKind.CLIENT).order_by("name")
        if mailbox is not None:
            self.fields["address"].disabled = True
            for name in self.fields:
                if name not in {"password", "oauth_client_secret", "routes", "default_client"}:
                    self.initial[name] = getattr(mailbox, name)
            self.initial["default_client"] = (
                mailbox.default_client.slug if mailbox.default_client else None
            )


class HeldForm(TextForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        to_field_name="slug",
        label="Whose is it?",
        empty_label="Choose the practice…",
    )

    def __init__(self, *args: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = practices
