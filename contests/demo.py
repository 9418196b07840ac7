"""Demo contests, clearly marked «(демо)»: a finished «Профсоюзный блогер» with published
results and an open photo contest where the officer of ГКБ № 1 chairs the jury."""

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.models import User
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
        submission_starts=dt.date(2024, 3, 1),
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
