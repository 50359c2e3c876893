"""Attachments recognised by content, size-limited, stored outside the web root (DOMAIN.md, "Secure messages")."""

import io
import stat

import pytest
from werkzeug.datastructures import FileStorage

from portal.messages import attachments
from tests.messages.conftest import JPEG, PDF, PNG


def upload(data: bytes, name: str = "file", content_type: str = "application/octet-stream"):
    return FileStorage(io.BytesIO(data), filename=name, content_type=content_type)


@pytest.mark.parametrize(("data", "name", "kind", "shown"), [
    (PDF, "henvisning.pdf", "application/pdf", "henvisning.pdf"),
    (PNG, "utslett.PNG", "image/png", "utslett.PNG"),
    (JPEG, "bilde.jpeg", "image/jpeg", "bilde.jpeg"),
    (JPEG, "bilde", "image/jpeg", "bilde.jpg"),
    # The content decides, whatever the name says: a PDF named .png is downloaded as .pdf.
    (PDF, "skjema.png", "application/pdf", "skjema.png.pdf"),
    (PDF, "../../etc/passwd", "application/pdf", "passwd.pdf"),
    (PDF, "C:\\Users\\kari\\Brev fra NAV.pdf", "application/pdf", "Brev fra NAV.pdf"),
    (PDF, "sjukemelding\u0000\n.pdf", "application/pdf", "sjukemelding.pdf"),
    (PDF, "Søknad – Ørland.pdf", "application/pdf", "Søknad – Ørland.pdf"),
    (PDF, "", "application/pdf", "vedlegg.pdf"),
])
def test_pdf_jpeg_and_png_are_recognised_by_their_content(data, name, kind, shown):
    checked = attachments.inspect(upload(data, name), limit=1024)
    assert (checked.content_type, checked.filename, checked.data) == (kind, shown, data)


@pytest.mark.parametrize(("data", "name", "claimed"), [
    (b"GIF89a" + b"\x00" * 20, "bilde.gif", "image/gif"),
    (b"<html><script>alert(1)</script></html>", "brev.pdf", "application/pdf"),
    (b"MZ\x90\x00" + b"\x00" * 20, "faktura.pdf", "application/pdf"),
    (b"PK\x03\x04" + b"\x00" * 20, "dokument.docx", "application/pdf"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "tegning.png", "image/png"),
])
def test_other_content_is_refused_whatever_its_name_or_claimed_type(data, name, claimed):
    with pytest.raises(attachments.AttachmentError, match="is not a PDF, JPEG or PNG file"):
        attachments.inspect(upload(data, name, claimed), limit=1024)


def test_an_empty_file_is_refused():
    with pytest.raises(attachments.AttachmentError, match="tom.pdf is empty"):
        attachments.inspect(upload(b"", "tom.pdf"), limit=1024)


def test_a_file_over_the_limit_is_refused_by_size(app):
    with app.test_request_context("/?lang=en"), \
            pytest.raises(attachments.AttachmentError, match="stor.pdf is larger than 1 kB"):
        attachments.inspect(upload(PDF + b"x" * 1024, "stor.pdf"), limit=1024)
    assert attachments.inspect(upload(PDF + b"x" * (1024 - len(PDF)), "akkurat.pdf"), limit=1024)


def test_a_long_name_is_shortened_but_keeps_its_extension():
    name = attachments.clean_name("a" * 300 + ".pdf", "application/pdf")
    assert len(name) == attachments.MAX_NAME and name.endswith("a.pdf")


def test_files_are_stored_under_a_random_key_readable_by_the_app_only(tmp_path):
    checked = attachments.inspect(upload(PDF, "brev.pdf"), limit=1024)
    first, second = (attachments.store(checked, tmp_path) for _ in range(2))
    assert first != second and len(first) >= 40 and "brev" not in first
    path = attachments.path_of(tmp_path, first)
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("key", ["../secret_key", "", "a/b" * 10, "x" * 5, "..%2f" * 8])
def test_odd_keys_never_reach_the_file_system(tmp_path, key):
    assert attachments.path_of(tmp_path, key) is None
