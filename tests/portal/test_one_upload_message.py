"""A bad organization logo in the admin: exactly one Russian message (the pipeline's, naming the
file) next to the field, the names typed shown again, nothing saved; a good one re-encoded."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.models import Organization
from tests.upload_cases import IMAGE_CASES, MB, the_one_message

pytestmark = pytest.mark.django_db

NAMES = {
    "full_name": "Марийская республиканская организация Профсоюза работников здравоохранения РФ",
    "full_name_genitive": "Марийской республиканской организации Профсоюза",
    "legal_name": "Марийская республиканская организация Профессионального союза",
    "short_name": "МРО Профсоюза",
    "abbreviation": "МРО",
    "site_name": "Портал МРО Профсоюза",
    "region": "Республика Марий Эл",
    "region_genitive": "Республики Марий Эл",
}
CHANGE = reverse("admin:portal_organization_change", args=[Organization.SINGLETON_PK])
LOGO_CASES = [
    (case_id, make, ["не принят" if case_id != "oversized" else "не больше 1 МБ", words[0]])
    for case_id, make, words in IMAGE_CASES
]


@pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in LOGO_CASES], ids=[c[0] for c in LOGO_CASES]
)
def test_a_bad_logo_gets_one_message(client, world, settings, make, words):
    settings.PORTAL_IMAGE_MAX_BYTES = MB
    client.force_login(world.staff)
    response = client.post(CHANGE, {**NAMES, "logo": make()})
    assert response.status_code == 200
    the_one_message(response.context["adminform"].form.errors, "logo", words)
    assert 'value="Республика Марий Эл"' in response.content.decode()
    assert Organization.objects.get().region != "Республика Марий Эл"


def test_a_good_logo_is_stored_re_encoded(client, world):
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(image, "PNG")
    tail = b"<html><script>alert(1)</script></html>"
    client.force_login(world.staff)
    logo = SimpleUploadedFile("logo.png", image.getvalue() + tail, "image/png")
    response = client.post(CHANGE, {**NAMES, "logo": logo})
    assert response.status_code == 302
    organization = Organization.objects.get()
    with organization.logo.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"\x89PNG") and b"<script" not in content
    assert "logo" not in organization.logo.name
