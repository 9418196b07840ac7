"""Demo contests, clearly marked «(демо)»: a finished «Профсоюзный блогер» with published
results and an open photo contest where the officer of ГКБ № 1 chairs the jury."""

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.models import User
from portal.periods import MOSCOW
from ppo.models import PrimaryOrganization

from . import services
from .models import Contest, Entry, EntryPhoto, Juror, Nomination, Score

BLOGS = [
    ("Будни приёмного отделения", "https://vk.com/demo_priemnoe"),
    ("Профком на связи", "https://t.me/demo_profkom"),
    ("Сестринское дело без прикрас", "https://vk.com/demo_sestry"),
    ("Молодёжный совет больницы", "https://vk.com/demo_molodezh"),
    ("Здоровье и право", "https://t.me/demo_pravo"),
]


def _photo(seed: int) -> SimpleUploadedFile:
    rnd = random.Random(seed)
    image = Image.new("RGB", (800, 600), (rnd.randint(20, 90), rnd.randint(60, 120), 160))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rnd.randint(0, 700), rnd.randint(0, 500)
        colour = (rnd.randint(150, 255), rnd.randint(150, 255), rnd.randint(150, 255))
        draw.ellipse([x, y, x + rnd.randint(40, 160), y + rnd.randint(40, 160)], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _jurors(contest, users) -> list[Juror]:
    people = [users["presidium"]]
    for email, name in [
        ("jury1@demo.example", "Алексеева Ирина Петровна (демо)"),
        ("jury2@demo.example", "Григорьев Сергей Иванович (демо)"),
    ]:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=name)
        people.append(user)
    return [
        Juror.objects.create(contest=contest, user=user, is_chair=index == 0)
        for index, user in enumerate(people)
    ]


def load(*, users: dict[str, User]) -> None:
    rnd = random.Random(2024)
    organizations = list(PrimaryOrganization.objects.filter(is_active=True)[:8])
    if len(organizations) < 3:
        return
    blogger = Contest.objects.create(
        title="Профсоюзный блогер — 2024 (демо)",
        slug="blogger-2024",
        kind=Contest.Kind.BLOGGER,
        description="Конкурс среди ППО на лучший профсоюзный блог или сообщество (демо).",
        # Announced in December 2023 (line I.7.1 of the first programme), held in spring 2024.
        submission_starts=dt.date(2023, 12, 1),
        submission_ends=dt.date(2024, 4, 30),
        judging_starts=dt.date(2024, 5, 1),
        judging_ends=dt.date(2024, 5, 20),
    )
    services.contest_apply_default_criteria(contest=blogger)
    nominations = [
        Nomination.objects.create(contest=blogger, title="Лучшее сообщество ВКонтакте", order=1),
        Nomination.objects.create(contest=blogger, title="Лучший Telegram-канал", order=2),
    ]
    jurors = _jurors(blogger, users)
    criteria = list(blogger.criteria.all())
    for index, (organization, (title, link)) in enumerate(zip(organizations, BLOGS, strict=False)):
        entry = Entry.objects.create(
            contest=blogger,
            nomination=nominations[0] if "vk.com" in link else nominations[1],
            organization=organization,
            title=f"{title} (демо)",
            author="Ответственный по информационной работе",
            link=link,
            submitted_by=users["info"],
        )
        for juror in jurors:
            Score.objects.bulk_create(
                [
                    Score(
                        entry=entry,
                        juror=juror,
                        criterion=criterion,
                        value=min(10, 5 + (index * 3 + rnd.randint(0, 3)) % 6),
                    )
                    for criterion in criteria
                ]
            )
    services.contest_publish_results(user=users["info"], contest=blogger)
    Contest.objects.filter(pk=blogger.pk).update(
        results_published_at=dt.datetime(2024, 5, 24, 12, tzinfo=MOSCOW)
    )
    _history(
        organizations=list(PrimaryOrganization.objects.filter(is_active=True)),
        rnd=rnd,
        staff=users["info"],
    )

    today = timezone.localdate()
    photo = Contest.objects.create(
        title="Фотоконкурс «Профсоюз в лицах» (демо)",
        slug="faces",
        kind=Contest.Kind.PHOTO,
        description="Фотографии о работе медиков и профсоюзной жизни ППО (демо).",
        submission_starts=today - dt.timedelta(days=20),
        submission_ends=today + dt.timedelta(days=10),
        judging_starts=today - dt.timedelta(days=3),
        judging_ends=today + dt.timedelta(days=30),
    )
    services.contest_apply_default_criteria(contest=photo)
    Nomination.objects.create(contest=photo, title="Будни медиков", order=1)
    Nomination.objects.create(contest=photo, title="Профсоюзная жизнь", order=2)
    Juror.objects.create(contest=photo, user=users["gkb1"], is_chair=True)
    Juror.objects.create(contest=photo, user=users["presidium"])
    for index, organization in enumerate(organizations[:4]):
        entry = Entry.objects.create(
            contest=photo,
            nomination=photo.nominations.first(),
            organization=organization,
            title=f"Смена начинается (демо {index + 1})",
            author="Фотограф ППО (демо)",
            submitted_by=users["info"],
        )
        photo_row = EntryPhoto(entry=entry, file=_photo(index))
        photo_row.full_clean(exclude=["entry"])
        photo_row.save()


HISTORY = [
    # (title, slug, kind, submission from, to, results published)
    (
        "Фотоконкурс «Медицина — призвание» (демо)",
        "calling-2025",
        Contest.Kind.PHOTO,
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 20),
        dt.datetime(2025, 5, 19, 12, tzinfo=MOSCOW),
    ),
    (
        "Конкурс видеороликов «Профсоюз — это мы» (демо)",
        "we-are-2025",
        Contest.Kind.VIDEO,
        dt.date(2025, 8, 1),
        dt.date(2025, 10, 15),
        dt.datetime(2025, 11, 10, 12, tzinfo=MOSCOW),
    ),
    (
        "Конкурс на лучшую информационную работу ППО (демо)",
        "info-2026",
        Contest.Kind.INFORMATION,
        dt.date(2026, 3, 1),
        dt.date(2026, 5, 15),
        dt.datetime(2026, 6, 8, 12, tzinfo=MOSCOW),
    ),
    (
        "Конкурс видеороликов «Мой наставник» (демо)",
        "mentor-2026",
        Contest.Kind.VIDEO,
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        dt.datetime(2026, 10, 26, 12, tzinfo=MOSCOW),
    ),
]


def _history(*, organizations, rnd, staff) -> None:
    """Contests already judged (lines I.7.2 and the places of PPOs): entries by links, places
    as the jury gave them."""
    now = timezone.now()
    for title, slug, kind, starts, ends, published in HISTORY:
        if published > now:
            continue
        contest = Contest.objects.create(
            title=title,
            slug=slug,
            kind=kind,
            description="Прошедший конкурс среди ППО (демо).",
            submission_starts=starts,
            submission_ends=ends,
            judging_starts=ends + dt.timedelta(days=1),
            judging_ends=ends + dt.timedelta(days=14),
            results_published_at=published,
        )
        taking_part = [o for o in organizations if rnd.random() < 0.55]
        for place, organization in enumerate(taking_part, start=1):
            Entry.objects.create(
                contest=contest,
                organization=organization,
                title=f"Работа {organization.short_name} (демо)",
                author="Ответственный по информационной работе (демо)",
                link=f"https://vk.com/video-{1000 + organization.pk}_{place}",
                submitted_by=staff,
                submitted_at=timezone.make_aware(dt.datetime.combine(ends, dt.time(12))),
                place=place if place <= 3 else None,
            )
