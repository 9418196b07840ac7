"""Demo news of the ЧРО and the PPOs: plausible, clearly marked as demo (see load_demo)."""

import datetime as dt
import random

from django.utils import timezone

from portal.models import User
from ppo.demo import months
from ppo.models import Channel, OfficerAppointment, PrimaryOrganization

NEWS = [
    # (PPO slug or None for the ЧРО, state, days ago, category, title, lead, body, social links)
    (
        "rkb",
        "published",
        150,
        "events",
        "Профком РКБ поздравил медицинских сестёр",
        "В Международный день медицинской сестры профком вручил грамоты 25 сотрудницам.",
        "Торжественное собрание прошло в актовом зале больницы.\n\n"
        "Председатель профкома поблагодарила медсестёр за труд и вручила грамоты и подарки.",
        ("vk",),
    ),
    (
        "gkb1",
        "published",
        120,
        "labour_safety",
        "В ГКБ № 1 прошла проверка условий труда",
        "Уполномоченные по охране труда осмотрели рабочие места в трёх отделениях.",
        "Проверку провели совместно с администрацией.\n\n"
        "Замечания:\n<ul><li>заменить освещение в процедурном кабинете;</li>"
        "<li>обновить аптечки первой помощи.</li></ul>",
        ("vk", "telegram"),
    ),
    (
        "kanash-mmc",
        "published",
        95,
        "sport_culture",
        "Волейбольный турнир в Канашском ММЦ",
        "Шесть команд отделений разыграли кубок профкома.",
        "Победила команда хирургического отделения, второе место — у терапевтов.\n\n"
        "Профком благодарит всех болельщиков!",
        ("vk",),
    ),
    (
        "ppc",
        "published",
        80,
        "social",
        "Материальная помощь членам профсоюза перинатального центра",
        "По решению профкома помощь получили 14 работников.",
        "Заявления принимаются в профкоме в течение всего года.",
        (),
    ),
    (
        "rkd",
        "published",
        60,
        "youth",
        "Молодёжный совет РКД провёл квест для новых сотрудников",
        "Молодые специалисты познакомились с историей диспансера и профсоюза.",
        "Квест прошёл по всем корпусам диспансера. Участники узнали, как профсоюз защищает "
        "права работников.",
        ("telegram",),
    ),
    (
        "gdkb",
        "published",
        40,
        "training",
        "Обучение профактива ГДКБ",
        "Члены профкома прошли семинар по коллективному договору.",
        "Семинар провёл правовой инспектор ЧРО Профсоюза.",
        ("vk",),
    ),
    (
        "rkb",
        "published",
        20,
        "awards",
        "Почётные грамоты ЧРО — сотрудникам РКБ",
        "Грамоты вручены за активную работу в профсоюзной организации.",
        "Награждение прошло на заседании профкома.",
        ("vk", "telegram"),
    ),
    (
        None,
        "published",
        10,
        "events",
        "Пленум ЧРО Профсоюза подвёл итоги полугодия",
        "Рассмотрены итоги информационной работы первичных организаций.",
        "Пленум отметил рост числа публикаций первичных организаций в ленте новостей ЧРО "
        "и в социальных сетях.",
        (),
    ),
    (
        "chmk",
        "approved",
        1,
        "youth",
        "Студенты медколледжа вступают в профсоюз",
        "Посвящение в члены профсоюза пройдёт в актовом зале колледжа.",
        "Первокурсникам расскажут о студенческой профсоюзной организации.",
        (),
    ),
    (
        "nvch-gb",
        "submitted",
        2,
        "protection",
        "Профком Новочебоксарской ГБ защитил право на отпуск",
        "Работнице восстановили дополнительный отпуск за вредные условия труда.",
        "Благодаря вмешательству профкома вопрос решён без суда.",
        (),
    ),
    (
        "gkb1",
        "changes_requested",
        3,
        "sport_culture",
        "Лыжня зовёт",
        "Сотрудники ГКБ № 1 вышли на лыжню.",
        "Было весело.",
        (),
    ),
    (
        "shumerlya-mmc",
        "rejected",
        5,
        "other",
        "Продам гараж",
        "Объявление.",
        "Продам гараж недалеко от больницы.",
        (),
    ),
    (
        "rkb",
        "draft",
        0,
        "events",
        "Подготовка к Дню медицинского работника",
        "",
        "",
        (),
    ),
]

NEWS_COLOURS = [
    ((22, 63, 122), (80, 160, 220)),
    ((200, 16, 46), (250, 170, 90)),
    ((20, 110, 80), (150, 220, 150)),
    ((90, 40, 140), (220, 150, 230)),
]


def demo_photo(title: str, index: int, size=(1200, 800)):
    """A generated photo: a coloured gradient with the news title (JPEG bytes in a file)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw, ImageFont

    start, end = NEWS_COLOURS[index % len(NEWS_COLOURS)]
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / size[1]
        draw.line(
            [(0, y), (size[0], y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True)),
        )
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 44)
        small = ImageFont.truetype("DejaVuSans.ttf", 28)
    except OSError:
        font = small = ImageFont.load_default()
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 32:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for number, text in enumerate(lines):
        draw.text((60, 80 + 60 * number), text, fill="white", font=font)
    draw.text((60, size[1] - 80), f"Фото {index + 1} (демо)", fill="white", font=small)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{index + 1}.jpg", output.getvalue(), "image/jpeg")


def load(*, users: dict[str, User]) -> None:
    from django.db.models import F

    from . import services
    from .models import ModerationEvent, Publication, Review

    staff = users["info"]
    now = timezone.now()
    for number, (slug, state, days_ago, category, title, lead, body, social) in enumerate(NEWS):
        organization = PrimaryOrganization.objects.get(slug=slug) if slug else None
        author = staff
        if organization is not None:
            appointment = OfficerAppointment.objects.filter(
                organization=organization, ends_on__isnull=True
            ).first()
            author = appointment.user if appointment else staff
        publication = services.publication_create(
            user=author,
            organization=organization,
            title=f"{title} (демо)",
            lead=lead,
            body=body,
            event_date=(now - dt.timedelta(days=days_ago + 2)).date(),
            category=category,
            vk_url=f"https://vk.com/wall-2100{number}_{number + 10}" if "vk" in social else "",
            telegram_url=f"https://t.me/demo_ppo/{number + 100}" if "telegram" in social else "",
        )
        photos = [demo_photo(title, number + i) for i in range(1 + number % 3)]
        saved, _errors = services.publication_add_photos(
            user=author, publication=publication, files=photos, credit="Фото профкома (демо)"
        )
        for index, photo in enumerate(saved):
            photo.caption = f"{title}: снимок {index + 1}"
            photo.save(update_fields=["caption"])
        if state == "draft":
            continue
        services.publication_submit(user=author, publication=publication)
        if state == "changes_requested":
            services.publication_request_changes(
                user=staff,
                publication=publication,
                comment="Расскажите подробнее: сколько человек участвовало, какие были "
                "дистанции? Добавьте подписи к фотографиям.",
            )
        elif state == "rejected":
            services.publication_reject(
                user=staff,
                publication=publication,
                comment="Частные объявления в ленте новостей ЧРО не публикуются.",
            )
        elif state == "approved":
            services.publication_approve(
                user=staff, publication=publication, publish_at=now + dt.timedelta(days=2)
            )
        elif state == "published":
            services.publication_approve(user=staff, publication=publication)
        # Move the whole story back in time, with a plausible moderation delay.
        shift = dt.timedelta(days=days_ago)
        wait = dt.timedelta(hours=4 + 7 * (number % 5))
        Publication.objects.filter(pk=publication.pk).update(
            created_at=F("created_at") - shift - wait,
            submitted_at=F("submitted_at") - shift - wait,
            approved_at=F("approved_at") - shift,
            published_at=F("published_at") - shift,
        )
        Review.objects.filter(publication=publication).update(
            opened_at=F("opened_at") - shift - wait, closed_at=F("closed_at") - shift
        )
        ModerationEvent.objects.filter(publication=publication).update(
            created_at=F("created_at") - shift
        )

    load_publication_history(users=users)
    load_crossposts(users=users)
    load_resubmitted_news(users=users)


def load_resubmitted_news(*, users: dict[str, User]) -> None:
    """A news item sent back for changes and submitted again: the moderator sees the words
    changed between the two versions."""
    from django.db.models import F

    from . import services
    from .models import PublicationVersion

    author, staff = users["gkb1"], users["info"]
    appointment = author.appointments.filter(ends_on__isnull=True).first()
    if appointment is None:
        return
    now = timezone.now()
    publication = services.publication_create(
        user=author,
        organization=appointment.organization,
        title="Лыжный забег медиков (демо)",
        lead="Сотрудники больницы вышли на лыжню в Лакреевском лесу.",
        body="В забеге участвовали медики больницы.\n\nБыло весело, все получили грамоты.",
        event_date=(now - dt.timedelta(days=6)).date(),
        category="sport_culture",
    )
    services.publication_submit(user=author, publication=publication)
    services.publication_request_changes(
        user=staff,
        publication=publication,
        comment="Уточните, сколько человек участвовало и какие были дистанции.",
    )
    services.publication_update(
        user=author,
        publication=publication,
        lead="32 сотрудника больницы вышли на лыжню в Лакреевском лесу.",
        body="В забеге участвовали 32 медика больницы: дистанции 3 и 5 км.\n\n"
        "Победители получили грамоты профкома, остальные — сладкие призы.",
    )
    services.publication_submit(user=author, publication=publication)
    PublicationVersion.objects.filter(publication=publication, number=1).update(
        submitted_at=F("submitted_at") - dt.timedelta(days=2)
    )
    load_own_news_history(users=users)
    load_outside_and_printed(users=users)


def load_crossposts(*, users: dict[str, User]) -> None:
    """Demo news as if cross-posted to the ЧРО's networks: the newest PPO news to both, the
    ЧРО's own news to Telegram while its VK post failed (the moderation queue lists it and
    «Повторить отправку» is offered). No request leaves: rows are written directly, the error
    marked «демо»."""
    from .models import CrossPost, Publication

    published = Publication.objects.filter(
        status=Publication.Status.PUBLISHED, title__endswith="(демо)"
    ).order_by("-published_at")
    chosen = [
        (published.filter(organization__isnull=False).first(), False),
        (published.filter(organization__isnull=True).first(), True),
    ]
    for publication, vk_fails in chosen:
        if publication is None:
            continue
        for platform in (CrossPost.Platform.VK, CrossPost.Platform.TELEGRAM):
            failed = vk_fails and platform == CrossPost.Platform.VK
            number = 900 + publication.pk
            url = (
                f"https://vk.com/wall-210000_{number}"
                if platform == CrossPost.Platform.VK
                else f"https://t.me/demo_chro/{number}"
            )
            CrossPost.objects.update_or_create(
                publication=publication,
                platform=platform,
                defaults={
                    "requested_by": users["info"],
                    "status": CrossPost.Status.FAILED if failed else CrossPost.Status.POSTED,
                    "url": "" if failed else url,
                    "error": (
                        "Токен ВКонтакте недействителен или отозван. (демо)" if failed else ""
                    ),
                    "attempted_at": publication.published_at,
                    "attempts": 1,
                    "posted_at": None if failed else publication.published_at,
                },
            )


# Two and a half years of news, so that the dashboard (programme 2023-2025) and the reports have
# something to show for 2024 and 2025: each PPO writes with its own regularity; some have gaps.
HISTORY_REGULARITY = {
    # slug: (chance of a news item in a month, months with none: (first, last) inclusive)
    "rkb": (0.9, None),
    "gkb1": (0.8, None),
    "ppc": (0.7, None),
    "kanash-mmc": (0.6, None),
    "gdkb": (0.55, None),
    "nvch-gb": (0.5, None),
    "rkd": (0.45, None),
    "chmk": (0.5, None),  # and never in the summer holidays, see below
    "rkod": (0.35, None),
    "ssmp": (0.25, None),
    # A PPO that went quiet after its officer left, and one that fell silent for most of 2025.
    "alatyr-mc": (0.35, (dt.date(2024, 10, 1), dt.date(2026, 12, 1))),
    "shumerlya-mmc": (0.45, (dt.date(2025, 3, 1), dt.date(2025, 12, 1))),
    # A PPO that only started in the summer of 2025.
    "tsivilsk-crb": (0.4, (dt.date(2024, 1, 1), dt.date(2025, 5, 1))),
    # vurnary-crb: no news at all (no officer, no channels).
}

HISTORY_TOPICS = [
    # (category, title, lead, body)
    (
        "events",
        "Профсоюзное собрание в {ppo}",
        "Члены профсоюза обсудили выполнение коллективного договора.",
        "На собрании выступили председатель профкома и главный врач.\n\n"
        "Принято решение продолжить работу по оздоровлению работников.",
    ),
    (
        "labour_safety",
        "Уполномоченные {ppo} проверили условия труда",
        "Проверены рабочие места в отделениях и исправность вентиляции.",
        "Замечания переданы администрации, сроки устранения согласованы.",
    ),
    (
        "social",
        "Материальная помощь членам профсоюза {ppo}",
        "Профком оказал помощь работникам, попавшим в трудную ситуацию.",
        "Заявления на материальную помощь принимаются в профкоме.",
    ),
    (
        "youth",
        "Молодёжный совет {ppo} встретил новых сотрудников",
        "Молодые специалисты узнали о работе профсоюза и льготах его членов.",
        "Встреча прошла в неформальной обстановке, за чаем.",
    ),
    (
        "sport_culture",
        "Команда {ppo} на спартакиаде медицинских работников",
        "Сотрудники выступили в лыжных гонках, волейболе и дартсе.",
        "Профком благодарит спортсменов и болельщиков.",
    ),
    (
        "training",
        "Обучение профактива {ppo}",
        "Члены профкома прошли семинар ЧРО Профсоюза по правовым вопросам.",
        "Разобрали порядок учёта мнения профкома и оплату сверхурочной работы.",
    ),
    (
        "awards",
        "Награды ЧРО Профсоюза — работникам {ppo}",
        "Почётные грамоты вручены за активную профсоюзную работу.",
        "Награждение прошло на заседании профкома.",
    ),
    (
        "protection",
        "Профком {ppo} добился перерасчёта выплат",
        "Работникам доначислены стимулирующие выплаты за прошлый квартал.",
        "Вопрос решён в досудебном порядке при участии правового инспектора.",
    ),
    (
        "events",
        "Субботник на территории {ppo}",
        "Сотрудники привели в порядок больничный парк.",
        "Вышли более сорока человек, высажены молодые деревья.",
    ),
    (
        "social",
        "Дети работников {ppo} отдохнули в лагере",
        "Профком частично оплатил путёвки в загородный лагерь.",
        "Путёвки получили дети членов профсоюза.",
    ),
]


def load_publication_history(*, users: dict[str, User]) -> None:
    """Approved and published news of January 2024 up to five months ago (the recent ones are
    NEWS above), with VK/Telegram links and a photo on some: the moderation history is real."""
    from django.db.models import F

    from . import services
    from .models import ModerationEvent, Publication, Review

    rng = random.Random(2024)
    staff = users["info"]
    now = timezone.now()
    last_month = (timezone.localdate() - dt.timedelta(days=155)).replace(day=1)
    organizations = PrimaryOrganization.objects.in_bulk(list(HISTORY_REGULARITY), field_name="slug")
    authors = {
        appointment.organization_id: appointment.user
        for appointment in OfficerAppointment.objects.filter(ends_on__isnull=True)
    }
    channels = {
        (channel.organization_id, channel.platform)
        for channel in Channel.objects.filter(organization__isnull=False)
    }
    number = 0
    for slug, (chance, gap) in HISTORY_REGULARITY.items():
        organization = organizations[slug]
        author = authors.get(organization.pk, staff)
        for month in months(dt.date(2024, 1, 1), last_month):
            if gap and gap[0] <= month <= gap[1]:
                continue
            if slug == "chmk" and month.month in (7, 8):
                continue
            count = int(rng.random() < chance) + int(rng.random() < chance / 4)
            for _item in range(count):
                number += 1
                category, title, lead, body = rng.choice(HISTORY_TOPICS)
                day = rng.randint(1, 27)
                approved = dt.datetime.combine(
                    month.replace(day=day), dt.time(rng.randint(9, 17), rng.randint(0, 59))
                ).replace(tzinfo=now.tzinfo)
                has_vk = (organization.pk, Channel.Platform.VK) in channels
                has_tg = (organization.pk, Channel.Platform.TELEGRAM) in channels
                publication = services.publication_create(
                    user=author,
                    organization=organization,
                    title=f"{title.format(ppo=organization.short_name)} (демо)",
                    lead=lead,
                    body=body,
                    event_date=(approved - dt.timedelta(days=rng.randint(1, 6))).date(),
                    category=category,
                    vk_url=(
                        f"https://vk.com/wall-21{organization.pk:03d}_{number}"
                        if has_vk and rng.random() < 0.6
                        else ""
                    ),
                    telegram_url=(
                        f"https://t.me/demo_ppo_{slug.replace('-', '_')}/{number}"
                        if has_tg and rng.random() < 0.4
                        else ""
                    ),
                )
                if number % 10 == 0:  # a photo on some of the older news (not all: load time)
                    saved, _errors = services.publication_add_photos(
                        user=author,
                        publication=publication,
                        files=[demo_photo(title.format(ppo=""), number)],
                        credit="Фото профкома (демо)",
                    )
                services.publication_submit(user=author, publication=publication)
                services.publication_approve(user=staff, publication=publication)
                shift = now - approved
                wait = dt.timedelta(hours=rng.randint(2, 70))
                Publication.objects.filter(pk=publication.pk).update(
                    created_at=F("created_at") - shift - wait - dt.timedelta(hours=1),
                    submitted_at=F("submitted_at") - shift - wait,
                    approved_at=F("approved_at") - shift,
                    published_at=F("published_at") - shift,
                    updated_at=F("updated_at") - shift,
                )
                Review.objects.filter(publication=publication).update(
                    opened_at=F("opened_at") - shift - wait, closed_at=F("closed_at") - shift
                )
                events = ModerationEvent.objects.filter(publication=publication)
                events.filter(to_status__in=[Publication.Status.DRAFT, "submitted"]).update(
                    created_at=F("created_at") - shift - wait
                )
                events.exclude(to_status__in=[Publication.Status.DRAFT, "submitted"]).update(
                    created_at=F("created_at") - shift
                )


OWN_TOPICS = [
    (
        "events",
        "Заседание Президиума: итоги месяца",
        "Президиум рассмотрел ход коллективных договоров и план информационной работы.",
    ),
    (
        "protection",
        "Юрист отвечает: графики дежурств",
        "Разбираем вопросы членов Профсоюза о режиме работы и оплате дежурств.",
    ),
    (
        "labour_safety",
        "Неделя охраны труда",
        "Проверки условий труда в медицинских организациях: что выявлено и что исправлено.",
    ),
    (
        "social",
        "Оздоровление членов Профсоюза",
        "Путёвки в санатории со скидкой для членов Профсоюза и их детей.",
    ),
    (
        "youth",
        "Молодёжный совет: новые проекты",
        "Молодые медики предложили проекты наставничества и волонтёрства.",
    ),
    (
        "training",
        "Семинар для председателей ППО",
        "Обучение профсоюзного актива: правовая защита, отчётность, информационная работа.",
    ),
]


def load_own_news_history(*, users: dict[str, User]) -> None:
    """The organization's own news from January 2025 (line I.3.1): about two a month, with the
    real moderation workflow moved back in time."""
    from django.db.models import F

    from . import services
    from .models import Publication

    rng = random.Random(31)
    staff = users["info"]
    now = timezone.now()
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for index, month in enumerate(months(dt.date(2025, 1, 1), last_month)):
        for half in (0, 1):
            category, title, lead = OWN_TOPICS[(2 * index + half) % len(OWN_TOPICS)]
            published = dt.datetime.combine(
                month.replace(day=rng.randint(3, 13) + 14 * half), dt.time(rng.randint(9, 17))
            ).replace(tzinfo=now.tzinfo)
            publication = services.publication_create(
                user=staff,
                organization=None,
                title=f"{title} (демо)",
                lead=lead,
                body=f"<p>{lead}</p><p>Подробности — у председателей ППО.</p>",
                event_date=(published - dt.timedelta(days=1)).date(),
                category=category,
            )
            services.publication_submit(user=staff, publication=publication)
            services.publication_approve(user=staff, publication=publication)
            shift = now - published
            Publication.objects.filter(pk=publication.pk).update(
                created_at=F("created_at") - shift - dt.timedelta(hours=2),
                submitted_at=F("submitted_at") - shift - dt.timedelta(hours=1),
                approved_at=F("approved_at") - shift,
                published_at=F("published_at") - shift,
                updated_at=F("updated_at") - shift,
            )


OUTSIDE_MEDIA = [
    # (kind, outlet, title, date, PPO slug or None)
    (
        "media",
        "Газета «Советская Чувашия» (демо)",
        "Медики выбирают Профсоюз",
        dt.date(2025, 2, 18),
        None,
    ),
    (
        "media",
        "ГТРК «Чувашия» (демо)",
        "Профсоюз о повышении зарплат медиков",
        dt.date(2025, 4, 9),
        None,
    ),
    (
        "media",
        "ИА «Чувашинформ» (демо)",
        "Спартакиада медицинских работников",
        dt.date(2025, 6, 2),
        "rkb",
    ),
    (
        "media",
        "Газета «Хыпар» (демо)",
        "День медицинского работника в районах",
        dt.date(2025, 6, 20),
        None,
    ),
    (
        "media",
        "Радио «Таван» (демо)",
        "Интервью председателя о колдоговорах",
        dt.date(2025, 9, 12),
        None,
    ),
    (
        "media",
        "ИА «Чувашинформ» (демо)",
        "Молодые медики — наставники",
        dt.date(2025, 10, 7),
        "gkb1",
    ),
    (
        "media",
        "Газета «Грани» (демо)",
        "Профком больницы помог с путёвками",
        dt.date(2025, 11, 14),
        "nvch-gb",
    ),
    (
        "union_press",
        "Газета «Солидарность» (демо)",
        "Информационная работа в ППО",
        dt.date(2025, 3, 26),
        None,
    ),
    (
        "union_press",
        "«Пульс Профсоюза» (демо)",
        "Профсоюзный блогер: итоги",
        dt.date(2025, 5, 30),
        None,
    ),
    (
        "union_press",
        "«Профсоюзная тема» (демо)",
        "Как ППО ведут сообщества",
        dt.date(2025, 8, 28),
        None,
    ),
    (
        "union_press",
        "Газета «Время» (демо)",
        "Охрана труда в медорганизациях",
        dt.date(2025, 11, 20),
        "rkb",
    ),
    (
        "media",
        "ГТРК «Чувашия» (демо)",
        "Профсоюз и новый закон о наставничестве",
        dt.date(2026, 2, 11),
        None,
    ),
    (
        "media",
        "ИА «Чувашинформ» (демо)",
        "Конкурс на лучшую информационную работу",
        dt.date(2026, 6, 10),
        None,
    ),
    (
        "media",
        "Газета «Советская Чувашия» (демо)",
        "Профсоюз защищает права медсестёр",
        dt.date(2026, 9, 15),
        None,
    ),
    (
        "media",
        "Газета «Хыпар» (демо)",
        "Ветераны медицины в профкоме",
        dt.date(2026, 10, 1),
        "kanash-mmc",
    ),
    (
        "union_press",
        "«Пульс Профсоюза» (демо)",
        "Видео «Мой наставник»: итоги",
        dt.date(2026, 11, 2),
        None,
    ),
    (
        "union_press",
        "Газета «Солидарность» (демо)",
        "Опыт цифровизации отчётности",
        dt.date(2026, 4, 22),
        None,
    ),
]

PRINTED = [
    # (kind, title, date, copies, with social links)
    ("bulletin", "Информационный бюллетень № 1 (демо)", dt.date(2025, 3, 3), 300, True),
    (
        "leaflet",
        "Листок «Вступай в Профсоюз» с QR-кодами групп (демо)",
        dt.date(2025, 4, 15),
        1000,
        True,
    ),
    ("bulletin", "Информационный бюллетень № 2 (демо)", dt.date(2025, 6, 2), 300, True),
    ("memo", "Памятка «Права медицинского работника» (демо)", dt.date(2025, 9, 1), 500, False),
    ("bulletin", "Информационный бюллетень № 3 (демо)", dt.date(2025, 11, 10), 300, True),
    ("bulletin", "Информационный бюллетень № 1 (демо)", dt.date(2026, 3, 2), 300, True),
    (
        "booklet",
        "Методичка для ответственных по информационной работе (демо)",
        dt.date(2026, 5, 18),
        120,
        False,
    ),
    ("leaflet", "Листок «Мы в соцсетях» (демо)", dt.date(2026, 9, 7), 800, True),
]


def load_outside_and_printed(*, users: dict[str, User]) -> None:
    """Publications about the union in outside media and union periodicals, and printed issues
    of the organization and of the PPOs (lines I.3.7, I.4.8, I.5.1, I.5.5, II.4.4)."""
    from . import services

    staff = users["info"]
    today = timezone.localdate()
    organizations = {o.slug: o for o in PrimaryOrganization.objects.filter(is_active=True)}
    for number, (kind, outlet, title, day, slug) in enumerate(OUTSIDE_MEDIA, start=1):
        if day <= today:
            services.outside_media_create(
                user=staff,
                kind=kind,
                outlet=outlet,
                title=f"{title} (демо)",
                published_on=day,
                url=f"https://example.org/demo/media/{number}",
                organization=organizations.get(slug) if slug else None,
            )
    for kind, title, day, copies, links in PRINTED:
        if day <= today:
            services.printed_issue_create(
                user=staff,
                kind=kind,
                title=title,
                issued_on=day,
                copies=copies,
                has_social_links=links,
            )
    rng = random.Random(44)
    for year in (2025, 2026):
        for organization in organizations.values():
            if rng.random() < 0.35:
                continue
            day = dt.date(year, rng.choice([10, 11]), rng.randint(1, 25))
            if day <= today:
                services.printed_issue_create(
                    user=staff,
                    kind=rng.choice(["leaflet", "bulletin", "memo"]),
                    title=f"Выпуск профкома {organization.short_name} (демо)",
                    issued_on=day,
                    copies=rng.choice([50, 100, 150, 200]),
                    has_social_links=rng.random() < 0.5,
                    organization=organization,
                )
