"""Factories of publications and in-memory images for the publication tests."""

import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from publications import services
from publications.models import Publication
from tests.factories import OrganizationFactory, UserFactory


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 40), **save_options) -> bytes:
    output = io.BytesIO()
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    Image.new(mode, size, color).save(output, fmt, **save_options)
    return output.getvalue()


def upload(name="photo.jpg", fmt="JPEG", content=None, **kwargs) -> SimpleUploadedFile:
    content = content if content is not None else image_bytes(fmt, **kwargs)
    types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(name, content, content_type=types.get(fmt, "image/jpeg"))


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    organization = factory.SubFactory(OrganizationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Новость ППО № {n}")
    lead = "Профком провёл собрание трудового коллектива."
    body = "<p>Обсудили коллективный договор и охрану труда.</p>"
    event_date = dt.date(2025, 3, 14)
    category = Publication.Category.EVENTS


def publication_in_state(status, *, organization, author, staff, **kwargs) -> Publication:
    """Bring a publication to a state through the services (so its history is real)."""
    publication = services.publication_create(
        user=author,
        organization=organization,
        title=kwargs.pop("title", "Субботник в больничном парке"),
        lead=kwargs.pop("lead", "Сотрудники больницы привели в порядок парк."),
        body=kwargs.pop("body", "Вышли 40 человек.\n\nПосадили 12 лип."),
        event_date=kwargs.pop("event_date", dt.date(2025, 4, 20)),
        category=kwargs.pop("category", Publication.Category.EVENTS),
        **kwargs,
    )
    if status == "draft":
        return publication
    services.publication_submit(user=author, publication=publication)
    if status == "submitted":
        return _fresh(publication)
    if status == "changes_requested":
        services.publication_request_changes(
            user=staff, publication=publication, comment="Добавьте фотографии."
        )
    elif status == "rejected":
        services.publication_reject(user=staff, publication=publication, comment="Не по теме.")
    elif status == "approved":
        services.publication_approve(
            user=staff,
            publication=publication,
            publish_at=dt.datetime(2100, 1, 1, 12, tzinfo=dt.UTC),
        )
    elif status == "published":
        services.publication_approve(user=staff, publication=publication)
    return _fresh(publication)


def _fresh(publication):
    publication.refresh_from_db()
    return publication
