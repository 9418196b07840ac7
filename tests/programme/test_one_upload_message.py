"""A bad evidence file (the cabinet's form, the commission's minutes in the admin): exactly one
Russian message next to the file field, the rest of what was typed shown again, nothing saved."""

import pytest
from django.urls import reverse

from programme.models import Activity, CommissionMeeting, ExecutionRecord
from tests.factories import staff_user
from tests.upload_cases import DOCUMENT_CASES, MB, the_one_message

pytestmark = pytest.mark.django_db

CASES = pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in DOCUMENT_CASES], ids=[c[0] for c in DOCUMENT_CASES]
)


@pytest.fixture(autouse=True)
def _one_megabyte(settings):
    settings.PROGRAMME_EVIDENCE_MAX_BYTES = MB


@CASES
def test_cabinet_evidence_form(client, world, make, words):
    client.force_login(world.officer_a)
    activity = Activity.objects.filter(responsible="each_ppo").order_by("pk").first()
    response = client.post(
        reverse("programme:cabinet"),
        {
            "activity": activity.pk,
            "date": "2025-03-10",
            "text": "Обновили профсоюзный стенд",
            "evidence_url": "",
            "evidence_file": make(),
        },
    )
    assert response.status_code == 200
    the_one_message(response.context["form"].errors, "evidence_file", words)
    assert "Обновили профсоюзный стенд" in response.content.decode()
    assert not ExecutionRecord.objects.exists()


@CASES
def test_admin_commission_minutes(client, make, words):
    client.force_login(staff_user())
    response = client.post(
        reverse("admin:programme_commissionmeeting_add"),
        {
            "date": "2025-03-10",
            "agenda": "О плане информационной работы",
            "minutes_number": "4",
            "minutes_file": make(),
        },
    )
    assert response.status_code == 200
    the_one_message(response.context["adminform"].form.errors, "minutes_file", words)
    assert "О плане информационной работы" in response.content.decode()
    assert not CommissionMeeting.objects.exists()
