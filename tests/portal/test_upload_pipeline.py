"""The upload pipeline (portal/uploads.py): content decides, limits name the file, images are
re-encoded without EXIF."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import check_upload


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (55.0, 45.0, 0.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("scan.jpg", b"%PDF-1.4 renamed"),
        ("cut.jpg", _jpeg_with_gps()[:200]),
    ],
)
def test_refused_by_content_with_the_file_named(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content), "act_scan")
    assert f"«{name}»" in " ".join(error.value.messages)


def test_too_large_names_the_limit(settings):
    settings.ACT_SCAN_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="не больше 1 МБ"):
        check_upload(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2 * 1024 * 1024), "act_scan")


def test_jpeg_with_gps_is_stored_without_exif():
    clean = check_upload(SimpleUploadedFile("photo.jpg", _jpeg_with_gps()), "act_scan")
    clean.seek(0)
    assert not Image.open(clean).getexif()
    assert clean.original_name == "photo.jpg"


# --- Every file field and every direct save goes through the pipeline -------------------------

# File fields the system fills itself, never from a person's upload (so no UploadValidator):
SYSTEM_FILE_FIELDS = {
    # Renditions derived by a Celery task from the already re-encoded original.
    "publications.PublicationPhoto.thumbnail",
    "publications.PublicationPhoto.web",
    "media_archive.MediaItem.thumbnail",
    "media_archive.MediaItem.web",
    # A ZIP of an album's stored originals built by a task for the person who asked.
    "media_archive.AlbumExport.file",
}


def fields_bypassing_the_pipeline(models) -> list[str]:
    from django.db.models import FileField

    from portal.uploads import UploadValidator

    bypassing = []
    for model in models:
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            label = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            if label in SYSTEM_FILE_FIELDS:
                continue
            if not any(isinstance(v, UploadValidator) for v in field.validators):
                bypassing.append(label)
    return bypassing


def test_every_file_field_has_an_upload_validator():
    from django.apps import apps

    assert fields_bypassing_the_pipeline(apps.get_models()) == []


def test_a_new_file_field_without_the_validator_is_caught():
    from types import SimpleNamespace

    from django.db import models

    # A stand-in model (a real one would join the app registry for the whole session).
    field = models.FileField(upload_to="stray/")
    field.name = "attachment"
    stray = SimpleNamespace(
        __name__="Stray", _meta=SimpleNamespace(app_label="portal", get_fields=lambda: [field])
    )
    assert fields_bypassing_the_pipeline([stray]) == ["portal.Stray.attachment"]


SCANNED_APPS = [
    "contests",
    "documents",
    "integrations",
    "material",
    "media_archive",
    "portal",
    "ppo",
    "programme",
    "publications",
    "reports",
]
DIRECT_SAVE = re.compile(
    r"\bstorage\.save\(|\bdefault_storage\.save\(|private_storage\(\)\.save\(|\.file\.save\("
    r"|\.save\(\s*[\w.\"']+\s*,\s*ContentFile\b"
)
# Modules allowed to save files themselves, and why.
DIRECT_SAVE_ALLOWED = {
    "portal/uploads.py": "the pipeline itself (store_private, store_generated)",
    # Demo data writes its own generated PDFs (load_demo), never a person's upload.
    "documents/demo.py": "demo data: generated PDFs",
}


def direct_saves(path: str, source: str) -> list[str]:
    return [
        f"{path}:{number}"
        for number, line in enumerate(source.splitlines(), 1)
        if DIRECT_SAVE.search(line) and not line.lstrip().startswith("#")
    ]


def test_no_module_saves_files_around_the_pipeline():
    root = Path(__file__).resolve().parents[2]
    found = []
    for app in SCANNED_APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative or "/tests/" in relative:
                continue
            if relative in DIRECT_SAVE_ALLOWED:
                continue
            found += direct_saves(relative, path.read_text(encoding="utf-8"))
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        "stored = private_storage().save(name, file)",
        "default_storage.save('x.html', upload)",
        "self.storage.save(name, content)",
        "record.file.save(upload.name, upload)",
        'photo.image.save("a.png", ContentFile(data))',
    ],
)
def test_the_scanner_finds_a_planted_direct_save(line):
    source = f"def view(request):\n    {line}\n"
    assert direct_saves("ppo/views.py", source) == ["ppo/views.py:2"]


# --- The remaining cases through a real form (programme evidence) ------------------------------


def _png_header(width: int, height: int, rows_of_zeros: bool) -> bytes:
    """A 1-bit greyscale PNG of the size; its pixel data all zero (compresses to almost nothing,
    so a tiny file claims a huge image: a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    data = b""
    if rows_of_zeros:
        row = b"\0" * (1 + (width + 7) // 8)
        block = row * 500
        for _ in range(height // 500):
            data += compressor.compress(block)
        data += compressor.compress(row * (height % 500))
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _evidence_post(client, upload):
    from django.urls import reverse

    from programme.models import Activity

    return client.post(
        reverse("programme:cabinet"),
        {
            "activity": Activity.objects.filter(responsible="each_ppo").order_by("pk").first().pk,
            "date": "2025-03-10",
            "text": "Провели собрание",
            "evidence_url": "",
            "evidence_file": upload,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "width", "height"),
    [("bomb.png", 30000, 30000), ("huge.png", 11000, 11000)],
)
def test_oversized_png_is_refused_in_the_evidence_form_and_the_rest_kept(
    client, world, name, width, height
):
    from programme.models import ExecutionRecord

    content = _png_header(width, height, rows_of_zeros=True)
    assert len(content) < 1024 * 1024  # small on disk, huge in memory
    client.force_login(world.officer_a)
    response = _evidence_post(client, SimpleUploadedFile(name, content, "image/png"))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["evidence_file"])
    assert f"«{name}»" in errors and "Мпикс" in errors
    assert "Провели собрание" in response.content.decode()
    assert not ExecutionRecord.objects.exists()


@pytest.mark.django_db
def test_png_with_an_html_tail_is_stored_re_encoded_without_it(client, world):
    from programme.models import ExecutionRecord

    image = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(image, "PNG")
    tail = b"<html><script>alert(1)</script></html>"
    client.force_login(world.officer_a)
    response = _evidence_post(
        client, SimpleUploadedFile("chart.png", image.getvalue() + tail, "image/png")
    )
    assert response.status_code == 302
    record = ExecutionRecord.objects.get()
    with record.evidence_file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"\x89PNG") and b"<script" not in content
    assert Image.open(io.BytesIO(content)).size == (20, 20)


# --- An act scan is served with its sniffed type, only to its own PPO --------------------------


@pytest.mark.django_db
def test_act_scan_is_served_with_the_sniffed_type_to_its_ppo_only(client, world):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from material import services
    from tests.material.factories import EquipmentFactory

    act = services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[EquipmentFactory()]
    )
    # Stored under a misleading name: the content (a PDF) decides the type, not the extension.
    act.signed_scan.save("scan.jpg", ContentFile(b"%PDF-1.4 signed act"), save=True)
    url = reverse("material:transfer_act_scan", kwargs={"pk": act.pk})
    client.force_login(world.officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404
