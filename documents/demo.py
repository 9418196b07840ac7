"""Demo data of the document exchange and mailings, clearly marked «(демо)»."""

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from portal import uploads
from portal.digest import registry as digest_registry
from portal.models import SentMail, User
from portal.periods import MOSCOW, Period
from ppo.models import OfficerAppointment
from ppo.selectors import organizations_active

from . import services
from .models import (
    Delivery,
    DigestSubscriber,
    Document,
    Mailing,
    MailingDelivery,
    NewsDigest,
    Submission,
)


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with an ASCII line of text (enough to open in any viewer)."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


DOCUMENTS = [
    # (title, kind, number, public, days to acknowledge or None, file name, ascii line)
    (
        "Брендбук Чувашской республиканской организации Профсоюза (демо)",
        Document.Kind.BRANDBOOK,
        "",
        True,
        None,
        "Брендбук ЧРО.pdf",
        "DEMO: brandbook of the CHRO",
    ),
    (
        "Методические рекомендации по ведению сообщества ППО в социальных сетях (демо)",
        Document.Kind.METHODOLOGY,
        "",
        True,
        None,
        "Рекомендации по сообществам ППО.pdf",
        "DEMO: recommendations for PPO communities",
    ),
    (
        "Шаблон ежемесячного отчёта ППО об информационной работе (демо)",
        Document.Kind.TEMPLATE,
        "",
        True,
        None,
        "Шаблон отчёта ППО.pdf",
        "DEMO: monthly report template",
    ),
    (
        "О проведении конкурса «Профсоюзный блогер» (демо)",
        Document.Kind.RESOLUTION,
        "12",
        False,
        14,
        "Постановление 12.pdf",
        "DEMO: resolution on the Union blogger contest",
    ),
    (
        "О предоставлении сведений о подписчиках сообществ ППО (демо)",
        Document.Kind.LETTER,
        "01-07/215",
        False,
        -3,
        "Письмо 01-07-215.pdf",
        "DEMO: letter on subscriber figures",
    ),
]


def load(*, users: dict[str, User]) -> None:
    staff = users["info"]
    now = timezone.now()
    today = timezone.localdate()
    organizations = list(organizations_active())
    officer_of = {}
    for key in ("rkb", "gkb1"):
        appointment = users[key].appointments.filter(ends_on__isnull=True).first()
        if appointment:
            officer_of[appointment.organization_id] = users[key]
    for index, (title, kind, number, public, days, name, line) in enumerate(DOCUMENTS):
        document = Document(
            title=title,
            kind=kind,
            number=number,
            dated=today - dt.timedelta(days=30 - index * 5),
            description="Демонстрационный документ портала.",
            is_public=public,
            acknowledge_by=today + dt.timedelta(days=days) if days is not None else None,
            original_name=name,
            created_by=staff,
            sent_at=now - dt.timedelta(days=25 - index * 5),
        )
        uploads.store_generated(document.file, name, ContentFile(demo_pdf(line), name=name))
        document.save()
        deliveries = []
        for position, organization in enumerate(organizations):
            delivery = Delivery(
                document=document, organization=organization, delivered_at=document.sent_at
            )
            officer = officer_of.get(organization.pk)
            # rkb has not opened the brandbook yet: the cabinet's first steps show it undone.
            unread = kind == Document.Kind.BRANDBOOK and officer == users["rkb"]
            # Some PPOs opened and acknowledged, some only opened, the rest lag behind.
            if officer and position % 3 != 2 and not unread:
                delivery.opened_at, delivery.opened_by = (
                    document.sent_at + dt.timedelta(hours=5),
                    officer,
                )
                if document.acknowledge_by and position % 2 == 0:
                    delivery.acknowledged_at = delivery.opened_at + dt.timedelta(minutes=20)
                    delivery.acknowledged_by = officer
            deliveries.append(delivery)
        Delivery.objects.bulk_create(deliveries)
        services.document_notify_officers(document, [o.pk for o in organizations])

    rkb = users["rkb"].appointments.filter(ends_on__isnull=True).first()
    if rkb:
        submission = Submission(
            organization=rkb.organization,
            kind=Submission.Kind.PROTOCOL,
            title="Протокол заседания профкома № 4 (демо)",
            comment="Об утверждении плана информационной работы на полугодие.",
            original_name="Протокол 4.pdf",
            submitted_by=users["rkb"],
        )
        uploads.store_generated(
            submission.file, "protocol.pdf", ContentFile(demo_pdf("DEMO: profkom protocol No 4"))
        )
        submission.save()

    DigestSubscriber.objects.bulk_create(
        [
            DigestSubscriber(
                email=f"reader{n}@demo.example",
                status=DigestSubscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for n in range(1, 4)
        ],
        ignore_conflicts=True,
    )
    Mailing.objects.create(
        subject="Дайджест новостей ЧРО за месяц (демо)",
        body_html=(
            "<p>Здравствуйте!</p><p>Главное за месяц: стартовал конкурс "
            "<strong>«Профсоюзный блогер»</strong>, обновлён брендбук ЧРО.</p>"
        ),
        segment=Mailing.Segment.DIGEST,
        created_by=staff,
    )
    load_history(users=users)
    load_news_digest(now=now)


def load_news_digest(*, now) -> None:
    """A digest sent to the demo subscribers: the latest of the last months that had news."""
    period = Period.current_month(now).previous()
    for _attempt in range(6):
        content = digest_registry.collect(period)
        if content:
            break
        period = period.previous()
    else:
        return
    digest = NewsDigest.objects.create(
        month=period.first_day,
        subject=f"{services.news_digest_subject(period)} (демо)",
        content=content,
        item_count=sum(len(section["items"]) for section in content),
        finished_at=now,
    )
    emails = DigestSubscriber.objects.filter(status=DigestSubscriber.Status.CONFIRMED)
    SentMail.objects.bulk_create(
        [
            SentMail(key=digest.mail_key, email=email, queued_at=now, sent_at=now)
            for email in emails.values_list("email", flat=True)
        ],
        ignore_conflicts=True,
    )
    digest.recipient_count = emails.count()
    digest.save(update_fields=["recipient_count"])


LETTER_TOPICS = [
    "О проведении месячника профсоюзной информации",
    "О подготовке к отчётно-выборной кампании",
    "Об участии в конкурсе «Профсоюзный блогер»",
    "О подписке на профсоюзные издания",
    "О мерах социальной поддержки медицинских работников",
    "О проведении Дня медицинского работника",
    "Об охране труда в медицинских организациях",
    "О летней оздоровительной кампании",
    "О ежемесячных отчётах по информационной работе",
    "О новогодних мероприятиях для детей членов Профсоюза",
    "Об обучении ответственных по информационной работе",
    "О мониторинге профсоюзных страниц на сайтах медорганизаций",
]


def _month_starts(first: dt.date, last: dt.date):
    month = first
    while month <= last:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def load_history(*, users: dict[str, User]) -> None:
    """Documents and e-mail mailings of the months past (from January 2025), so that the lines of
    the document exchange, the brandbook, the recommendations and the mailings have a history:
    most PPOs read and confirm in time, some late, a few never."""
    rng = random.Random(1505)
    staff = users["info"]
    today = timezone.localdate()
    organizations = list(organizations_active())
    officers = {
        a.organization_id: a.user
        for a in OfficerAppointment.objects.filter(ends_on__isnull=True).select_related("user")
    }
    sending = [
        (dt.date(2024, 9, 16), Document.Kind.BRANDBOOK, "Брендбук: новая редакция (демо)"),
        (
            dt.date(2025, 2, 11),
            Document.Kind.METHODOLOGY,
            "Методические рекомендации по "
            "ведению профсоюзной странички на сайте медорганизации (демо)",
        ),
        (
            dt.date(2026, 2, 10),
            Document.Kind.METHODOLOGY,
            "Методические рекомендации по видео для социальных сетей (демо)",
        ),
    ]
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for index, month in enumerate(_month_starts(dt.date(2025, 1, 1), last)):
        topic = LETTER_TOPICS[index % len(LETTER_TOPICS)]
        sending.append(
            (month.replace(day=rng.randint(5, 20)), Document.Kind.LETTER, f"{topic} (демо)")
        )
    for number, (day, kind, title) in enumerate(sorted(sending), start=1):
        sent_at = dt.datetime.combine(day, dt.time(10, 30), MOSCOW)
        name = f"document-{number}.pdf"
        document = Document(
            title=title,
            kind=kind,
            number=f"{number}-и" if kind == Document.Kind.LETTER else "",
            dated=day,
            description="Демонстрационный документ портала.",
            is_public=kind != Document.Kind.LETTER,
            acknowledge_by=day + dt.timedelta(days=10 if kind == Document.Kind.LETTER else 30),
            original_name=name,
            created_by=staff,
            sent_at=sent_at,
        )
        uploads.store_generated(
            document.file, name, ContentFile(demo_pdf(f"DEMO: document {number}"), name=name)
        )
        document.save()
        deliveries = []
        for organization in organizations:
            delivery = Delivery(document=document, organization=organization, delivered_at=sent_at)
            chance = rng.random()
            if chance < 0.93:
                late = chance > 0.82  # read and confirmed, but after the deadline
                days = rng.randint(12, 25) if late else rng.randint(0, 8)
                opened = sent_at + dt.timedelta(days=days, hours=rng.randint(1, 6))
                if opened.date() < today:
                    officer = officers.get(organization.pk)
                    delivery.opened_at, delivery.opened_by = opened, officer
                    delivery.acknowledged_at = opened + dt.timedelta(minutes=15)
                    delivery.acknowledged_by = officer
            deliveries.append(delivery)
        Delivery.objects.bulk_create(deliveries)

    addresses = [user.email for user in officers.values()]
    for index, month in enumerate(_month_starts(dt.date(2025, 1, 1), last)):
        for segment, subject, recipients in (
            (Mailing.Segment.ALL_OFFICERS, LETTER_TOPICS[index % len(LETTER_TOPICS)], addresses),
            (
                Mailing.Segment.DIGEST,
                "Дайджест новостей за месяц",
                [f"reader{n}@demo.example" for n in range(1, 4)],
            ),
        ):
            sent = dt.datetime.combine(month.replace(day=rng.randint(3, 25)), dt.time(9), MOSCOW)
            mailing = Mailing.objects.create(
                subject=f"{subject} (демо)",
                body_html="<p>Здравствуйте!</p><p>Демонстрационное письмо рассылки.</p>",
                segment=segment,
                status=Mailing.Status.SENT,
                created_by=staff,
            )
            Mailing.objects.filter(pk=mailing.pk).update(
                created_at=sent - dt.timedelta(hours=2),
                started_at=sent,
                finished_at=sent + dt.timedelta(minutes=5),
            )
            MailingDelivery.objects.bulk_create(
                MailingDelivery(
                    mailing=mailing,
                    email=email,
                    status=MailingDelivery.Status.SENT,
                    attempted_at=sent,
                    sent_at=sent + dt.timedelta(minutes=1),
                )
                for email in recipients
            )
