"""The shared image rules: every rejected case names the file and the limit."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal import images
from tests.publications.factories import image_bytes, upload


def test_jpeg_is_reencoded_without_exif_and_appended_data_under_a_generated_name():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (56.0, 8.0, 0.0)}  # GPS
    raw = image_bytes("JPEG", size=(60, 40), exif=exif.tobytes()) + b"<?php echo 'appended'; ?>"
    clean = images.clean_image(upload("IMG_0001.JPG", content=raw))

    data = clean.file.read()
    assert b"appended" not in data
    assert clean.file.name != "IMG_0001.JPG" and clean.file.name.endswith(".jpg")
    assert clean.original_name == "IMG_0001.JPG"
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (40, 60)  # the orientation was applied
        assert not stored.getexif()  # no EXIF, so no GPS


@pytest.mark.parametrize(("name", "fmt"), [("a.png", "PNG"), ("b.webp", "WEBP")])
def test_png_and_webp_are_accepted(name, fmt):
    clean = images.clean_image(upload(name, fmt))
    assert clean.format == fmt


def test_not_an_image():
    with pytest.raises(ValidationError, match="«notes.jpg» не является изображением") as info:
        images.clean_image(upload("notes.jpg", content=b"just some text, not a photo" * 10))
    assert info.value.code == "not_an_image"


def test_unsupported_format_is_named():
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(ValidationError, match="«anim.gif» в формате GIF.*JPEG, PNG и WebP"):
        images.clean_image(upload("anim.gif", content=gif.getvalue()))


def test_image_disguised_as_another_type():
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(ValidationError, match="«photo.jpg» в формате GIF"):
        images.clean_image(upload("photo.jpg", content=gif.getvalue()))
    with pytest.raises(ValidationError, match="«photo.jpg» по содержимому — PNG") as info:
        images.clean_image(upload("photo.jpg", content=image_bytes("PNG")))
    assert info.value.code == "disguised"


def test_unsupported_extension():
    with pytest.raises(ValidationError, match="«scan.bmp».*«.bmp» не принимается"):
        images.clean_image(upload("scan.bmp", content=image_bytes("PNG")))


def test_too_many_pixels(settings):
    settings.PORTAL_IMAGE_MAX_PIXELS = 1000
    with pytest.raises(
        ValidationError, match=r"«big.png» — 50×40 точек.*не больше 0 Мпикс"
    ) as info:
        images.clean_image(upload("big.png", "PNG", size=(50, 40)))
    assert info.value.code == "too_many_pixels"


def test_our_pixel_cap_is_below_pillows_bomb_limit(settings):
    assert settings.PORTAL_IMAGE_MAX_PIXELS < Image.MAX_IMAGE_PIXELS


def test_too_large_file(settings):
    settings.PORTAL_IMAGE_MAX_BYTES = 2 * 1024 * 1024
    content = b"\xff\xd8" + b"0" * (3 * 1024 * 1024)
    with pytest.raises(ValidationError, match="«huge.jpg» весит 3 МБ.*не больше 2 МБ") as info:
        images.clean_image(upload("huge.jpg", content=content))
    assert info.value.code == "too_large"


def test_renditions_are_jpeg_of_the_right_size():
    clean = images.clean_image(upload("wide.png", "PNG", size=(2000, 1000)))
    thumb = images.make_rendition(clean.file, images.RENDITIONS["thumbnail"])
    web = images.make_rendition(clean.file, images.RENDITIONS["web"])
    with Image.open(thumb) as t, Image.open(web) as w:
        assert (t.format, t.size) == ("JPEG", (480, 320))
        assert (w.format, w.size) == ("JPEG", (1600, 800))


def test_sixteen_bit_png_is_handled():
    output = io.BytesIO()
    Image.new("I;16", (20, 10)).save(output, "PNG")
    try:
        clean = images.clean_image(upload("deep.png", content=output.getvalue()))
    except ValidationError as error:
        assert "«deep.png»" in error.messages[0]
    else:
        assert clean.format == "PNG"
