"""Evidence and training files: type checked by content, uuid names, private storage, served
only through access-checked views as attachments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.models import Activity, ExecutionRecord, Training

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 protocol"
HTML = b"<html><script src='x.js'></script></html>"


def cabinet_post(client, **data):
    payload = {
        "activity": Activity.objects.filter(responsible="each_ppo").order_by("pk").first().pk,
        "date": "2025-03-10",
        "text": "Провели собрание",
        "evidence_url": "",
    }
    payload.update(data)
    return client.post(reverse("programme:cabinet"), payload)


def make_record(*, organization, responsible="each_ppo"):
    record = ExecutionRecord(
        activity=Activity.objects.filter(responsible=responsible).order_by("pk").first(),
        organization=organization,
        date=dt.date(2025, 3, 1),
        text="Протокол",
    )
    record.evidence_file.save("protocol.pdf", ContentFile(PDF), save=False)
    record.save()
    return record


def test_html_upload_is_refused_with_a_message_and_nothing_is_lost(client, world):
    client.force_login(world.officer_a)
    upload = SimpleUploadedFile("x.html", HTML, content_type="text/html")
    response = cabinet_post(client, evidence_file=upload)
    assert response.status_code == 200
    assert "«x.html» не принят" in str(response.context["form"].errors["evidence_file"])
    assert "Провели собрание" in response.content.decode()
    assert not ExecutionRecord.objects.exists()


def test_html_renamed_to_pdf_is_refused(client, world):
    client.force_login(world.officer_a)
    upload = SimpleUploadedFile("x.pdf", HTML, content_type="application/pdf")
    response = cabinet_post(client, evidence_file=upload)
    assert "evidence_file" in response.context["form"].errors
    assert not ExecutionRecord.objects.exists()


def test_evidence_is_stored_privately_under_a_uuid_name(client, world):
    client.force_login(world.officer_a)
    upload = SimpleUploadedFile("Протокол №1.pdf", PDF, content_type="application/pdf")
    assert cabinet_post(client, evidence_file=upload).status_code == 302
    record = ExecutionRecord.objects.get()
    name = record.evidence_file.name
    assert name.startswith("programme/evidence/")
    assert "Протокол" not in name and name.endswith(".pdf")
    assert len(name.rsplit("/", 1)[1]) == 32 + 4  # uuid hex + ".pdf"
    assert storages["private"].exists(name)
    assert not storages["default"].exists(name)


def test_training_materials_are_private_and_type_checked(world):
    training = Training(date=dt.date(2025, 4, 1), topic="Семинар", format="video")
    training.materials_file = SimpleUploadedFile("slides.html", HTML)
    with pytest.raises(ValidationError) as refused:
        training.full_clean()
    [message] = refused.value.message_dict["materials_file"]  # the pipeline's, once
    assert "«slides.html» не принят" in message
    training.materials_file = SimpleUploadedFile("slides.pdf", PDF)
    training.full_clean()
    training.save()
    assert storages["private"].exists(training.materials_file.name)
    assert "slides" not in training.materials_file.name


def test_evidence_download_is_an_attachment_for_the_own_officer(client, world):
    record = make_record(organization=world.org_a)
    client.force_login(world.officer_a)
    response = client.get(reverse("programme:evidence_file", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer_a", 404), ("officer_b", 404), ("presidium", 200), ("staff", 200)],
)
def test_chro_record_evidence_only_for_staff_and_presidium(client, world, role, status):
    record = make_record(organization=None, responsible="chro")
    client.force_login(world.user(role))
    assert client.get(reverse("programme:evidence_file", args=[record.pk])).status_code == status


def test_links_on_pages_point_to_the_checked_views(client, world):
    record = make_record(organization=world.org_a)
    url = reverse("programme:evidence_file", args=[record.pk])
    client.force_login(world.officer_a)
    page = client.get(reverse("programme:cabinet")).content.decode()
    assert url in page and "/media/" not in page
    client.force_login(world.staff)
    page = client.get(
        reverse("programme:measure_detail", args=[record.activity.measure_id]) + "?year=2025"
    ).content.decode()
    assert url in page and "/media/" not in page
    training = Training(date=dt.date(2025, 4, 1), topic="Семинар", format="video")
    training.materials_file.save("slides.pdf", ContentFile(PDF), save=True)
    page = client.get(reverse("programme:dashboard") + "?year=2025").content.decode()
    assert reverse("programme:training_materials", args=[training.pk]) in page


def test_migration_moves_old_public_files_into_private_storage(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("programme.migrations.0003_private_evidence_files")
    public, private = storages["default"], storages["private"]
    old = public.save("programme/evidence/2025/03/old.pdf", ContentFile(PDF))
    ExecutionRecord.objects.create(
        activity=Activity.objects.filter(responsible="chro").order_by("pk").first(),
        date=dt.date(2025, 3, 1),
        text="Старая запись",
        evidence_file=old,
    )
    migration.move_to_private(apps, None)
    assert not public.exists(old)
    record = ExecutionRecord.objects.get()
    assert private.exists(record.evidence_file.name)
    assert record.evidence_file.read() == PDF
