"""Cleaning text at the edges: PostgreSQL rejects NUL bytes, SQLite keeps them."""

from __future__ import annotations

import hashlib
from typing import Any


def strip_nul(value: str) -> str:
    return value.replace("\x00", "")


def deep_strip_nul(value: Any) -> Any:
    if isinstance(value, str):
        return strip_nul(value)
    if isinstance(value, dict):
        return {strip_nul(str(k)): deep_strip_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [deep_strip_nul(v) for v in value]
    return value


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
