"""One upload pipeline: every purpose (document, evidence, act scan, ...) has its allow-list
checked by content, its size limit from the settings and its storage; raster images are
re-encoded through portal/images.py (orientation applied, EXIF dropped, pixel cap).

Forms use ``UploadField(purpose)``; model fields take ``validators=[UploadValidator(purpose)]``
so the admin checks the same. Refusals are Russian messages naming the file and the limit."""

from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from portal.files import CONTENT_TYPES, clean_original_name, detect_type
from portal.images import clean_image

# The extensions a person's file may carry for each content type.
EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
    "jpg": {"jpg", "jpeg", "jpe", "jfif"},
    "png": {"png"},
}
RASTER = {"jpg", "png"}
MB = 1024 * 1024


@dataclass(frozen=True)
class Purpose:
    key: str
    types: tuple[str, ...]
    label: str  # the accepted types, as told to people
    size_setting: str
    default_size: int
    public: bool = False

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
    )
}


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",").replace(",0", "") + " МБ"


def check_upload(upload, purpose: str):
    """The upload checked for the purpose: a file ready to store (raster images re-encoded),
    carrying ``original_name``; raises ValidationError with a Russian message."""
    spec = PURPOSES[purpose]
    name = clean_original_name(getattr(upload, "name", ""))
    limit = spec.max_bytes
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Файл «%(name)s» весит %(size)s, а допускается не больше %(limit)s.")
            % {"name": name, "size": _megabytes(upload.size), "limit": _megabytes(limit)},
            code="file_too_large",
        )
    kind = detect_type(upload)
    extension = PurePath(name).suffix.lstrip(".").lower()
    if kind not in spec.types or extension not in EXTENSIONS[kind]:
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
    return upload


@deconstructible
class UploadValidator:
    """A model-field validator: the purpose's checks (the admin and every form see them)."""

    def __init__(self, purpose: str):
        self.purpose = purpose

    def __call__(self, file):
        if not file or getattr(file, "_committed", False):
            return
        check_upload(getattr(file, "file", file), self.purpose)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.purpose == self.purpose


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
        kind = detect_type(file)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=kind not in ("pdf", "jpg", "png"),
        filename=filename,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
