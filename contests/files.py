"""Photos of contest entries: the generated storage names. Uploads go through the pipeline
(portal.uploads.check_image in contests.services, UploadValidator("contest_entry") on the field)."""

import uuid

from django.utils import timezone
from django.utils.deconstruct import deconstructible

SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def image_type(file) -> str | None:
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def validate_photo(file) -> None:
    """Retired: named only by old migrations. The pipeline's UploadValidator("contest_entry")
    checks the size (CONTEST_PHOTO_MAX_SIZE), the type and the image now, with one message."""


@deconstructible
class PhotoName:
    def __call__(self, instance, filename):
        extension = image_type(instance.file) or "jpg"
        return f"contests/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, PhotoName)
