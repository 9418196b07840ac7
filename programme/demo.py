"""Demo data of the programme: execution records with evidence links, trainings with attendance
and working targets of the indicators, all marked «(демо)». The programme itself is loaded by
the migration."""

import datetime as dt
from decimal import Decimal

from ppo.models import PrimaryOrganization

from .models import Activity, Attendance, ExecutionRecord, Indicator, IndicatorTarget, Training

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


def _activity(prefix: str) -> Activity | None:
    return Activity.objects.filter(text__startswith=prefix).order_by("pk").first()


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

    for number, targets in INDICATOR_TARGETS.items():
        indicator = Indicator.objects.filter(number=number).first()
        if indicator is None:
            continue
        for year, value in targets.items():
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, year=year, defaults={"value": Decimal(value)}
            )
