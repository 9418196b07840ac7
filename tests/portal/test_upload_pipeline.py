"""The upload pipeline (portal/uploads.py): content decides, limits name the file, images are
re-encoded without EXIF."""

import io

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
