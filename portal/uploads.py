"""One upload pipeline: every purpose (document, evidence, act scan, ...) has its allow-list
checked by content, its size limit from the settings and its storage; raster images are
re-encoded through portal/images.py (orientation applied, EXIF dropped, pixel cap).

Forms use ``UploadField(purpose)``; model fields take ``validators=[UploadValidator(purpose)]``
so the admin checks the same. Refusals are Russian messages naming the file and the limit."""

from dataclasses import dataclass
from pathlib import PurePath
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from portal.files import (
    CONTENT_TYPES,
    GeneratedName,
    clean_original_name,
    detect_type,
    sniff_media,
)
from portal.images import CleanImage, clean_image
from portal.storage import private_storage

# The extensions a person's file may carry for each content type.
EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
    "jpg": {"jpg", "jpeg", "jpe", "jfif"},
    "png": {"png"},
    "webp": {"webp"},
    "mp4": {"mp4", "m4v", "mov", "qt", "3gp"},
    "webm": {"webm"},
}
RASTER = {"jpg", "png", "webp"}
MB = 1024 * 1024


@dataclass(frozen=True)
class Purpose:
    key: str
    types: tuple[str, ...]
    label: str  # the accepted types, as told to people
    size_setting: str
    default_size: int
    public: bool = False
    # False for videos: the stored name is generated from the content, the person's name is
    # only shown (the archive took any name for an MP4/WebM before the pipeline).
    check_extension: bool = True

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.size_setting, self.default_size)


DOCUMENT_TYPES = ("pdf", "docx", "xlsx", "odt", "jpg", "png")
PURPOSES = {
    purpose.key: purpose
    for purpose in (
        Purpose(
            "document",
            DOCUMENT_TYPES,
            "PDF, DOCX, XLSX, ODT, JPEG, PNG",
            "DOCUMENTS_MAX_UPLOAD_SIZE",
            20 * MB,
        ),
        Purpose(
            "evidence",
            DOCUMENT_TYPES,
            "PDF, DOCX, XLSX, ODT, JPEG, PNG",
            "PROGRAMME_EVIDENCE_MAX_BYTES",
            10 * MB,
        ),
        Purpose("act_scan", ("pdf", "jpg", "png"), "PDF, JPEG, PNG", "ACT_SCAN_MAX_BYTES", 10 * MB),
        Purpose(
            "survey_answer",
            DOCUMENT_TYPES,
            "PDF, DOCX, XLSX, ODT, JPEG, PNG",
            "DOCUMENTS_MAX_UPLOAD_SIZE",
            20 * MB,
        ),
        Purpose(
            "organization_logo",
            ("jpg", "png"),
            "JPEG, PNG",
            "PORTAL_IMAGE_MAX_BYTES",
            15 * MB,
            public=True,
        ),
        # Photos: re-encoded by portal/images.py, whose own allow-list is JPEG, PNG, WebP.
        Purpose(
            "news_photo",
            ("jpg", "png", "webp"),
            "JPEG, PNG, WebP",
            "PORTAL_IMAGE_MAX_BYTES",
            15 * MB,
            public=True,  # only once the news is published
        ),
        Purpose(
            "archive_photo",
            ("jpg", "png", "webp"),
            "JPEG, PNG, WebP",
            "PORTAL_IMAGE_MAX_BYTES",
            15 * MB,
        ),
        Purpose(
            "archive_video",
            ("mp4", "webm"),
            "MP4, MOV, WebM",
            "ARCHIVE_VIDEO_MAX_BYTES",
            500 * MB,
            check_extension=False,
        ),
        Purpose(
            "contest_entry",
            ("jpg", "png", "webp"),
            "JPEG, PNG, WebP",
            "CONTEST_PHOTO_MAX_SIZE",
            10 * MB,
        ),
    )
}


def _megabytes(size: int) -> str:
    if size < MB:  # a small limit (tests, a tight setting) would read «0 МБ»
        return f"{max(1, round(size / 1024))} КБ"
    return f"{size / MB:.1f}".replace(".", ",").replace(",0", "") + " МБ"


def _check_size(upload, spec: Purpose, name: str) -> None:
    limit = spec.max_bytes
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Файл «%(name)s» весит %(size)s, а допускается не больше %(limit)s.")
            % {"name": name, "size": _megabytes(upload.size), "limit": _megabytes(limit)},
            code="file_too_large",
        )


def sniffed_type(file) -> str | None:
    """What the file is by content: pdf, docx, xlsx, odt, jpg, png, webp, mp4 (or MOV), webm."""
    return detect_type(file) or sniff_media(file)


def check_upload(upload, purpose: str):
    """The upload checked for the purpose: a file ready to store (raster images re-encoded),
    carrying ``original_name``; raises ValidationError with a Russian message."""
    spec = PURPOSES[purpose]
    name = clean_original_name(getattr(upload, "name", ""))
    limit = spec.max_bytes
    _check_size(upload, spec, name)
    kind = sniffed_type(upload)
    extension = PurePath(name).suffix.lstrip(".").lower()
    if kind not in spec.types or (spec.check_extension and extension not in EXTENSIONS[kind]):
        raise ValidationError(
            _(
                "Файл «%(name)s» не принят: по содержимому это не %(types)s "
                "(или расширение не совпадает с содержимым). Допустимы %(types)s до %(limit)s."
            )
            % {"name": name, "types": spec.label, "limit": _megabytes(limit)},
            code="file_type",
        )
    if kind in RASTER:
        upload = clean_image(upload, name=name).file  # its messages name the limit
    upload.original_name = name
    upload.pipeline_checked = True  # a model field's UploadValidator does not check it again
    return upload


def check_image(upload, purpose: str) -> CleanImage:
    """A photo for an image purpose (news, archive, contest): the purpose's size limit, then
    portal/images.py's allow-list by content, pixel cap and re-encoding (its messages)."""
    spec = PURPOSES[purpose]
    name = clean_original_name(getattr(upload, "name", ""))
    _check_size(upload, spec, name)
    clean = clean_image(upload)
    clean.file.pipeline_checked = True
    return clean


def store_private(file, *, folder: str) -> str:
    """Save a checked file (from ``check_upload``) in private storage under a generated name
    in ``folder``; the stored name. The only direct save into a storage outside model fields."""
    name = GeneratedName(folder)(SimpleNamespace(file=file), getattr(file, "name", "") or "")
    return private_storage().save(name, file)


def store_generated(field_file, name: str, content) -> None:
    """Save a file the system made itself (a ZIP export, a rendition, demo data, ...) into its
    model field, unsaved model; never a person's upload (those go through ``store_checked``)."""
    field_file.save(name, content, save=False)


def store_checked(field_file, file, *, name: str | None = None) -> None:
    """Save a person's file the pipeline has already checked (``check_upload``, ``check_image``'s
    re-encoded ``.file``, a checked video) into its model field, unsaved model: under ``name``
    or the file's generated name, placed by the field's ``upload_to``. The field's own
    UploadValidator no longer sees a saved (committed) file, so the check must come first."""
    field_file.save(name or file.name, file, save=False)


def store_moved(storage, name: str, target: str) -> str:
    """Copy a file already stored through the pipeline to ``target`` in the same storage (a
    SplitStorage's private and public sides: a news photo going live) and return the name it
    got there; the caller deletes the source once the new name is committed. A copy left at
    ``target`` by an interrupted earlier move (same size: names are random) is reused, so a
    move run twice makes one copy."""
    if storage.exists(target) and storage.size(target) == storage.size(name):
        return target
    with storage.open(name, "rb") as content:
        return storage.save(target, content)


@deconstructible
class UploadValidator:
    """A model-field validator: the purpose's checks (the admin and every form see them).
    Several purposes (a field holding photos or videos): the one whose types fit the content.

    A file not yet checked (the admin's plain file field) is replaced in its FieldFile by the
    checked one, so what is stored is the re-encoding (orientation applied, no EXIF), not the
    bytes as uploaded; a file the pipeline already checked (UploadField, a service) is passed."""

    def __init__(self, purpose: str, *others: str):
        self.purpose = purpose
        self.others = others

    @property
    def purposes(self) -> tuple[str, ...]:
        return (self.purpose, *self.others)

    def __call__(self, file):
        if not file or getattr(file, "_committed", False):
            return
        upload = getattr(file, "file", file)
        if getattr(file, "pipeline_checked", False) or getattr(upload, "pipeline_checked", False):
            return
        chosen = self.purpose
        if self.others:
            kind = sniffed_type(upload)
            chosen = next((p for p in self.purposes if kind in PURPOSES[p].types), self.purpose)
        checked = check_upload(upload, chosen)
        if checked is not upload and isinstance(file, FieldFile):
            file.file = checked  # saved by the field's pre_save under the person's file name

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.purposes == self.purposes


class UploadField(forms.FileField):
    """A form field of the pipeline: cleans to the checked (re-encoded) file."""

    def __init__(self, *, purpose: str, **kwargs):
        self.purpose = purpose
        spec = PURPOSES[purpose]
        kwargs.setdefault(
            "help_text",
            _("%(types)s, не более %(limit)s.")
            % {"types": spec.label, "limit": _megabytes(spec.max_bytes)},
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or getattr(upload, "_committed", False):
            return upload
        return check_upload(upload, self.purpose)


def inline_response(field_file, filename: str) -> FileResponse:
    """A private file served with its sniffed type: inline only for PDFs and re-encoded images,
    otherwise an attachment; never sniffed by the browser."""
    with field_file.open("rb") as file:
        kind = sniffed_type(file)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=kind not in ("pdf", *RASTER),
        filename=filename,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
