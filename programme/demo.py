"""Demo data of the programme: execution records with evidence links, trainings with attendance
and working targets of the indicators, all marked «(демо)». The first programme itself is
loaded by the migration.

The demo tells the story of December 2026: the 2023-2025 programme is closed with its final
report, and the next programme, 2026-2028 (made for the demo by copying the first one and adding
a few lines), is in force with its work through November 2026 and a saved report to the
Presidium for the half-year."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ppo.models import OfficerAppointment, PrimaryOrganization

from . import services
from .models import (
    Activity,
    Attendance,
    ExecutionRecord,
    Indicator,
    IndicatorTarget,
    Measure,
    Programme,
    Training,
)

NEXT_TITLE = (
    "Программа по развитию информационной работы в ЧРО Профсоюза работников здравоохранения РФ "
    "на 2026-2028 годы (демо)"
)
NEXT_APPROVED_BY = (
    "Постановление Президиума Чувашской республиканской организации Профсоюза работников "
    "здравоохранения РФ от «18» декабря 2025 г. № 14 (демо)"
)
NEXT_NOTE = "Демо: программа придумана для показа портала — копия первой с новыми строками."

# New lines of the next programme: (section, measure number, text, schedule text, kind).
NEXT_LINES = [
    (
        "I",
        2,
        "Запуск чат-бота ЧРО Профсоюза в Telegram для ответов на вопросы членов Профсоюза (демо)",
        "В течение 2026 года",
        "during_year",
        (2026, 2026),
    ),
    (
        "I",
        2,
        "Перевод ежемесячной отчётности ППО на портал ЧРО Профсоюза (демо)",
        "В течение 2026-2027 гг.",
        "period",
        (2026, 2027),
    ),
    (
        "II",
        1,
        "Ведение страницы ППО на портале ЧРО Профсоюза: обновление новостей не реже раза в "
        "месяц (демо)",
        "Постоянно",
        "permanent",
        None,
    ),
]

NEXT_LINES_EVIDENCE = (
    "Отметка со ссылкой на результат (страницу, бота, отчёт) или файл, который его подтверждает "
    "(демо)."
)

NEXT_CHRO_RECORDS = [
    (
        "Запуск чат-бота ЧРО Профсоюза",
        dt.date(2026, 9, 14),
        "Чат-бот отвечает на вопросы о материальной помощи и отпусках (демо)",
        "https://t.me/demo_chro_bot",
    ),
    (
        "Перевод ежемесячной отчётности ППО на портал",
        dt.date(2026, 3, 2),
        "Все ППО сдают ежемесячный отчёт через портал (демо)",
        "https://example.org/demo/portal-otchety-2026",
    ),
    (
        "Обеспечение иными техническими средствами",
        dt.date(2026, 5, 20),
        "Приобретена камера для съёмки видеоинтервью (демо)",
        "https://example.org/demo/akt-2026-05.pdf",
    ),
    (
        "Выступление с отчетом о проделанной работе",
        dt.date(2026, 6, 23),
        "Отчёт о ходе программы за первое полугодие 2026 года на Президиуме (демо)",
        "https://example.org/demo/prezidium-2026-06.pdf",
    ),
    (
        "Публикация актуального и полезного контента",
        dt.date(2026, 10, 8),
        "Серия постов о новой системе оплаты труда (демо)",
        "https://vk.com/wall-000000_212",
    ),
]

NEXT_PPO_RECORDS = [
    (
        "rkb",
        "Регулярное обновление информации на профсоюзном стенде",
        dt.date(2026, 3, 4),
        "Стенд обновлён к 8 Марта, добавлен QR-код канала профкома (демо)",
        "https://example.org/demo/rkb-stend-2026.jpg",
    ),
    (
        "rkb",
        "Ведение страницы ППО на портале",
        dt.date(2026, 11, 10),
        "На странице ППО опубликованы три новости за октябрь (демо)",
        "https://example.org/demo/rkb-news-2026-10",
    ),
    (
        "gkb1",
        "Участие в анкетировании",
        dt.date(2026, 4, 15),
        "Заполнена анкета 2026 года об информационных ресурсах ППО (демо)",
        "https://example.org/demo/gkb1-anketa-2026",
    ),
]

NEXT_INDICATOR_TARGETS = {
    1: {2026: 14000, 2027: 16000, 2028: 18000},
    2: {2026: 81, 2027: 82, 2028: 83},
    3: {2026: 480, 2027: 540, 2028: 600},
}

CHRO_RECORDS = [
    # (start of the activity's text, date, what was done, evidence link)
    (
        "Обеспечение иными техническими средствами",
        dt.date(2024, 4, 18),
        "Приобретены два комплекта петличных микрофонов и штатив для видеосъёмки (демо)",
        "https://example.org/demo/akt-2024-04.pdf",
    ),
    (
        "Оснащение кабинета для проведения совещаний",
        dt.date(2024, 9, 2),
        "Кабинет № 3 оснащён системой ВКС, проведено первое совещание с ППО онлайн (демо)",
        "https://example.org/demo/vks-2024.jpg",
    ),
    (
        "Использование «Личного кабинета»",
        dt.date(2025, 2, 11),
        "Размещены 4 новости о работе ЧРО на сайте ЦК Профсоюза (демо)",
        "https://example.org/demo/ck-news-2025-02",
    ),
    (
        "Публикация актуального и полезного контента",
        dt.date(2025, 3, 20),
        "Серия постов о правах медицинских работников на отпуск (демо)",
        "https://vk.com/wall-000000_101",
    ),
    (
        "Обучение ответственных по информационной работе ППО",
        dt.date(2025, 4, 17),
        "Семинар для ответственных по информационной работе ППО (демо)",
        "https://example.org/demo/seminar-2025-04",
    ),
    (
        "Организация и проведение конкурса среди ППО «Профсоюзный блогер",
        dt.date(2023, 12, 15),
        "Подведены итоги конкурса «Профсоюзный блогер — 2024» (демо)",
        "https://example.org/demo/blogger-2024-itogi",
    ),
    (
        "Выступление с отчетом о проделанной работе",
        dt.date(2025, 6, 24),
        "Отчёт об информационной работе за первое полугодие на заседании Президиума (демо)",
        "https://example.org/demo/prezidium-2025-06.pdf",
    ),
]

PPO_RECORDS = [
    # (slug, start of the activity's text, date, what was done, evidence link)
    (
        "rkb",
        "Регулярное обновление информации на профсоюзном стенде",
        dt.date(2025, 3, 5),
        "Стенд в холле главного корпуса обновлён к 8 Марта (демо)",
        "https://example.org/demo/rkb-stend.jpg",
    ),
    (
        "rkb",
        "Создание и развитие профсоюзных групп",
        dt.date(2025, 5, 14),
        "Создан Telegram-канал профкома (демо)",
        "https://t.me/demo_rkb_profkom",
    ),
    (
        "gkb1",
        "Участие в анкетировании",
        dt.date(2025, 2, 20),
        "Заполнена анкета об информационных ресурсах ППО (демо)",
        "https://example.org/demo/gkb1-anketa",
    ),
]

INDICATOR_TARGETS = {
    1: {2024: 9000, 2025: 12000},
    2: {2024: 78, 2025: 80},
    3: {2024: 300, 2025: 420},
}


PRESIDIUM_REPORTS = [
    dt.date(2024, 6, 30),
    dt.date(2024, 12, 20),
    dt.date(2025, 6, 30),
    dt.date(2025, 12, 19),
]

COMMISSION_MEETINGS = [
    (dt.date(2024, 4, 18), "О плане информационной работы на 2024 год (демо)"),
    (dt.date(2024, 11, 14), "Об итогах конкурса «Профсоюзный блогер» и мониторинге страниц (демо)"),
    (dt.date(2025, 4, 10), "О ходе программы за 2024 год и задачах на 2025 год (демо)"),
    (dt.date(2025, 11, 13), "Об итогах анкетирования ППО и подготовке итогов программы (демо)"),
    (dt.date(2026, 4, 16), "О плане информационной работы на 2026 год (демо)"),
    (dt.date(2026, 11, 12), "О видеоконтенте ППО и рейтинге за 2026 год (демо)"),
]

EXTRA_TRAININGS = [
    (dt.date(2025, 10, 16), "Профсоюзная страница на сайте медорганизации (демо)", "in_person"),
    (dt.date(2026, 4, 23), "Работа с порталом: отчёты, публикации, документы (демо)", "video"),
]


def _commission_and_trainings(*, users, organizations) -> None:
    """Meetings of the commission on information work (line I.6.5) and more seminars, attended
    by the officers of most PPOs (lines I.6.1 and II.5.1)."""
    staff = users["info"]
    today = timezone.localdate()
    for date, agenda in COMMISSION_MEETINGS:
        if date <= today:
            services.commission_meeting_create(
                user=staff, date=date, agenda=agenda, minutes_number=f"{date:%m}/{date:%y}"
            )
    officers = list(OfficerAppointment.objects.filter(ends_on__isnull=True).select_related("user"))
    for number, (date, topic, kind) in enumerate(EXTRA_TRAININGS):
        if date > today:
            continue
        training = Training.objects.create(
            date=date,
            topic=topic,
            format=kind,
            materials_url="https://example.org/demo/seminar-materials",
        )
        Attendance.objects.bulk_create(
            Attendance(
                training=training,
                user=appointment.user,
                organization=appointment.organization,
                attended=(index + number) % 7 != 3,  # one in seven could not come
            )
            for index, appointment in enumerate(officers)
        )


def _activity(prefix: str, programme: Programme | None = None) -> Activity | None:
    lines = Activity.objects.filter(text__startswith=prefix)
    if programme is not None:
        lines = lines.filter(measure__section__programme=programme)
    return lines.order_by("pk").first()


def load(*, users) -> None:
    staff = users["info"]
    for prefix, date, text, url in CHRO_RECORDS:
        activity = _activity(prefix)
        if activity is not None:
            ExecutionRecord.objects.get_or_create(
                activity=activity,
                organization=None,
                date=date,
                defaults={"text": text, "evidence_url": url, "recorded_by": staff},
            )
    organizations = {o.slug: o for o in PrimaryOrganization.objects.all()}
    officers = {"rkb": users.get("rkb"), "gkb1": users.get("gkb1")}
    for slug, prefix, date, text, url in PPO_RECORDS:
        activity = _activity(prefix)
        if activity is not None and slug in organizations:
            ExecutionRecord.objects.get_or_create(
                activity=activity,
                organization=organizations[slug],
                date=date,
                defaults={"text": text, "evidence_url": url, "recorded_by": officers[slug]},
            )

    training_line = _activity("Обучение ответственных по информационной работе ППО")
    trainings = [
        (dt.date(2024, 11, 21), "Как вести сообщество ППО ВКонтакте (демо)", "in_person"),
        (dt.date(2025, 4, 17), "Фото и видео с мероприятий: съёмка на телефон (демо)", "video"),
    ]
    for date, topic, kind in trainings:
        training, _created = Training.objects.get_or_create(
            date=date,
            topic=topic,
            defaults={
                "format": kind,
                "activity": training_line,
                "materials_url": "https://example.org/demo/seminar-materials",
            },
        )
        for slug in ("rkb", "gkb1"):
            if officers.get(slug) is not None:
                Attendance.objects.get_or_create(
                    training=training,
                    user=officers[slug],
                    defaults={"organization": organizations.get(slug)},
                )

    _commission_and_trainings(users=users, organizations=organizations)

    for number, targets in INDICATOR_TARGETS.items():
        indicator = Indicator.objects.filter(number=number).first()
        if indicator is None:
            continue
        for year, value in targets.items():
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, year=year, defaults={"value": Decimal(value)}
            )

    # The next programme needs the other apps' demo data (monthly reports, news) to be in place
    # before the first programme's results are frozen; the apps load after this one, so the
    # cycle runs once the whole demo is committed.
    transaction.on_commit(lambda: run_cycle(users=users))


def run_cycle(*, users) -> None:
    """Close the first programme with its final report and put the next one in force."""
    staff = users["info"]
    first = Programme.objects.filter(year_from=2023, year_to=2025).first()
    if first is None or Programme.objects.filter(title=NEXT_TITLE).exists():
        return
    if first.status == Programme.Status.ACTIVE:
        # The reports to the Presidium on its course (line I.8.5), saved as the years went by,
        # then the final results, frozen with all the demo data in place.
        for as_of in PRESIDIUM_REPORTS:
            services.presidium_report_save(programme=first, as_of=as_of, user=staff)
        services.programme_close(programme=first, user=staff)
    with transaction.atomic():
        programme = services.programme_copy(
            programme=first,
            title=NEXT_TITLE,
            year_from=2026,
            year_to=2028,
            approved_by=NEXT_APPROVED_BY,
            approved_on=dt.date(2025, 12, 18),
            note=NEXT_NOTE,
            user=staff,
        )
        for number, measure_number, text, schedule, kind, years in NEXT_LINES:
            measure = Measure.objects.get(
                section__programme=programme, section__number=number, number=measure_number
            )
            last = measure.activities.order_by("-order").first()
            Activity.objects.create(
                measure=measure,
                order=(last.order if last else 0) + 1,
                text=text,
                schedule_text=schedule,
                schedule_kind=kind,
                year_from=years[0] if years else None,
                year_to=years[1] if years else None,
                responsible=measure.section.responsible,
                evidence_text=NEXT_LINES_EVIDENCE,
            )
        for number, targets in NEXT_INDICATOR_TARGETS.items():
            indicator = programme.indicators.get(number=number)
            for year, value in targets.items():
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator, year=year, defaults={"value": Decimal(value)}
                )
        services.programme_activate(programme=programme, user=staff)
        today = timezone.localdate()
        for prefix, date, text, url in NEXT_CHRO_RECORDS:
            activity = _activity(prefix, programme)
            if activity is not None and date <= today:
                ExecutionRecord.objects.create(
                    activity=activity,
                    organization=None,
                    date=date,
                    text=text,
                    evidence_url=url,
                    recorded_by=staff,
                )
        organizations = {o.slug: o for o in PrimaryOrganization.objects.all()}
        for slug, prefix, date, text, url in NEXT_PPO_RECORDS:
            activity = _activity(prefix, programme)
            if activity is not None and slug in organizations and date <= today:
                ExecutionRecord.objects.create(
                    activity=activity,
                    organization=organizations[slug],
                    date=date,
                    text=text,
                    evidence_url=url,
                    recorded_by=users.get(slug) or staff,
                )
        training = Training.objects.create(
            date=dt.date(2026, 10, 22),
            topic="Короткое видео для соцсетей: сценарий, съёмка, монтаж (демо)",
            format="video",
            activity=_activity("Обучение ответственных по информационной работе ППО", programme),
            materials_url="https://example.org/demo/seminar-2026-10",
        )
        for slug in ("rkb", "gkb1"):
            if users.get(slug) is not None:
                Attendance.objects.create(
                    training=training, user=users[slug], organization=organizations.get(slug)
                )
        for as_of in (dt.date(2026, 6, 30), dt.date(2026, 11, 30)):
            if as_of <= today:
                services.presidium_report_save(programme=programme, as_of=as_of, user=staff)
