"""Reads of the document exchange, and what each user may see of it."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.search import search
from ppo.models import PrimaryOrganization
from ppo.selectors import appointments_in_force, organizations_active

from .models import Delivery, DigestSubscriber, Document, Submission

MATRIX_COLUMNS = 12


def deliveries_of(organization: PrimaryOrganization) -> QuerySet[Delivery]:
    """The documents a PPO received, newest first (the officer's «Документы»)."""
    return (
        Delivery.objects.filter(organization=organization, document__sent_at__isnull=False)
        .select_related("document", "opened_by", "acknowledged_by")
        .order_by("-document__sent_at", "-pk")
    )


def public_documents() -> QuerySet[Document]:
    return Document.objects.filter(is_public=True).order_by("kind", "-created_at")


def search_public_documents(query: str) -> QuerySet[Document]:
    """The open library searched by title, number and summary, the best matches first."""
    found = search(
        Document.objects.filter(is_public=True),
        query,
        fields={"title": "A", "number": "A", "description": "B"},
        snippet="description",
    )
    return found.order_by("-search_rank", "-created_at", "-pk")


def sent_documents() -> QuerySet[Document]:
    return Document.objects.filter(sent_at__isnull=False).order_by("-sent_at", "-pk")


def document_deliveries(document: Document) -> QuerySet[Delivery]:
    return document.deliveries.select_related(
        "organization", "opened_by", "acknowledged_by", "document"
    ).order_by("organization__short_name")


def laggard_deliveries(document: Document) -> list[Delivery]:
    return [delivery for delivery in document_deliveries(document) if delivery.is_laggard]


@dataclass
class MatrixRow:
    organization: PrimaryOrganization
    cells: list  # a Delivery, or None where the document was not sent to this PPO


def delivery_matrix(documents: list[Document]) -> list[MatrixRow]:
    """PPO x document, in three queries whatever the number of PPOs and documents."""
    organizations = list(organizations_active().order_by("short_name"))
    deliveries = Delivery.objects.filter(document__in=documents).select_related("document")
    by_key = {(d.organization_id, d.document_id): d for d in deliveries}
    return [
        MatrixRow(organization, [by_key.get((organization.pk, doc.pk)) for doc in documents])
        for organization in organizations
    ]


def with_overdue_count(documents: QuerySet[Document], today=None) -> QuerySet[Document]:
    """Each document with ``overdue_count``: PPOs that have not acknowledged it by a passed
    deadline (one aggregate, whatever the number of PPOs)."""
    today = today or timezone.localdate()
    return documents.annotate(
        overdue_count=Count(
            "deliveries",
            filter=Q(deliveries__acknowledged_at__isnull=True, acknowledge_by__lt=today),
        )
    )


def matrix_documents(kind: str = "") -> list[Document]:
    documents = with_overdue_count(sent_documents())
    if kind:
        documents = documents.filter(kind=kind)
    return list(documents[:MATRIX_COLUMNS])


def submissions_of(organization: PrimaryOrganization) -> QuerySet[Submission]:
    return Submission.objects.filter(organization=organization).select_related("submitted_by")


def submissions_inbox(status: str = "") -> QuerySet[Submission]:
    queryset = Submission.objects.select_related("organization", "submitted_by", "processed_by")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("status", "-submitted_at")


def officer_emails(organization_ids=None) -> dict[int, list[str]]:
    """E-mails of the officers in force, by PPO (one query)."""
    appointments = appointments_in_force().filter(
        organization__is_active=True, user__is_active=True
    )
    if organization_ids is not None:
        appointments = appointments.filter(organization_id__in=list(organization_ids))
    emails: dict[int, list[str]] = {}
    for organization_id, email in appointments.values_list("organization_id", "user__email"):
        emails.setdefault(organization_id, []).append(email)
    return emails


def digest_subscriber_emails() -> list[str]:
    return list(
        DigestSubscriber.objects.filter(status=DigestSubscriber.Status.CONFIRMED)
        .order_by("email")
        .values_list("email", flat=True)
    )


def today():
    return timezone.localdate()
