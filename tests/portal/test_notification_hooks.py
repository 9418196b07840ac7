"""Each app's event reaches the right people in the portal, with a link that does the thing,
and nobody of another PPO."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from documents import services as document_services
from documents.models import Document
from material import services as material_services
from portal.models import Notification, NotificationPreference
from portal.periods import MOSCOW, Period
from reports import services as report_services
from reports.models import Survey
from tests.documents.factories import pdf_file
from tests.factories import make_world
from tests.material.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_document_sent_notifies_the_officers_of_its_ppos(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_services.document_send(
            user=world.staff,
            title="О конкурсе",
            kind=Document.Kind.RESOLUTION,
            file=pdf_file(),
            organizations=[world.org_a],
        )
    notification = Notification.objects.get(recipient=world.officer_a)
    assert notification.title == "Получен документ «О конкурсе»"
    assert notification.url == f"{reverse('documents:cabinet_list')}#document-{document.pk}"
    assert not Notification.objects.filter(recipient=world.officer_b).exists()
    # The document's own e-mail is the only one.
    assert [message.to for message in mail.outbox] == [[world.officer_a.email]]
    # Delivering it again to the same PPO and to another notifies only the new one.
    document_services.deliveries_create(document=document, organizations=[world.org_a, world.org_b])
    assert Notification.objects.filter(recipient=world.officer_a).count() == 1
    assert Notification.objects.filter(recipient=world.officer_b).count() == 1


def test_document_sent_mail_follows_the_preference(world, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.officer_a, kind="documents:sent", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_send(
            user=world.staff,
            title="О конкурсе",
            kind=Document.Kind.RESOLUTION,
            file=pdf_file(),
            organizations=[world.org_a],
        )
    assert Notification.objects.filter(recipient=world.officer_a).exists()
    assert mail.outbox == []


def test_document_from_a_ppo_notifies_staff(world):
    submission = document_services.submission_create(
        user=world.officer_a,
        organization=world.org_a,
        kind="other",
        title="Протокол собрания",
        file=pdf_file(),
    )
    notification = Notification.objects.get(recipient=world.staff)
    assert "Протокол собрания" in notification.title and "ППО А" in notification.title
    assert notification.url == reverse("documents:inbox")
    assert submission.pk
    assert not Notification.objects.filter(recipient__in=[world.officer_a, world.officer_b])


def test_equipment_act_notifies_the_recipient(world):
    laptop = EquipmentFactory()
    act = material_services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop]
    )
    notification = Notification.objects.get(recipient=world.officer_a)
    assert f"№ {act.label}" in notification.title
    assert notification.url == reverse("material:transfer_act_confirm", kwargs={"pk": act.pk})
    assert not Notification.objects.filter(recipient=world.officer_b).exists()


def test_monthly_report_submitted_notifies_staff_without_mail(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_DEADLINE_DAY = 5
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.monthly_report_save(
            user=world.officer_a,
            organization=world.org_a,
            period=Period.month(2025, 1),
            submit=True,
            on=dt.datetime(2025, 2, 3, 12, tzinfo=MOSCOW),
        )
    notification = Notification.objects.get(recipient=world.staff)
    assert "ППО А" in notification.title and "отправлен" in notification.title
    assert notification.url == reverse("reports:monthly_review", kwargs={"pk": report.pk})
    assert not Notification.objects.filter(recipient__in=[world.officer_a, world.officer_b])
    assert mail.outbox == []


def _survey_post(world, **overrides):
    data = {
        "title": "Информационные ресурсы ППО",
        "description": "",
        "deadline": (timezone.localdate() + dt.timedelta(days=14)).strftime("%d.%m.%Y"),
        "organizations": [world.org_a.pk],
        "is_published": "on",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "_save": "Сохранить",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_survey_published_in_the_admin_notifies_its_ppos_once(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("admin:reports_survey_add"), _survey_post(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get()
    notification = Notification.objects.get(recipient=world.officer_a)
    assert "Информационные ресурсы ППО" in notification.title
    assert notification.url == reverse("reports:survey_answer", kwargs={"pk": survey.pk})
    assert not Notification.objects.filter(recipient=world.officer_b).exists()
    # Saved again with PPO Б added: only Б's officer is told.
    url = reverse("admin:reports_survey_change", args=[survey.pk])
    client.post(url, _survey_post(world, organizations=[world.org_a.pk, world.org_b.pk]))
    assert Notification.objects.filter(recipient=world.officer_a).count() == 1
    assert Notification.objects.filter(recipient=world.officer_b).count() == 1


def test_survey_draft_notifies_nobody(client, world):
    client.force_login(world.staff)
    client.post(reverse("admin:reports_survey_add"), _survey_post(world, is_published=None))
    assert Survey.objects.exists()
    assert not Notification.objects.exists()
