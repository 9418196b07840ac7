"""Demo data of the PPO registry: plausible, clearly marked as demo (see load_demo)."""

import datetime as dt
import random

from django.utils import timezone

from portal.models import User

from .models import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)

# The demo PPOs belong to the ЧРО since before every programme the portal keeps.
LONG_A_MEMBER = dt.date(2000, 1, 1)

ORGANIZATIONS = [
    # (short name, slug, medical organization, locality, employees)
    (
        "ППО РКБ",
        "rkb",
        "БУ «Республиканская клиническая больница» Минздрава Чувашии",
        "Чебоксары",
        2100,
    ),
    (
        "ППО ГКБ № 1",
        "gkb1",
        "БУ «Городская клиническая больница № 1» Минздрава Чувашии",
        "Чебоксары",
        1450,
    ),
    (
        "ППО Новочебоксарской ГБ",
        "nvch-gb",
        "БУ «Новочебоксарская городская больница» Минздрава Чувашии",
        "Новочебоксарск",
        980,
    ),
    (
        "ППО Канашского ММЦ",
        "kanash-mmc",
        "БУ «Канашский межтерриториальный медицинский центр» Минздрава Чувашии",
        "Канаш",
        760,
    ),
    (
        "ППО РКД",
        "rkd",
        "БУ «Республиканский кардиологический диспансер» Минздрава Чувашии",
        "Чебоксары",
        540,
    ),
    (
        "ППО РКОД",
        "rkod",
        "БУ «Республиканский клинический онкологический диспансер» Минздрава Чувашии",
        "Чебоксары",
        870,
    ),
    (
        "ППО Президентского перинатального центра",
        "ppc",
        "БУ «Президентский перинатальный центр» Минздрава Чувашии",
        "Чебоксары",
        690,
    ),
    (
        "ППО ГДКБ",
        "gdkb",
        "БУ «Городская детская клиническая больница» Минздрава Чувашии",
        "Чебоксары",
        820,
    ),
    (
        "ППО Алатырского МЦ",
        "alatyr-mc",
        "БУ «Центральная районная больница Алатырского района» Минздрава Чувашии",
        "Алатырь",
        430,
    ),
    (
        "ППО Шумерлинского ММЦ",
        "shumerlya-mmc",
        "БУ «Шумерлинский межтерриториальный медицинский центр» Минздрава Чувашии",
        "Шумерля",
        510,
    ),
    (
        "ППО Чебоксарского медколледжа",
        "chmk",
        "ГАПОУ «Чебоксарский медицинский колледж» Минздрава Чувашии",
        "Чебоксары",
        210,
    ),
    (
        "ППО Цивильской ЦРБ",
        "tsivilsk-crb",
        "БУ «Цивильская центральная районная больница» Минздрава Чувашии",
        "Цивильский округ",
        380,
    ),
    (
        "ППО Вурнарской ЦРБ",
        "vurnary-crb",
        "БУ «Вурнарская центральная районная больница» Минздрава Чувашии",
        "Вурнарский округ",
        340,
    ),
    (
        "ППО Станции скорой помощи",
        "ssmp",
        "БУ «Республиканский центр медицины катастроф и скорой медицинской помощи»",
        "Чебоксары",
        900,
    ),
]

OFFICERS = [
    # (slug, e-mail prefix or demo account key, full name)
    ("rkb", "rkb", None),
    ("gkb1", "gkb1", None),
    ("nvch-gb", "nvch", "Григорьева Елена Ивановна (демо)"),
    ("kanash-mmc", "kanash", "Федорова Надежда Петровна (демо)"),
    ("rkd", "rkd", "Алексеева Марина Юрьевна (демо)"),
    ("ppc", "ppc", "Иванова Светлана Владимировна (демо)"),
    ("gdkb", "gdkb", "Семенова Татьяна Алексеевна (демо)"),
    ("chmk", "chmk", "Максимов Денис Олегович (демо)"),
    ("shumerlya-mmc", "shumerlya", "Кузьмина Ирина Геннадьевна (демо)"),
]


def months(start: dt.date, end: dt.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def load(*, users: dict[str, User]) -> None:
    rng = random.Random(2023)
    today = timezone.localdate()
    start = dt.date(2023, 1, 1)
    organizations = {}
    for short, slug, medical, locality, employees in ORGANIZATIONS:
        organizations[slug] = PrimaryOrganization.objects.create(
            full_name=f"Первичная профсоюзная организация {medical}",
            short_name=short,
            slug=slug,
            medical_organization=medical,
            locality=locality,
            union_page_url=f"https://{slug.replace('-', '')}.med.cap.ru/profsoyuz",
            joined_on=LONG_A_MEMBER,
        )
        level = rng.uniform(0.62, 0.93)
        snapshots = []
        for month in months(start, today):
            level = min(0.99, max(0.5, level + rng.uniform(-0.008, 0.012)))
            staff = employees + rng.randint(-15, 15)
            snapshots.append(
                MembershipSnapshot(
                    organization=organizations[slug],
                    month=month,
                    employees=staff,
                    members=int(staff * level),
                    joined=rng.randint(0, 9),
                    left=rng.randint(0, 6),
                )
            )
        MembershipSnapshot.objects.bulk_create(snapshots)

    for slug, key, name in OFFICERS:
        user = users.get(key) or User.objects.create_user(
            email=f"{key}@demo.example", password="demo12345", full_name=name
        )
        OfficerAppointment.objects.create(
            user=user,
            organization=organizations[slug],
            starts_on=dt.date(2024, 1, 15),
            basis=f"Протокол заседания профкома № {rng.randint(1, 12)} от 10.01.2024 (демо)",
        )
    # An earlier officer of the РКБ, to show the history of appointments.
    former = User.objects.create_user(
        email="former.rkb@demo.example",
        password=None,
        full_name="Антонова Людмила Сергеевна (демо)",
    )
    OfficerAppointment.objects.create(
        user=former,
        organization=organizations["rkb"],
        starts_on=dt.date(2021, 3, 1),
        ends_on=dt.date(2024, 1, 14),
        basis="Протокол № 3 от 01.03.2021 (демо)",
    )

    channels = [
        Channel(
            organization=None,
            platform=Channel.Platform.VK,
            url="https://vk.com/demo_prof_zdrav21",
            title="Профсоюз здравоохранения Чувашии (демо)",
        ),
        Channel(
            organization=None,
            platform=Channel.Platform.TELEGRAM,
            url="https://t.me/demo_prof_zdrav21",
            title="Профсоюз здравоохранения Чувашии (демо)",
        ),
    ]
    for slug, org in organizations.items():
        if slug in {"vurnary-crb", "alatyr-mc"}:
            continue  # PPOs that have no channels yet
        channels.append(
            Channel(
                organization=org,
                platform=Channel.Platform.VK,
                url=f"https://vk.com/demo_ppo_{slug.replace('-', '_')}",
                title=f"Профком {org.short_name.removeprefix('ППО ')} (демо)",
            )
        )
        if rng.random() < 0.6:
            channels.append(
                Channel(
                    organization=org,
                    platform=Channel.Platform.TELEGRAM,
                    url=f"https://t.me/demo_ppo_{slug.replace('-', '_')}",
                    title=f"{org.short_name} в Telegram (демо)",
                )
            )
    Channel.objects.bulk_create(channels)
    officer_of = {
        appointment.organization_id: appointment.user
        for appointment in OfficerAppointment.objects.filter(ends_on__isnull=True)
    }
    counts = []
    for channel in Channel.objects.all():
        # Who entered the counts: the PPO's officer, or the staff for the ЧРО's own channels.
        author = officer_of.get(channel.organization_id) or users.get("info")
        audience = rng.randint(120, 600) if channel.organization_id else 2400
        for month in months(dt.date(2023, 6, 1), today):
            audience += rng.randint(-5, 40) if channel.organization_id else rng.randint(20, 120)
            day = min(today, (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
            counts.append(
                SubscriberCount(
                    channel=channel, date=day, count=max(audience, 0), recorded_by=author
                )
            )
    SubscriberCount.objects.bulk_create(counts)
    # Union chats in messengers (line II.3.4): most PPOs have one, a few none yet.
    chats = random.Random(34)
    messengers = []
    for slug, org in organizations.items():
        if chats.random() < 0.75:
            viber = chats.random() < 0.3
            messengers.append(
                Channel(
                    organization=org,
                    platform=Channel.Platform.VIBER if viber else Channel.Platform.WHATSAPP,
                    url=(
                        f"https://invite.viber.com/?g2=demo{slug.replace('-', '')}"
                        if viber
                        else f"https://chat.whatsapp.com/demo{slug.replace('-', '')}"
                    ),
                    title=f"Чат профкома {org.short_name.removeprefix('ППО ')} (демо)",
                    is_public=False,
                )
            )
    Channel.objects.bulk_create(messengers)
    _corrections(organizations["rkb"], officer_of.get(organizations["rkb"].pk), users.get("info"))


def _corrections(organization, officer, staff) -> None:
    """The РКБ's history of corrections (through the services, as in the cabinet and the
    admin): the officer enters this month's membership and corrects it and the VK count of
    today; staff correct the membership of a month already closed to the officer."""
    from . import services

    if officer is None or staff is None:
        return
    today = timezone.localdate()
    month = today.replace(day=1)
    snapshot = MembershipSnapshot.objects.filter(organization=organization, month=month).first()
    if snapshot is not None:
        snapshot.delete()  # entered again below, by the officer, so that its history starts
        figures = {
            "employees": snapshot.employees,
            "members": snapshot.members,
            "joined": snapshot.joined,
            "left": snapshot.left,
        }
        services.membership_record(
            user=officer,
            organization=organization,
            month=month,
            **{**figures, "members": figures["members"] - 1},
        )
        services.membership_record(user=officer, organization=organization, month=month, **figures)
    closed = (month - dt.timedelta(days=40)).replace(day=1)
    old = MembershipSnapshot.objects.filter(organization=organization, month=closed).first()
    if old is not None:
        services.membership_record(
            user=staff,
            organization=organization,
            month=closed,
            employees=old.employees,
            members=old.members - 2,  # two members left in that month, reported late
            joined=old.joined,
            left=old.left + 2,
        )
    count = SubscriberCount.objects.filter(
        channel__organization=organization, channel__platform=Channel.Platform.VK, date=today
    ).first()
    if count is not None:
        services.subscriber_count_record(
            user=officer, channel=count.channel, date=today, count=count.count + 14
        )
