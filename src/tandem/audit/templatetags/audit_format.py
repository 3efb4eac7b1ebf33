"""Showing recorded changes to people: "before → after", in words."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if "sha256" in value:
            return f"text of {value.get('length', 0)} characters (kept as a fingerprint)"
        if "bytes" in value:
            return f"file of {value['bytes']} bytes"
        if all(str(k).isdigit() for k in value):  # opening hours by weekday
            return ", ".join(f"{WEEKDAYS[int(k)]} {v}" for k, v in sorted(value.items()))
        return ", ".join(f"{k}: {describe(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(describe(v) for v in value)
    return str(value)


@register.filter
def change(value: Any) -> str:
    """A recorded [before, after] pair as one readable phrase."""
    if isinstance(value, list) and len(value) == 2:
        before, after = value
        if before is None:
            return describe(after)
        return f"{describe(before)} → {describe(after)}"
    return describe(value)
