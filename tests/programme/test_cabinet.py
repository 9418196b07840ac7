"""Officers record their PPO's execution of PPO lines, with evidence; scoping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programme import services
from programme.models import Activity, ExecutionRecord

pytestmark = pytest.mark.django_db

URL = reverse("programme:cabinet")


def ppo_activity():
    return Activity.objects.filter(responsible="each_ppo").order_by("pk").first()


def post(client, **data):
    payload = {
        "activity": ppo_activity().pk,
        "date": "2025-03-10",
        "text": "Обновили профсоюзный стенд",
        "evidence_url": "",
    }
    payload.update(data)
    return client.post(URL, payload)


def test_officer_records_with_a_link(client, world):
    client.force_login(world.officer_a)
    response = post(client, evidence_url="https://vk.com/wall-1_10")
    assert response.status_code == 302
    record = ExecutionRecord.objects.get()
    assert record.organization == world.org_a
    assert record.recorded_by == world.officer_a
    assert record.evidence_url == "https://vk.com/wall-1_10"
    page = client.get(URL).content.decode()
    assert "Обновили профсоюзный стенд" in page


def test_officer_records_with_a_file(client, world):
    client.force_login(world.officer_a)
    upload = SimpleUploadedFile("act.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = post(client, evidence_file=upload)
    assert response.status_code == 302
    assert ExecutionRecord.objects.get().evidence_file.name.endswith(".pdf")


def test_evidence_is_required_and_nothing_is_lost(client, world):
    client.force_login(world.officer_a)
    response = post(client)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Приложите подтверждение" in str(form.errors["evidence_url"])
    assert "Обновили профсоюзный стенд" in response.content.decode()
    assert not ExecutionRecord.objects.exists()


def test_a_too_large_file_is_refused(client, world, settings):
    settings.PROGRAMME_EVIDENCE_MAX_BYTES = 10
    client.force_login(world.officer_a)
    upload = SimpleUploadedFile("big.pdf", b"x" * 100, content_type="application/pdf")
    response = post(client, evidence_file=upload)
    assert response.status_code == 200
    assert "«big.pdf» весит" in str(response.context["form"].errors["evidence_file"])
    assert not ExecutionRecord.objects.exists()


def test_a_future_date_is_refused(client, world):
    client.force_login(world.officer_a)
    next_month = (timezone.localdate() + dt.timedelta(days=31)).isoformat()
    response = post(client, date=next_month, evidence_url="https://vk.com/wall-1_1")
    assert "будущем" in str(response.context["form"].errors["date"])
    # Beyond the forms' date window, the window's message.
    response = post(client, date="2099-01-01", evidence_url="https://vk.com/wall-1_1")
    assert "Укажите дату с 01.01.2000" in str(response.context["form"].errors["date"])


def test_crafted_post_with_a_chro_line_is_refused(client, world):
    chro_line = Activity.objects.filter(responsible="chro").first()
    client.force_login(world.officer_a)
    response = post(client, activity=chro_line.pk, evidence_url="https://vk.com/wall-1_1")
    assert response.status_code == 200
    assert "activity" in response.context["form"].errors
    assert not ExecutionRecord.objects.exists()


def test_officer_sees_only_own_records(client, world):
    ExecutionRecord.objects.create(
        activity=ppo_activity(),
        organization=world.org_a,
        date=dt.date(2025, 2, 1),
        text="Запись ППО А",
        evidence_url="https://vk.com/wall-1_2",
    )
    client.force_login(world.officer_b)
    assert "Запись ППО А" not in client.get(URL).content.decode()


def test_service_refuses_another_ppo(world):
    with pytest.raises(PermissionDenied):
        services.execution_record_create(
            user=world.officer_b,
            activity=ppo_activity(),
            organization=world.org_a,
            date=dt.date(2025, 2, 1),
            text="Чужая запись",
            evidence_url="https://vk.com/wall-1_3",
        )


def test_staff_record_for_the_chro(world):
    line = Activity.objects.filter(responsible="chro").first()
    record = services.execution_record_create(
        user=world.staff,
        activity=line,
        date=dt.date(2025, 2, 1),
        text="Закуплены ноутбуки",
        evidence_url="https://example.org/act-1",
    )
    assert record.organization is None


def test_chro_line_cannot_carry_a_ppo(world):
    from django.core.exceptions import ValidationError

    line = Activity.objects.filter(responsible="chro").first()
    with pytest.raises(ValidationError, match="ППО не указывается"):
        services.execution_record_create(
            user=world.staff,
            activity=line,
            organization=world.org_a,
            date=dt.date(2025, 2, 1),
            text="x",
            evidence_url="https://example.org/act-1",
        )


def test_cabinet_shows_each_ppo_line_with_own_status(client, world):
    line = Activity.objects.get(
        text="Назначение ответственного по информационной работе в своей ППО"
    )
    client.force_login(world.officer_a)
    response = client.get(URL)
    lines = dict(response.context["lines"])
    assert set(a.responsible for a in lines) == {"each_ppo"}
    # Officer A is appointed: the officer line is fulfilled for A (metric, own PPO only).
    assert lines[line].source == "metric"
    assert lines[line].progress == 1.0
