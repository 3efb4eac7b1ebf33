"""Anchors: each chain's head, copied outside the database.

Someone who can write to the database could delete the newest events and wind
the chain head back; the chain that is left still verifies. An anchor file
(append-only, on another disk or shipped off the host by the operator) keeps
each head as it was, so `verify` notices a chain that got shorter or whose
anchored event changed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tandem.audit.models import ChainHead


@dataclass(frozen=True)
class Anchor:
    organization_id: int
    position: int
    hash: str
    written_at: str


def _path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def write_anchors() -> int:
    """Append every chain's current head; returns how many were written."""
    heads = list(ChainHead.objects.order_by("organization_id"))
    now = timezone.now().isoformat()
    lines = [
        json.dumps(
            {
                "organization": h.organization_id,
                "position": h.position,
                "hash": h.last_hash,
                "written_at": now,
            }
        )
        for h in heads
        if h.position
    ]
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
        f.flush()
        os.fsync(f.fileno())
    return len(lines)


def latest() -> dict[int, Anchor]:
    """The newest anchor of each organization (later lines win)."""
    path = _path()
    if not path.exists():
        return {}
    anchors: dict[int, Anchor] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                row = json.loads(line)
                anchor = Anchor(
                    int(row["organization"]),
                    int(row["position"]),
                    str(row["hash"]),
                    str(row["written_at"]),
                )
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line after a crash
            anchors[anchor.organization_id] = anchor
    return anchors
