"""Exceptions the services raise and every edge (pages, API) answers the same way."""

from __future__ import annotations


class Conflict(Exception):
    """The object changed since the caller read it (a stale version): 409."""

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version
