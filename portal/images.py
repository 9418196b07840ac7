"""The rules for every image users upload (news photos, the photo archive).

An upload is accepted only when Pillow, restricted to an allow-list of formats, opens it; its
pixel count is below our own cap (well under Pillow's decompression-bomb limit) and its file is
not too large. What is stored is always a re-encoding: EXIF orientation applied, EXIF (with GPS)
and anything appended to the file dropped, under a generated name. Renditions (thumbnail, web
size) are derived from the stored image by a Celery task.

Errors are ``ValidationError`` with a Russian message naming the file and the limit.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> (file extension we store, extensions a user's file may carry)
ALLOWED_FORMATS = {
    "JPEG": ("jpg", {"jpg", "jpeg", "jpe", "jfif"}),
    "PNG": ("png", {"png"}),
    "WEBP": ("webp", {"webp"}),
}
ALLOWED_LABEL = "JPEG, PNG и WebP"

# Defaults of the settings PORTAL_IMAGE_MAX_PIXELS and PORTAL_IMAGE_MAX_BYTES.
DEFAULT_MAX_PIXELS = 40_000_000  # 40 Мпикс: a modern phone's photo is 12-50; Pillow's bomb is 89
DEFAULT_MAX_BYTES = 15 * 1024 * 1024

# Signatures of common image formats we do not accept, to name them in the message.
_OTHER_SIGNATURES = [
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
]


@dataclass(frozen=True)
class Rendition:
    name: str
    size: tuple[int, int]
    crop: bool  # True: fill the box exactly (thumbnails); False: fit inside it


RENDITIONS = {
    "thumbnail": Rendition("thumbnail", (480, 320), crop=True),
    "web": Rendition("web", (1600, 1600), crop=False),
}


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image ready to be stored."""

    file: ContentFile
    width: int
    height: int
    format: str
    original_name: str


def max_pixels() -> int:
    return getattr(settings, "PORTAL_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_bytes() -> int:
    return getattr(settings, "PORTAL_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "") + " МБ"


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",").replace(",0", "") + " Мпикс"


def generated_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def _sniff_other_format(head: bytes) -> str | None:
    for signature, label in _OTHER_SIGNATURES:
        if head.startswith(signature):
            return label
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "AVIF" if head[8:12] == b"avif" else "HEIC"
    text = head[:256].lstrip().lower()
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "SVG"
    return None


def _reject(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message % params, code=code, params=params)


def clean_image(upload, *, name: str | None = None) -> CleanImage:
    """Check an uploaded file and return its safe re-encoding (raises ValidationError)."""
    name = name or getattr(upload, "name", "") or "без имени"
    display = name.rsplit("/", 1)[-1]
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise _reject(
            "Файл «%(name)s» весит %(size)s, а допускается не больше %(limit)s.",
            "too_large",
            name=display,
            size=_megabytes(size),
            limit=_megabytes(limit),
        )
    extension = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    known_extensions = {ext for _, extensions in ALLOWED_FORMATS.values() for ext in extensions}
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    other = _sniff_other_format(head)
    if other:
        raise _reject(
            "Файл «%(name)s» в формате %(format)s: такой формат не принимается, "
            "допустимы %(allowed)s.",
            "unsupported_format",
            name=display,
            format=other,
            allowed=ALLOWED_LABEL,
        )
    if extension not in known_extensions:
        raise _reject(
            "Файл «%(name)s»: расширение «%(ext)s» не принимается, допустимы %(allowed)s.",
            "unsupported_format",
            name=display,
            ext=f".{extension}" if extension else "без расширения",
            allowed=ALLOWED_LABEL,
        )
    pixel_limit = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(ALLOWED_FORMATS))
            width, height = image.size
            if width * height > pixel_limit:
                raise _reject(
                    "Изображение «%(name)s» — %(width)s×%(height)s точек (%(pixels)s), "
                    "а допускается не больше %(limit)s: уменьшите его.",
                    "too_many_pixels",
                    name=display,
                    width=width,
                    height=height,
                    pixels=_megapixels(width * height),
                    limit=_megapixels(pixel_limit),
                )
            image_format = image.format
            content_extension = ALLOWED_FORMATS[image_format][0]
            if extension not in ALLOWED_FORMATS[image_format][1]:
                raise _reject(
                    "Файл «%(name)s» по содержимому — %(format)s, а не то, что говорит "
                    "его расширение «.%(ext)s». Сохраните его заново как .%(real)s.",
                    "disguised",
                    name=display,
                    format=image_format,
                    ext=extension,
                    real=content_extension,
                )
            image.load()
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _reject(
            "Изображение «%(name)s» слишком большое по числу точек: допускается не больше "
            "%(limit)s.",
            "too_many_pixels",
            name=display,
            limit=_megapixels(pixel_limit),
        ) from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _reject(
            "Файл «%(name)s» не является изображением или повреждён: допустимы %(allowed)s.",
            "not_an_image",
            name=display,
            allowed=ALLOWED_LABEL,
        ) from None
    try:
        content = _encode(image, image_format)
    except (OSError, ValueError):  # an exotic mode (16-bit, ...) Pillow cannot write back
        raise _reject(
            "Изображение «%(name)s» не удалось обработать: сохраните его заново как обычный "
            "JPEG или PNG.",
            "cannot_encode",
            name=display,
        ) from None
    return CleanImage(
        file=ContentFile(content, name=generated_name(content_extension)),
        width=image.width,
        height=image.height,
        format=image_format,
        original_name=display[:255],
    )


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Encode anew, with no EXIF or other metadata (only the colour profile is kept)."""
    output = io.BytesIO()
    icc = image.info.get("icc_profile")
    options = {"icc_profile": icc} if icc else {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=90, optimize=True, **options)
    elif image_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True, **options)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        image.save(output, "WEBP", quality=88, **options)
    return output.getvalue()


def make_rendition(file, rendition: Rendition) -> ContentFile:
    """A JPEG rendition of a stored (already clean) image."""
    file.seek(0)
    with Image.open(file, formats=list(ALLOWED_FORMATS)) as image:
        image.load()
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        elif image.mode != "RGB":
            image = image.convert("RGB")
        if rendition.crop:
            image = ImageOps.fit(image, rendition.size, Image.Resampling.LANCZOS)
        else:
            image = image.copy()
            image.thumbnail(rendition.size, Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(output.getvalue(), name=generated_name("jpg"))
