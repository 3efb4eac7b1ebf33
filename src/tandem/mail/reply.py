"""The new part of a reply: what the person wrote above the quoted history
and their signature. Only what is shown is cut; the full original is kept
with the message."""

from __future__ import annotations

import re

# A line that starts the quoted history, in the mail clients practices use.
HISTORY = [
    re.compile(r"^On .{1,300}wrote:\s*$", re.S),  # Gmail, Apple Mail (maybe over 2 lines)
    re.compile(r"^Le .{1,300}a écrit\s*:\s*$", re.S),
    re.compile(r"^Am .{1,300}schrieb .{0,100}:\s*$", re.S),
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}\s*$", re.I),  # Outlook
    re.compile(r"^_{20,}\s*$"),  # Outlook's rule above its From/Sent block
    re.compile(r"^-{2,}\s*Forwarded message\s*-{2,}\s*$", re.I),
]
OUTLOOK_FROM = re.compile(r"^\*?From:\*?\s.+$")
OUTLOOK_NEXT = re.compile(r"^\*?(Sent|Date|To|Subject):\*?\s", re.I)
SIGNATURE = [
    re.compile(r"^-- ?$"),  # RFC 3676's delimiter
    re.compile(r"^Sent from my (iPhone|iPad|Android|Galaxy|mobile|BlackBerry)", re.I),
    re.compile(r"^Get Outlook for (iOS|Android)", re.I),
    re.compile(r"^Sent from (Mail|Outlook) for Windows", re.I),
]


def _history_starts(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    joined = f"{line} {lines[i + 1].strip()}" if i + 1 < len(lines) else line
    if any(p.match(line) or p.match(joined) for p in HISTORY):
        return True
    if OUTLOOK_FROM.match(line):
        following = [x.strip() for x in lines[i + 1 : i + 5]]
        return sum(1 for x in following if OUTLOOK_NEXT.match(x)) >= 2
    return False


def visible(text: str) -> str:
    """The reply without quoted history, trailing quotes and signature. A
    message that is nothing but a quote keeps its text (never emptied)."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut = len(lines)
    for i in range(len(lines)):
        if _history_starts(lines, i):
            cut = i
            break
    kept = lines[:cut]
    for i, line in enumerate(kept):
        if any(p.match(line.strip()) for p in SIGNATURE):
            kept = kept[:i]
            break
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    result = "\n".join(kept).strip()
    return result or text.strip()
