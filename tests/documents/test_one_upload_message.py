"""A bad file in any documents form (staff send, a PPO's submission, the admin): exactly one
Russian message next to the file field, the rest of what was typed shown again, nothing saved."""

import pytest
from django.urls import reverse

from documents.models import Document, Submission
from tests.factories import AppointmentFactory, OrganizationFactory, staff_user
from tests.upload_cases import DOCUMENT_CASES, MB, the_one_message

pytestmark = pytest.mark.django_db

CASES = pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in DOCUMENT_CASES], ids=[c[0] for c in DOCUMENT_CASES]
)


@pytest.fixture(autouse=True)
def _one_megabyte(settings):
    settings.DOCUMENTS_MAX_UPLOAD_SIZE = MB


@CASES
def test_staff_send_form(client, make, words):
    OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("documents:document_send"),
        {
            "title": "О сроках отчётности",
            "kind": "letter",
            "number": "15-к",
            "recipients": "all",
            "file": make(),
        },
    )
    assert response.status_code == 200
    the_one_message(response.context["form"].errors, "file", words)
    page = response.content.decode()
    assert 'value="О сроках отчётности"' in page and 'value="15-к"' in page
    assert not Document.objects.exists()


@CASES
def test_officer_submission_form(client, make, words):
    client.force_login(AppointmentFactory().user)
    response = client.post(
        reverse("documents:submission_create"),
        {"kind": "report", "title": "Отчёт за март", "comment": "Подписан", "file": make()},
    )
    assert response.status_code == 200
    the_one_message(response.context["form"].errors, "file", words)
    page = response.content.decode()
    assert 'value="Отчёт за март"' in page and "Подписан" in page
    assert not Submission.objects.exists()


@CASES
def test_admin_document_form(client, make, words):
    OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("admin:documents_document_add"),
        {
            "title": "Письмо о сроках",
            "kind": "letter",
            "file": make(),
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    the_one_message(response.context["adminform"].form.errors, "file", words)
    assert 'value="Письмо о сроках"' in response.content.decode()
    assert not Document.objects.exists()
