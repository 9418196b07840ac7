"""What the archive keeps from a photo's EXIF before ``portal.images`` drops it all: the date
the photo was taken (GPS and everything else go)."""

import datetime as dt

from django.utils import timezone
from PIL import Image

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME_DIGITIZED = 0x9004
DATE_TIME = 0x0132


def date_taken(upload) -> dt.datetime | None:
    """The moment a photo was taken per its EXIF (Moscow time when the camera gives no zone)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            exif = image.getexif()
            sub = exif.get_ifd(EXIF_IFD)
            raw = sub.get(DATE_TIME_ORIGINAL) or sub.get(DATE_TIME_DIGITIZED) or exif.get(DATE_TIME)
    except Exception:  # noqa: BLE001 - an unreadable image is rejected later by portal.images
        return None
    finally:
        upload.seek(0)
    if not raw:
        return None
    try:
        moment = dt.datetime.strptime(str(raw).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    return timezone.make_aware(moment)
