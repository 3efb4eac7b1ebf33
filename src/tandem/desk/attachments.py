"""Checking uploaded files before they are kept: size, type, and name.

A file is accepted when its extension is on the allowlist *and* its first
bytes match that kind (a renamed program is refused). Names are display
names only: files are stored under random names, never under what was sent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# extension -> (content type, accepted leading bytes; empty: any text-like content)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
    "txt": ("text/plain", ()),
    "log": ("text/plain", ()),
    "csv": ("text/csv", ()),
    "eml": ("message/rfc822", ()),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
}
IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
MAX_FILES = 10
MAX_NAME = 150


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def clean_name(raw: str) -> str:
    """A safe display name, or ValidationError. Folders ("../", "C:\\") are
    refused outright rather than quietly stripped: the sender should know.
    (Django already cuts a browser upload's name to its last part; names from
    other channels, such as mail, arrive here whole.)"""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name:
        raise ValidationError("The file has no name.")
    if "/" in name or "\\" in name or name in {".", ".."} or ".." in name.split("."):
        raise ValidationError(f"“{name[:60]}”: a file name must not contain folders or “..”.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise ValidationError("The file name contains control characters.")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: MAX_NAME - len(ext) - 1]}.{ext}" if dot else name[:MAX_NAME]
    return name


def check(upload: UploadedFile) -> CheckedFile:
    name = clean_name(upload.name or "")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"“{name}” is empty (0 bytes).")
    if size > max_bytes():
        raise ValidationError(f"“{name}” is {_human(size)}; the limit is {_human(max_bytes())}.")
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in ALLOWED:
        kinds = ", ".join(sorted(ALLOWED))
        raise ValidationError(f"“{name}”: files of this type are not accepted. Accepted: {kinds}.")
    content_type, magic = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    if magic and not head.startswith(magic):
        raise ValidationError(f"“{name}” is not really a .{ext} file.")
    if not magic and b"\x00" in head:
        raise ValidationError(f"“{name}” is not a text file.")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload, name, content_type, size, digest.hexdigest())


def check_all(uploads: list[UploadedFile]) -> list[CheckedFile]:
    """Every file checked; all the problems reported at once."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"At most {MAX_FILES} files at a time.")
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def disposition(name: str, *, inline: bool) -> str:
    """Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", plain)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
