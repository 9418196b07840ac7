"""Photos of contest entries. Uploads go through portal.images.clean_image (see
contests.services); this module keeps the model-level checks (type by content, the contest's own
size limit) and the generated storage names."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image

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
    limit = getattr(settings, "CONTEST_PHOTO_MAX_SIZE", 10 * 1024 * 1024)
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("Фотография слишком большая: не более %(mb)s МБ.") % {"mb": limit // (1024 * 1024)},
            code="file_too_large",
        )
    if getattr(file, "_committed", False):
        return
    if image_type(file) is None:
        raise ValidationError(
            _("Загрузите фотографию в формате JPEG, PNG или WebP."), code="file_type"
        )
    try:
        with Image.open(file) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        raise ValidationError(
            _("Файл повреждён: откройте фотографию и сохраните её заново."), code="broken_image"
        ) from None
    finally:
        file.seek(0)


@deconstructible
class PhotoName:
    def __call__(self, instance, filename):
        extension = image_type(instance.file) or "jpg"
        return f"contests/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, PhotoName)
