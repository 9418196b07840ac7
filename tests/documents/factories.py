"""Factories and in-memory files of the document exchange."""

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import Delivery, DigestSubscriber, Document, Mailing, Submission
from tests.factories import OrganizationFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_file(name="Постановление.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def zip_file(name: str, members: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def docx_file(name="Письмо.docx") -> SimpleUploadedFile:
    return zip_file(name, {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Письмо ЧРО № {n}")
    kind = Document.Kind.LETTER
    file = factory.LazyFunction(pdf_file)
    original_name = "Письмо.pdf"
    sent_at = factory.LazyFunction(timezone.now)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    document = factory.SubFactory(DocumentFactory)
    organization = factory.SubFactory(OrganizationFactory)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    organization = factory.SubFactory(OrganizationFactory)
    kind = Submission.Kind.PROTOCOL
    title = factory.Sequence(lambda n: f"Протокол заседания профкома № {n}")
    file = factory.LazyFunction(pdf_file)
    original_name = "Протокол.pdf"
    submitted_by = factory.SubFactory(UserFactory)


class DigestSubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestSubscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    subject = "Новости ЧРО"
    body_html = "<p>Здравствуйте!</p>"
    segment = Mailing.Segment.ALL_OFFICERS
