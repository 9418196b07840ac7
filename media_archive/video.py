"""Video rules of the archive: uploaded files checked by content, and links to VK Video,
RuTube and YouTube turned into the platform's embed address."""

from __future__ import annotations

import datetime as dt
import re
import struct
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.core.exceptions import ValidationError

from portal.files import EBML_MAGIC, MP4_BRANDS, sniff_video  # noqa: F401 - the pipeline's

ALLOWED_LABEL = "MP4 и WebM"


@dataclass(frozen=True)
class CleanVideo:
    extension: str
    name: str
    duration: dt.timedelta | None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} МБ"


# The longest duration taken from a file's header (a week); anything longer is not believed.
MAX_DURATION_SECONDS = 7 * 24 * 3600


def mp4_duration(upload) -> dt.timedelta | None:
    """The duration from the ``mvhd`` box of an MP4 (walks top-level boxes, then moov's)."""
    try:
        upload.seek(0)
        end = getattr(upload, "size", None) or 1 << 62
        position = 0
        while position < end:
            upload.seek(position)
            header = upload.read(8)
            if len(header) < 8:
                return None
            size, box = struct.unpack(">I4s", header)
            offset = 8
            if size == 1:
                size = struct.unpack(">Q", upload.read(8))[0]
                offset = 16
            if box == b"moov":
                position += offset
                end = position - offset + size
                continue
            if box == b"mvhd":
                body = upload.read(32)
                if body[0] == 1:
                    timescale, duration = struct.unpack(">IQ", body[20:32])
                else:
                    timescale, duration = struct.unpack(">II", body[12:20])
                if not timescale:
                    return None
                seconds = round(duration / timescale)
                # A crafted header may claim anything: a longer "film" is stored without length.
                return dt.timedelta(seconds=seconds) if seconds <= MAX_DURATION_SECONDS else None
            if size < 8:
                return None
            position += size
    except (OSError, struct.error, IndexError, OverflowError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def clean_video(upload) -> CleanVideo:
    """Check an uploaded video by size and content (raises ValidationError in Russian)."""
    display = (getattr(upload, "name", "") or "без имени").rsplit("/", 1)[-1]
    limit = settings.ARCHIVE_VIDEO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            "Файл «%(name)s» весит %(size)s, а видео допускается не больше %(limit)s: "
            "загрузите его в VK Видео или RuTube и добавьте ссылку.",
            code="too_large",
            params={"name": display, "size": _megabytes(upload.size), "limit": _megabytes(limit)},
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    extension = sniff_video(head)
    if extension is None:
        raise ValidationError(
            "Файл «%(name)s» не является видео в формате %(allowed)s (проверено по содержимому, "
            "а не по имени).",
            code="not_a_video",
            params={"name": display, "allowed": ALLOWED_LABEL},
        )
    duration = mp4_duration(upload) if extension == "mp4" else None
    return CleanVideo(
        extension=extension, name=f"{uuid.uuid4().hex}.{extension}", duration=duration
    )


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
RUTUBE_PATH = re.compile(r"^/(?:video|play/embed|shorts)/(?:private/)?([0-9a-f]{32})/?$")
VK_VIDEO = re.compile(r"video(-?\d+)_(\d+)")


def embed_for(url: str) -> tuple[str, str]:
    """(platform, embed address) for a VK Video, RuTube or YouTube link; ValidationError else."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parsed.scheme in ("http", "https"):
        if host in ("youtube.com", "youtu.be", "youtube-nocookie.com"):
            if host == "youtu.be":
                video_id = parsed.path.strip("/")
            elif parsed.path == "/watch":
                video_id = parse_qs(parsed.query).get("v", [""])[0]
            else:
                parts = parsed.path.strip("/").split("/")
                video_id = (
                    parts[1] if len(parts) == 2 and parts[0] in ("embed", "shorts", "live") else ""
                )
            if YOUTUBE_ID.match(video_id):
                return "youtube", f"https://www.youtube-nocookie.com/embed/{video_id}"
        elif host == "rutube.ru":
            match = RUTUBE_PATH.match(parsed.path)
            if match:
                return "rutube", f"https://rutube.ru/play/embed/{match[1]}"
        elif host in ("vk.com", "vkvideo.ru", "vk.ru"):
            match = VK_VIDEO.search(parsed.path + "?" + parsed.query)
            query = parse_qs(parsed.query)
            if parsed.path == "/video_ext.php" and "oid" in query and "id" in query:
                oid, vid = query["oid"][0], query["id"][0]
            elif match:
                oid, vid = match[1], match[2]
            else:
                oid = vid = ""
            if re.fullmatch(r"-?\d+", oid) and vid.isdigit():
                return "vk", f"https://vk.com/video_ext.php?oid={oid}&id={vid}&hd=2"
    raise ValidationError(
        "Ссылка не распознана: укажите адрес видео в VK Видео (vkvideo.ru/video-…_…), "
        "на RuTube (rutube.ru/video/…) или на YouTube.",
        code="bad_video_link",
    )


def parse_duration(text: str) -> dt.timedelta | None:
    """«1:02:03», «12:30» or «95» (seconds) to a timedelta; ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{1,3}(:\d{1,2}){0,2}", text):
        raise ValueError(text)
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return dt.timedelta(seconds=seconds)
