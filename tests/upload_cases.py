"""Bad files every upload form must refuse with exactly one Russian message next to its field
(issue 12): an executable renamed .pdf, a PDF renamed .jpg and a file over the purpose's limit."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MB = 1024 * 1024


def exe_as_pdf(name: str = "приказ.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + bytes(500), content_type="application/pdf")


def exe_as_jpg(name: str = "фото.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + bytes(500), content_type="image/jpeg")


def pdf_as_jpg(name: str = "скан.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="image/jpeg")


def oversized_pdf(name: str = "большой.pdf") -> SimpleUploadedFile:
    """A real PDF signature, 1.5 MB: over a limit set to 1 MB."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + bytes(MB + MB // 2), "application/pdf")


def oversized_jpeg(name: str = "большое.jpg") -> SimpleUploadedFile:
    """A real JPEG followed by padding, 1.5 MB: over a limit set to 1 MB."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue() + bytes(MB + MB // 2), "image/jpeg")


# (case id, file maker, words the single message must contain)
DOCUMENT_CASES = [
    ("exe-as-pdf", exe_as_pdf, ["«приказ.pdf»", "не принят"]),
    ("pdf-as-jpg", pdf_as_jpg, ["«скан.jpg»", "не принят"]),
    ("oversized", oversized_pdf, ["«большой.pdf»", "весит 1,5 МБ", "не больше 1 МБ"]),
]
IMAGE_CASES = [
    ("exe-as-jpg", exe_as_jpg, ["«фото.jpg»", "не является изображением"]),
    ("pdf-as-jpg", pdf_as_jpg, ["«скан.jpg»", "формате PDF", "не принимается"]),
    ("oversized", oversized_jpeg, ["«большое.jpg»", "весит 1,5 МБ", "не больше 1 МБ"]),
]


def the_one_message(errors, field: str, words) -> str:
    """The field's only error; it contains every word given."""
    messages = list(errors.get(field, []))
    assert len(messages) == 1, messages
    for word in words:
        assert word in messages[0], (word, messages[0])
    return messages[0]
