"""Metrics of the document exchange (see portal.metrics). One aggregated query per metric."""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from portal.metrics import FLOW, STOCK, metric
from portal.periods import MOSCOW

from .models import Delivery, Document, Mailing, MailingDelivery


def _deliveries_due(period, organization_ids):
    """Deliveries whose acknowledgement deadline falls in the period."""
    return Delivery.objects.filter(
        organization_id__in=organization_ids,
        document__acknowledge_by__gte=period.first_day,
        document__acknowledge_by__lte=period.last_day,
    )


def _on_time_counts(period, organization_ids) -> dict[int, tuple[int, int]]:
    """{organization_id: (acknowledged on time, due)} in one query. «On time» means by the end
    of the deadline day, Moscow time."""
    rows = (
        _deliveries_due(period, organization_ids)
        .annotate(acknowledged_on=TruncDate("acknowledged_at", tzinfo=MOSCOW))
        .values("organization_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(acknowledged_on__lte=F("document__acknowledge_by"))),
        )
    )
    return {row["organization_id"]: (row["on_time"], row["due"]) for row in rows}


def _share_total(period, organization_ids):
    counts = _on_time_counts(period, organization_ids).values()
    due = sum(total for _on_time, total in counts)
    if not due:
        return None
    return round(100 * sum(on_time for on_time, _total in counts) / due, 1)


@metric(
    "documents.acknowledged_on_time",
    label="Документы, с которыми ППО ознакомились в срок",
    unit="%",
    kind=FLOW,
    total=_share_total,
    description="Доля документов со сроком ознакомления в периоде, подтверждённых ППО не позже "
    "срока. ППО без таких документов в периоде — нет данных.",
)
def acknowledged_on_time(period, organization_ids):
    return {
        organization_id: round(100 * on_time / due, 1)
        for organization_id, (on_time, due) in _on_time_counts(period, organization_ids).items()
    }


def _sent_documents(period, kinds=None):
    documents = Document.objects.filter(sent_at__gte=period.start, sent_at__lt=period.end)
    if kinds:
        documents = documents.filter(kind__in=kinds)
    return documents


def _delivered_counts(period, organization_ids, kinds=None) -> dict[int, int]:
    deliveries = Delivery.objects.filter(
        organization_id__in=organization_ids,
        delivered_at__gte=period.start,
        delivered_at__lt=period.end,
    )
    if kinds:
        deliveries = deliveries.filter(document__kind__in=kinds)
    rows = deliveries.values("organization_id").annotate(n=Count("pk"))
    result = dict.fromkeys(organization_ids, 0)  # nothing delivered is a fact
    result.update({row["organization_id"]: row["n"] for row in rows})
    return result


@metric(
    "documents.sent",
    label="Документы, направленные ППО через электронный документооборот",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _sent_documents(period).count(),
    description="Итог — документы, разосланные за период; по ППО — доставленные ей документы.",
)
def documents_sent(period, organization_ids):
    return _delivered_counts(period, organization_ids)


@metric(
    "documents.methodology_sent",
    label="Методические рекомендации, направленные ППО",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _sent_documents(period, [Document.Kind.METHODOLOGY]).count(),
)
def methodology_sent(period, organization_ids):
    return _delivered_counts(period, organization_ids, [Document.Kind.METHODOLOGY])


def _acknowledged_flags(period, organization_ids, kind) -> dict[int, int]:
    """1 for a PPO that read a document of the kind by the period's end (confirmed it or, where
    no confirmation is asked, opened it), 0 for a PPO that has one delivered but unread; PPOs
    that never got one are unknown."""
    rows = (
        Delivery.objects.filter(
            organization_id__in=organization_ids,
            document__kind=kind,
            delivered_at__lt=period.end,
        )
        .values("organization_id")
        .annotate(
            acknowledged=Count(
                "pk", filter=Q(acknowledged_at__lt=period.end) | Q(opened_at__lt=period.end)
            )
        )
    )
    return {row["organization_id"]: int(row["acknowledged"] > 0) for row in rows}


def _acknowledged_share(kind):
    def total(period, organization_ids):
        ids = list(organization_ids)
        if not ids:
            return None
        flags = _acknowledged_flags(period, organization_ids, kind)
        if not flags:
            return None
        return round(100 * sum(flags.values()) / len(ids), 1)

    return total


@metric(
    "documents.methodology_acknowledged",
    label="ППО, ознакомившиеся с методическими рекомендациями (открыли или подтвердили)",
    unit="да/нет",
    kind=STOCK,
    total=_acknowledged_share(Document.Kind.METHODOLOGY),
    description="Итог — доля ППО периода (%), подтвердивших ознакомление к концу периода.",
)
def methodology_acknowledged(period, organization_ids):
    return _acknowledged_flags(period, organization_ids, Document.Kind.METHODOLOGY)


@metric(
    "documents.brandbook_acknowledged",
    label="ППО, ознакомившиеся с брендбуком (открыли или подтвердили)",
    unit="да/нет",
    kind=STOCK,
    total=_acknowledged_share(Document.Kind.BRANDBOOK),
    description="Итог — доля ППО периода (%), подтвердивших ознакомление к концу периода.",
)
def brandbook_acknowledged(period, organization_ids):
    return _acknowledged_flags(period, organization_ids, Document.Kind.BRANDBOOK)


def _mailing_totals(period) -> dict:
    return MailingDelivery.objects.filter(
        status=MailingDelivery.Status.SENT, sent_at__gte=period.start, sent_at__lt=period.end
    ).aggregate(
        mailings=Count("mailing", distinct=True),
        letters=Count("pk"),
        digests=Count("mailing", distinct=True, filter=Q(mailing__segment=Mailing.Segment.DIGEST)),
        digest_letters=Count("pk", filter=Q(mailing__segment=Mailing.Segment.DIGEST)),
    )


def _mailing_total(name):
    return lambda period, ids: _mailing_totals(period)[name]


@metric(
    "documents.mailings_sent",
    label="E-mail-рассылки (письма ответственным и дайджесты новостей), отправленные",
    unit="шт.",
    kind=FLOW,
    total=_mailing_total("mailings"),
    description="Рассылки, письма которых уходили в периоде; итог по организации.",
)
def mailings_sent(period, organization_ids):
    return {}


@metric(
    "documents.mailing_letters",
    label="Письма e-mail-рассылок, доставленные адресатам",
    unit="писем",
    kind=FLOW,
    total=_mailing_total("letters"),
)
def mailing_letters(period, organization_ids):
    return {}


@metric(
    "documents.digests_sent",
    label="Дайджесты новостей, отправленные подписчикам",
    unit="шт.",
    kind=FLOW,
    total=_mailing_total("digests"),
)
def digests_sent(period, organization_ids):
    return {}


@metric(
    "documents.digest_letters",
    label="Письма дайджеста новостей, доставленные подписчикам",
    unit="писем",
    kind=FLOW,
    total=_mailing_total("digest_letters"),
)
def digest_letters(period, organization_ids):
    return {}
