"""Encrypting secrets kept in the database (TOTP keys, later mailbox passwords
and OAuth tokens) with a data key that lives outside it.

MultiFernet: the first key encrypts, every key decrypts, so keys rotate by
putting a new one first and re-encrypting at leisure.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


def _box() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.DATA_ENCRYPTION_KEYS])


def encrypt(text: str) -> str:
    return PREFIX + _box().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # stored before encryption was turned on
    return _box().decrypt(value[len(PREFIX) :].encode()).decode()
