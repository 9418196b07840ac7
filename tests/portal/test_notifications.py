"""Notifications in the portal and by e-mail, by the person's choice."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, NotificationPreference
from portal.notifications import notify, unread_count
from publications import services as publication_services
from publications.models import Publication
from reports import services as report_services
from reports.models import PpoMonthlyReport
from tests.factories import AppointmentFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return AppointmentFactory().user


def test_notify_creates_rows_and_mails(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([officer], "reports:review", "Отчёт принят", "Спасибо", "/cabinet/reports/")
    assert Notification.objects.get(recipient=officer).title == "Отчёт принят"
    assert len(mail.outbox) == 1 and "Отчёт принят" in mail.outbox[0].subject
    assert "/cabinet/reports/" in mail.outbox[0].body


def test_preference_off_means_no_email(officer, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=officer, kind="reports:review", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([officer], "reports:review", "Отчёт принят")
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert mail.outbox == []


def test_returned_publication_carries_the_comment(officer, django_capture_on_commit_callbacks):
    staff = staff_user()
    publication = Publication.objects.create(
        organization=officer.appointments.first().organization,
        author=officer,
        title="Субботник",
        body="<p>Текст новости</p>",
        status=Publication.Status.SUBMITTED,
    )
    from publications.models import Review

    Review.objects.create(publication=publication, opened_by=officer, opened_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        publication_services.publication_request_changes(
            user=staff, publication=publication, comment="Добавьте фотографии"
        )
    notification = Notification.objects.get(recipient=officer)
    assert "возвращена на доработку" in notification.title
    assert notification.body == "Добавьте фотографии"
    # The existing e-mail to the author is the only one (notify sends no copy of it).
    assert len(mail.outbox) == 1


def test_report_returned_notifies_officers(officer, django_capture_on_commit_callbacks):
    organization = officer.appointments.first().organization
    report = PpoMonthlyReport.objects.create(
        organization=organization, month=dt.date(2026, 10, 1), status="submitted"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.monthly_report_return(
            user=staff_user(), report=report, comment="Нет ссылок на публикации"
        )
    notification = Notification.objects.get(recipient=officer)
    assert notification.body == "Нет ссылок на публикации"
    assert len(mail.outbox) == 1


def test_bell_list_marks_read_and_read_all(client, officer, django_assert_max_num_queries):
    for n in range(3):
        notify([officer], "reports:review", f"Уведомление {n}", email=False)
    client.force_login(officer)
    html = client.get(reverse("ppo:cabinet")).content.decode()
    assert 'id="nav-unread-count">3<' in html
    response = client.get(reverse("portal:notifications"))
    assert "Уведомление 2" in response.content.decode()
    assert unread_count(officer) == 0
    notify([officer], "reports:review", "Ещё одно", email=False)
    client.post(reverse("portal:notifications_read_all"))
    assert unread_count(officer) == 0


def test_list_queries_do_not_grow(client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    counts = []
    for size in (2, 20):
        for n in range(size):
            notify([officer], "reports:review", f"У {n}", email=False)
        client.get(reverse("portal:notifications"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("portal:notifications"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_preferences_page(client, officer):
    client.force_login(officer)
    response = client.get(reverse("portal:notification_preferences"))
    assert "Ежемесячный отчёт принят или возвращён" in response.content.decode()
    client.post(reverse("portal:notification_preferences"), {"email": ["publications:moderation"]})
    assert NotificationPreference.objects.get(user=officer, kind="reports:review").email is False
    assert NotificationPreference.objects.get(user=officer, kind="publications:moderation").email


def test_preferences_list_only_the_kinds_an_officer_receives(client, officer):
    client.force_login(officer)
    html = client.get(reverse("portal:notification_preferences")).content.decode()
    assert "Решение модератора по вашей новости" in html
    assert "Новая анкета для ППО" in html
    assert "Документ от ППО (для аппарата)" not in html
    # Posting a staff kind does not store it for the officer.
    client.post(
        reverse("portal:notification_preferences"),
        {"email": ["reports:review", "documents:submitted"]},
    )
    stored = set(NotificationPreference.objects.filter(user=officer).values_list("kind", flat=True))
    assert "reports:review" in stored and "documents:submitted" not in stored


def test_preferences_list_only_the_kinds_staff_receive(client):
    staff = staff_user()
    client.force_login(staff)
    html = client.get(reverse("portal:notification_preferences")).content.decode()
    assert "Документ от ППО (для аппарата)" in html
    assert "Решение модератора по вашей новости" not in html
    assert "Ежемесячный отчёт принят или возвращён" not in html
    client.post(reverse("portal:notification_preferences"), {"email": []})
    assert NotificationPreference.objects.get(user=staff, kind="documents:submitted").email is False
    assert not NotificationPreference.objects.filter(user=staff, kind="reports:review").exists()
