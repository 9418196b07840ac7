"""Demo albums of the archive with generated pictures, clearly marked «(демо)»."""

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from ppo.models import PrimaryOrganization

from . import services
from .models import Album, MediaItem

ALBUMS = [
    # (organization slug or None for the ЧРО, title, date, place, visibility, tags, photos)
    (
        None,
        "Пленум ЧРО Профсоюза (демо)",
        dt.date(2024, 12, 12),
        "Чебоксары, Дом Союзов",
        Album.Visibility.PUBLIC,
        ["пленум", "ЧРО"],
        5,
    ),
    (
        None,
        "Семинар ответственных за информационную работу (демо)",
        dt.date(2024, 3, 21),
        "Чебоксары",
        Album.Visibility.INTERNAL,
        ["обучение", "информационная работа"],
        4,
    ),
    (
        "rkb",
        "Спартакиада медиков, команда РКБ (демо)",
        dt.date(2024, 9, 14),
        "Стадион «Олимпийский»",
        Album.Visibility.PUBLIC,
        ["спорт", "молодёжь"],
        6,
    ),
    (
        "gkb1",
        "Субботник в сквере у больницы (демо)",
        dt.date(2025, 4, 19),
        "Чебоксары",
        Album.Visibility.PUBLIC,
        ["субботник"],
        3,
    ),
    (
        "gkb1",
        "Собрание профактива (демо)",
        dt.date(2025, 2, 6),
        "Актовый зал ГКБ № 1",
        Album.Visibility.STAFF,
        ["собрание"],
        2,
    ),
]

PALETTE = [(22, 63, 122), (200, 16, 46), (46, 139, 87), (218, 165, 32), (95, 75, 139)]


def _picture(rng: random.Random, label: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (1200, 800), rng.choice(PALETTE))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 1100), rng.randint(0, 700)
        size = rng.randint(40, 220)
        draw.ellipse([x, y, x + size, y + size], fill=rng.choice(PALETTE))
    draw.rectangle([0, 700, 1200, 800], fill=(255, 255, 255))
    draw.text((30, 735), label, fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"{label}.jpg", buffer.getvalue(), content_type="image/jpeg")


def load(*, users) -> None:
    rng = random.Random(7)
    organizations = {
        o.slug: o for o in PrimaryOrganization.objects.filter(slug__in=["rkb", "gkb1"])
    }
    for slug, title, date, place, visibility, tags, photos in ALBUMS:
        organization = organizations.get(slug) if slug else None
        if slug and organization is None:
            continue
        author = users["info"] if organization is None else users.get(slug, users["info"])
        album = services.album_create(
            user=users["info"],
            organization=organization,
            title=title,
            event_date=date,
            place=place,
            description="Демонстрационный альбом: снимки сгенерированы программой.",
            visibility=visibility,
            tags=tags,
        )
        for number in range(1, photos + 1):
            item = services.photo_add(
                user=users["info"],
                album=album,
                upload=_picture(rng, f"demo-{album.pk}-{number}"),
                caption=f"Кадр {number} (демо)",
                author_credit=author.full_name,
                rights=MediaItem.Rights.SOCIAL if number % 3 else MediaItem.Rights.INTERNAL,
            )
            services.item_renditions_make(item_id=item.pk)
    chro = Album.objects.filter(organization__isnull=True, visibility="public").first()
    if chro:
        services.video_add(
            user=users["info"],
            album=chro,
            url="https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
            caption="Видеообращение председателя (демо)",
            author_credit="Аппарат ЧРО",
            duration=dt.timedelta(minutes=3, seconds=12),
        )
    load_history(users=users)


HISTORY_EVENTS = [
    "Пленум организации",
    "Семинар профсоюзного актива",
    "Спартакиада медицинских работников",
    "День медицинского работника",
    "Конкурс «Лучший по профессии»",
    "Молодёжный форум",
    "Экологический субботник",
    "Новогодний праздник для детей",
]


def _backdate(album: Album, when: dt.datetime) -> None:
    Album.objects.filter(pk=album.pk).update(created_at=when, updated_at=when)
    MediaItem.objects.filter(album=album).update(created_at=when)


def load_history(*, users) -> None:
    """Albums of past quarters (from 2025): the organization's own, with video published on
    RuTube, and the PPOs' (lines I.3.4, I.4.7 and II.3.7). Video links only: no files to make."""
    rng = random.Random(347)
    staff = users["info"]
    now = timezone.now()
    organizations = list(PrimaryOrganization.objects.filter(is_active=True).order_by("pk"))
    number = 0
    for year in (2025, 2026):
        for quarter in range(4):
            month = 3 * quarter + 2
            day = dt.date(year, month, rng.randint(5, 25))
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(15)))
            if when >= now:
                break
            owners = [None] + [o for o in organizations if rng.random() < 0.45]
            if quarter == 3:  # the last quarter: most PPOs fill their archive before the report
                owners = [None] + [o for o in organizations if rng.random() < 0.8]
            for owner in owners:
                number += 1
                title = rng.choice(HISTORY_EVENTS)
                album = services.album_create(
                    user=staff,
                    organization=owner,
                    title=f"{title} (демо)",
                    event_date=day - dt.timedelta(days=1),
                    place="Чебоксары" if owner is None else owner.locality,
                    description="Демонстрационный альбом: видео по ссылке.",
                    visibility=Album.Visibility.INTERNAL,
                    tags=[],
                )
                for clip in range(2 if owner is None else 1):
                    services.video_add(
                        user=staff,
                        album=album,
                        url=f"https://rutube.ru/video/{number:016x}{clip:016x}/",
                        caption=f"{title}: видео {clip + 1} (демо)",
                        author_credit="Аппарат" if owner is None else owner.short_name,
                    )
                _backdate(album, when)
