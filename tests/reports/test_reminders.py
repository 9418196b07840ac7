"""Reminders reach the officers in the portal too: the monthly report's (with its own e-mail)
and a survey's deadline (in the portal and by e-mail, by the officer's choice); once a day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, NotificationPreference
from reports.models import Survey, SurveyResponse
from reports.tasks import send_monthly_report_reminders, send_survey_deadline_reminders
from tests.factories import AppointmentFactory

from .conftest import file_report, msk

pytestmark = pytest.mark.django_db


def test_monthly_report_reminder_is_in_the_portal_once_a_day(world, monkeypatch, mailoutbox):
    file_report(world.officer_a, world.org_a, at=msk(2025, 1, 31, 10))
    NotificationPreference.objects.create(
        user=world.officer_b, kind="reports:reminder", email=False
    )
    missing = AppointmentFactory().user
    monkeypatch.setattr(timezone, "now", lambda: msk(2025, 2, 1, 9))
    send_monthly_report_reminders()
    send_monthly_report_reminders()  # a second run (a retry) tells nobody twice
    rows = Notification.objects.filter(kind="reports:reminder")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(
        [world.officer_b.pk, missing.pk]
    )
    row = rows.get(recipient=world.officer_b)
    assert row.title == "Напоминание: сдайте ежемесячный отчёт за январь 2025 до 05.02.2025"
    assert row.url == reverse("reports:monthly_edit", kwargs={"year": 2025, "month": 1})
    world.officer_b.refresh_from_db()
    assert world.officer_b.unread_notifications == 1
    # The officer who turned the reminder's e-mail off gets it in the portal only.
    assert [m.to[0] for m in mailoutbox] == [missing.email]


def test_no_reminder_on_other_days(world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: msk(2025, 2, 2, 9))
    send_monthly_report_reminders()
    assert not Notification.objects.filter(kind="reports:reminder").exists()


def test_survey_deadline_reminder(
    world, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    today = dt.date(2025, 3, 10)
    soon = Survey.objects.create(
        title="Стенды ППО", deadline=today + dt.timedelta(days=3), is_published=True
    )
    Survey.objects.create(title="Позже", deadline=today + dt.timedelta(days=5), is_published=True)
    Survey.objects.create(title="Черновик", deadline=today, is_published=False)
    SurveyResponse.objects.create(
        survey=soon, organization=world.org_a, submitted_at=msk(2025, 3, 9, 12)
    )
    monkeypatch.setattr(timezone, "now", lambda: msk(2025, 3, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_deadline_reminders() == 1
        assert send_survey_deadline_reminders() == 0
    (row,) = Notification.objects.filter(kind="reports:survey_reminder")
    assert row.recipient == world.officer_b
    assert row.title == "Напоминание: ответьте на анкету «Стенды ППО» до 13.03.2025"
    assert row.url == reverse("reports:survey_answer", kwargs={"pk": soon.pk})
    assert [m.to[0] for m in mailoutbox] == [world.officer_b.email]
    assert "Стенды ППО" in mailoutbox[0].subject


def test_survey_deadline_reminder_on_the_day(world, monkeypatch):
    today = dt.date(2025, 3, 10)
    Survey.objects.create(title="Стенды ППО", deadline=today, is_published=True)
    monkeypatch.setattr(timezone, "now", lambda: msk(2025, 3, 10, 9))
    send_survey_deadline_reminders()
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"Напоминание: ответьте на анкету «Стенды ППО» сегодня"}
    assert Notification.objects.count() == 2  # both PPOs of the world
