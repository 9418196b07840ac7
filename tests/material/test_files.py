"""Acts of write-off and movement documents: private storage under generated names, downloads
through the checked views (with the sniffed type and nosniff), refusals next to the field, and
the data migration that moves the files already in public media."""

import datetime as dt
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from material import services
from material.models import Equipment, EquipmentIssue
from tests.material.factories import EquipmentFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
migration = importlib.import_module("material.migrations.0004_files_private")


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(output, "PNG")
    return output.getvalue()


@pytest.fixture
def camera(world):
    """A camera held by PPO A."""
    item = EquipmentFactory(kind="camera", inventory_number="ЧРО-ФК-077")
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[item], on=dt.date(2025, 1, 10)
    )
    return item


def _write_off(client, world, camera, upload, **extra):
    client.force_login(world.staff)
    data = {"action": "write_off", "on": "2025-06-02", "reason": "Разбит объектив", **extra}
    return client.post(
        reverse("material:equipment_detail", args=[camera.pk]), {**data, "document": upload}
    )


def test_write_off_through_the_form_keeps_the_act_out_of_public_media(
    client, world, camera, settings
):
    response = _write_off(client, world, camera, SimpleUploadedFile("Акт Иванова.pdf", PDF))
    assert response.status_code == 302
    camera.refresh_from_db()
    issue = camera.issues.get()
    for field_file in (camera.write_off_document, issue.end_document):
        assert "Иванова" not in field_file.name and field_file.name.endswith(".pdf")
        assert field_file.storage.exists(field_file.name)
        assert field_file.storage is not storages["default"]
        assert not (Path(settings.MEDIA_ROOT) / field_file.name).exists()
        # The old public path leads nowhere, for an anonymous visitor as for anyone.
        client.logout()
        assert client.get(settings.MEDIA_URL + field_file.name).status_code != 200
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def _written_off(world, camera, content=PDF, name="act.pdf"):
    services.equipment_write_off(
        user=world.staff,
        equipment=camera,
        on=dt.date(2025, 6, 2),
        reason="Разбит объектив",
        document=ContentFile(content, name=name),
    )
    camera.refresh_from_db()
    return camera


@pytest.mark.parametrize("who", ["officer_a", "staff", "presidium"])
def test_those_who_may_download_get_the_pdf_inline_with_nosniff(client, world, camera, who):
    _written_off(world, camera)
    client.force_login(getattr(world, who))
    issue = camera.issues.get()
    for url in (
        reverse("material:equipment_write_off_document", args=[camera.pk]),
        reverse("material:equipment_issue_document", args=[issue.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PDF


def test_an_officer_of_another_ppo_gets_nothing(client, world, camera):
    _written_off(world, camera)
    client.force_login(world.officer_b)
    assert (
        client.get(reverse("material:equipment_write_off_document", args=[camera.pk])).status_code
        == 404
    )
    issue = camera.issues.get()
    assert (
        client.get(reverse("material:equipment_issue_document", args=[issue.pk])).status_code == 404
    )


def test_an_officer_of_a_ppo_that_did_not_hold_it_at_write_off_gets_nothing(client, world):
    """PPO A returned the item; it was written off from the store: A's officer does not see the
    act of write-off (but still sees the document of its own return)."""
    item = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[item], on=dt.date(2025, 1, 10)
    )
    services.equipment_return(
        user=world.staff,
        equipment=item,
        on=dt.date(2025, 2, 1),
        document=ContentFile(PDF, name="return.pdf"),
    )
    _written_off(world, item)
    client.force_login(world.officer_a)
    url = reverse("material:equipment_write_off_document", args=[item.pk])
    assert client.get(url).status_code == 404
    issue = item.issues.get()
    assert (
        client.get(reverse("material:equipment_issue_document", args=[issue.pk])).status_code == 200
    )


def test_an_image_is_served_re_encoded_inline(client, world, camera):
    response = _write_off(client, world, camera, SimpleUploadedFile("scan.png", _png()))
    assert response.status_code == 302
    response = client.get(reverse("material:equipment_write_off_document", args=[camera.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_a_missing_file_is_404_not_500(client, world, camera):
    _written_off(world, camera)
    camera.write_off_document.storage.delete(camera.write_off_document.name)
    client.force_login(world.staff)
    url = reverse("material:equipment_write_off_document", args=[camera.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("act.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_wrong_file_is_refused_next_to_the_field_and_the_rest_kept(
    client, world, camera, name, content
):
    response = _write_off(
        client, world, camera, SimpleUploadedFile(name, content), reason="Утерян при переезде"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["document"]
    assert len(errors["document"]) == 1
    message = errors["document"][0]
    assert f"«{name}»" in message and "не принят" in message and "PDF, JPEG, PNG" in message
    html = response.content.decode()
    assert html.count("не принят") == 1  # one validator path: no double message
    assert 'value="Утерян при переезде"' in html
    assert 'value="2025-06-02"' in html
    assert '<option value="write_off" selected>' in html
    camera.refresh_from_db()
    assert not camera.is_written_off and not camera.write_off_document
    assert camera.issues.get().is_open


def test_the_admin_links_the_checked_views_and_no_storage_url(client, world, camera):
    _written_off(world, camera)
    issue = camera.issues.get()
    client.force_login(world.staff)
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    html = client.get(reverse("admin:material_equipment_change", args=[camera.pk])).content
    html = html.decode()
    assert reverse("material:equipment_write_off_document", args=[camera.pk]) in html
    assert camera.write_off_document.name not in html
    html = client.get(reverse("admin:material_equipmentissue_change", args=[issue.pk])).content
    html = html.decode()
    assert reverse("material:equipment_issue_document", args=[issue.pk]) in html
    assert issue.end_document.name not in html


def test_the_admin_refuses_a_renamed_page_once(client, world, camera):
    _written_off(world, camera)
    issue = camera.issues.get()
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    url = reverse("admin:material_equipmentissue_change", args=[issue.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "end_document"}
    data.update(
        equipment=camera.pk,
        organization=world.org_a.pk,
        holder=world.officer_a.pk,
        issued_on="2025-01-10",
        ended_on="2025-06-02",
        end_document=SimpleUploadedFile("act.pdf", b"<html><script>1</script></html>"),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.content.decode().count("не принят") == 1
    first = issue.end_document.name
    issue.refresh_from_db()
    assert issue.end_document.name == first


def test_the_cabinet_and_the_card_link_the_views(client, world, camera):
    _written_off(world, camera)
    issue = camera.issues.get()
    client.force_login(world.officer_a)
    html = client.get(reverse("material:equipment_cabinet")).content.decode()
    assert reverse("material:equipment_issue_document", args=[issue.pk]) in html
    assert issue.end_document.name not in html
    client.force_login(world.staff)
    html = client.get(reverse("material:equipment_detail", args=[camera.pk])).content.decode()
    assert reverse("material:equipment_write_off_document", args=[camera.pk]) in html
    assert reverse("material:equipment_issue_document", args=[issue.pk]) in html


# --- The data migration ---------------------------------------------------------------------


def test_the_migration_moves_public_files_to_private_and_back(world, settings):
    public, private = storages["default"], storages["private"]
    item = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[item], on=dt.date(2023, 1, 10)
    )
    services.equipment_write_off(
        user=world.staff, equipment=item, on=dt.date(2023, 5, 1), reason="x"
    )
    issue = item.issues.get()
    # As the files were stored before: in public media under the names of the time.
    old_act = public.save("equipment/write-offs/2023/akt-ivanova.pdf", ContentFile(PDF))
    old_doc = public.save("equipment/movements/2023/page.pdf", ContentFile(b"<html>x</html>"))
    Equipment.objects.filter(pk=item.pk).update(write_off_document=old_act)
    EquipmentIssue.objects.filter(pk=issue.pk).update(end_document=old_doc)
    missing = EquipmentFactory(written_off_on=dt.date(2023, 1, 1), write_off_reason="y")
    Equipment.objects.filter(pk=missing.pk).update(
        write_off_document="equipment/write-offs/gone.pdf"
    )

    assert migration.to_private(apps) == 2
    item.refresh_from_db()
    issue.refresh_from_db()
    act_name, doc_name = item.write_off_document.name, issue.end_document.name
    assert act_name.startswith("equipment/write-offs/") and act_name.endswith(".pdf")
    assert "ivanova" not in act_name and act_name != old_act
    # The page pretending to be a PDF keeps no .pdf: the content decides (served as a download).
    assert doc_name.startswith("equipment/movements/") and doc_name.endswith(".bin")
    assert not public.exists(old_act) and not public.exists(old_doc)
    assert not (Path(settings.MEDIA_ROOT) / old_act).exists()
    with private.open(act_name, "rb") as file:
        assert file.read() == PDF
    with private.open(doc_name, "rb") as file:
        assert file.read() == b"<html>x</html>"
    missing.refresh_from_db()
    assert missing.write_off_document.name == "equipment/write-offs/gone.pdf"
    # Run twice (a re-applied migration): nothing left to move.
    assert migration.to_private(apps) == 0

    assert migration.to_public(apps) == 2
    item.refresh_from_db()
    assert item.write_off_document.name == act_name
    assert public.exists(act_name) and not private.exists(act_name)
    with public.open(act_name, "rb") as file:
        assert file.read() == PDF
    assert migration.to_private(apps) == 2  # and forward again
    item.refresh_from_db()
    assert private.exists(item.write_off_document.name)


def test_a_moved_legacy_page_is_downloaded_as_an_attachment(client, world):
    public = storages["default"]
    item = EquipmentFactory(written_off_on=dt.date(2023, 1, 1), write_off_reason="y")
    old = public.save("equipment/write-offs/2023/evil.pdf", ContentFile(b"<html>x</html>"))
    Equipment.objects.filter(pk=item.pk).update(write_off_document=old)
    migration.to_private(apps)
    client.force_login(world.staff)
    response = client.get(reverse("material:equipment_write_off_document", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
