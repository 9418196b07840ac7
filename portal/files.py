"""Uploaded files: type checked by content, size limited, stored under generated names (private
storage unless public by nature), downloaded through permission-checked views."""

import uuid
import zipfile
from pathlib import PurePath

from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, JPEG, PNG"

# ZIP-based office formats: the part that tells them apart.
OFFICE_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# ISO base media brands of MP4 video (and QuickTime, which phones produce as .mp4/.mov).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VH",
    b"M4VP",
    b"dash",
    b"msnv",
    b"qt  ",
    b"3gp4",
    b"3gp5",
    b"3g2a",
    b"MSNV",
}


def sniff_video(head: bytes) -> str | None:
    """'mp4' (MP4 or QuickTime MOV) or 'webm' by the first bytes of the file, else None."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:64]:
        return "webm"
    return None


def sniff_media(file) -> str | None:
    """A WebP image or an MP4/MOV/WebM video by content (types detect_type does not know)."""
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return sniff_video(head)


def detect_type(file) -> str | None:
    """The extension the file's content really is (pdf, docx, xlsx, odt, jpg, png) or None."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                for extension, marker in OFFICE_MARKERS.items():
                    if marker in names:
                        return extension
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        finally:
            file.seek(0)
    return None


def validate_document_file(file) -> None:
    """Retired: named only by old migrations. The pipeline's UploadValidator (portal/uploads.py)
    checks the size and the type now, with one message."""


def validate_document_type(file) -> None:
    """Retired: named only by old migrations (see ``validate_document_file``)."""


@deconstructible
class GeneratedName:
    """``upload_to``: ``<folder>/<year>/<month>/<random>.<real extension>``; the person's file
    name is kept in the model's ``original_name``, never used as a path."""

    def __init__(self, folder: str, field: str = "file"):
        self.folder = folder
        self.field = field

    def __call__(self, instance, filename):
        file = getattr(instance, self.field, None)
        extension = detect_type(file) if file else None
        extension = extension or PurePath(filename).suffix.lstrip(".").lower()[:5] or "bin"
        now = timezone.localtime()
        return f"{self.folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return (
            isinstance(other, GeneratedName)
            and other.folder == self.folder
            and other.field == self.field
        )


def clean_original_name(name: str) -> str:
    """The file name shown to people: no folders, at most 200 characters."""
    return PurePath(name or "").name[-200:] or "file"


def file_response(field_file, original_name: str) -> FileResponse:
    """A download of a private file under its human name (never a redirect to storage)."""
    extension = PurePath(field_file.name).suffix.lstrip(".").lower()
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=original_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    return response
