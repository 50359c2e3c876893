"""Attachments: PDF, JPEG and PNG recognised by their first bytes, kept outside static files.

The name a file came with and the type the browser claims are both under the sender's
control, so neither decides what a file is: its content does (DOMAIN.md, "Secure
messages"). Files are stored under a random key in the instance folder and only ever
served through a view that asks the access decision.
"""

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from flask import abort, current_app, send_file
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from portal import db
from portal.messages.models import Attachment

# (content type, first bytes, the extensions a file of this type may keep)
KINDS = (
    ("application/pdf", b"%PDF-", (".pdf",)),
    ("image/png", b"\x89PNG\r\n\x1a\n", (".png",)),
    ("image/jpeg", b"\xff\xd8\xff", (".jpg", ".jpeg")),
)
TYPE_NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
MAX_FILES = 5
MAX_NAME = 120

SWEEP_GRACE = timedelta(hours=1)  # a file younger than this may still get its row


class AttachmentError(Exception):
    """A file that cannot be attached; the message says why, naming the file."""


@dataclass(frozen=True)
class Upload:
    """A checked file, ready to store."""

    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        """Return the SHA-256 of the content, kept to spot a changed file."""
        return hashlib.sha256(self.data).hexdigest()


def sniff(head: bytes) -> str | None:
    """Return the content type the first bytes show, or None if it is not an allowed type."""
    return next((kind for kind, magic, _ in KINDS if head.startswith(magic)), None)


def _base(raw: str | None) -> str:
    """Return the last part of a sent file name, without control characters."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name)
                   if unicodedata.category(ch)[0] != "C")
    return " ".join(name.split()).strip(" .")


def clean_name(raw: str | None, content_type: str) -> str:
    """Return a safe file name to show and download under, ending as its type does."""
    name = _base(raw) or "vedlegg"
    extensions = next(ext for kind, _, ext in KINDS if kind == content_type)
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or f".{ext.lower()}" not in extensions:
        stem, ext = name, extensions[0].lstrip(".")
    # Shorten the stem, never the extension, so the file still opens with the right program.
    return f"{stem[:MAX_NAME - len(ext) - 1]}.{ext}"


def inspect(storage, *, limit: int) -> Upload:
    """Read an uploaded file and check its type and size, or raise AttachmentError."""
    shown = _base(storage.filename)[:MAX_NAME] or _("The file")
    data = storage.stream.read(limit + 1)
    if not data:
        raise AttachmentError(_("{name} is empty.").format(name=shown))
    if len(data) > limit:
        raise AttachmentError(_("{name} is larger than {size}. Make the file smaller and "
                                "try again.").format(name=shown, size=size_text(limit)))
    content_type = sniff(data[:16])
    if content_type is None:
        raise AttachmentError(_("{name} is not a PDF, JPEG or PNG file. Only these types can be "
                                "attached.").format(name=shown))
    return Upload(clean_name(storage.filename, content_type), content_type, data)


def upload_folder() -> Path:
    """Return the folder attachments are stored in (outside the static files)."""
    return Path(current_app.config["PORTAL_UPLOAD_FOLDER"])


def store(upload: Upload, folder: Path) -> str:
    """Write an upload under a new random key in the folder and return the key."""
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path = folder / key
    # O_EXCL: a key that somehow exists is never overwritten; 0600: readable by the app only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(upload.data)
    return key


def path_of(folder: Path, key: str) -> Path | None:
    """Return the stored file of a key, or None if the key is odd or the file is gone."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", key or ""):
        return None
    path = folder / key
    return path if path.is_file() else None


def discard(folder: Path, keys: list[str]) -> None:
    """Remove stored files whose message was never saved."""
    for key in keys:
        if (path := path_of(folder, key)) is not None:
            path.unlink(missing_ok=True)


def sweep(folder: Path, now: datetime, *, grace: timedelta = SWEEP_GRACE) -> int:
    """Remove stored files that no attachment row names; return how many went.

    A worker killed between writing a file and committing its row leaves the file behind;
    health data must not linger there. Files younger than the grace period are left alone:
    their request may still be committing. Safe to run again and on several hosts.
    """
    if not folder.is_dir():
        return 0
    known = set(db.session.scalars(select(Attachment.storage_key)))
    removed = 0
    for path in folder.iterdir():
        if path.name in known or not path.is_file() or path_of(folder, path.name) is None:
            continue
        written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if now - written >= grace:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def size_text(size_bytes: int) -> str:
    """Return a file size in kB or MB, in the reader's locale."""
    if size_bytes < 1024 * 1024:
        return _("{size} kB").format(size=format_decimal(max(1, round(size_bytes / 1024))))
    return _("{size} MB").format(size=format_decimal(round(size_bytes / (1024 * 1024), 1)))


def _ascii_fallback(name: str) -> str:
    """Return the name in plain ASCII, for the few clients that ignore filename*."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r'["\\]', "_", plain) or "vedlegg"


def download(row, folder: Path):
    """Return a response that makes the browser save the file, never show it in the page."""
    path = path_of(folder, row.storage_key)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=row.content_type, as_attachment=True,
                         download_name=row.filename, max_age=0)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{_ascii_fallback(row.filename)}"; '
        f"filename*=UTF-8''{quote(row.filename, safe='')}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    # Should a browser open it anyway, nothing in it may run or reach out.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
