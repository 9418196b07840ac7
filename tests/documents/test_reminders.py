"""«Напомнить»: the lagging PPOs' officers find the reminder in the portal as well as by e-mail;
one who turned the reminder's e-mail off gets it in the portal only."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, NotificationPreference
from tests.factories import AppointmentFactory, staff_user

from .factories import DeliveryFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_remind_notifies_the_laggards_in_the_portal(client, django_capture_on_commit_callbacks):
    staff = staff_user()
    done, untouched, quiet = (AppointmentFactory() for _ in range(3))
    NotificationPreference.objects.create(user=quiet.user, kind="documents:reminder", email=False)
    now = timezone.now()
    deadline = timezone.localdate() + dt.timedelta(days=2)
    document = DocumentFactory(title="Положение о стенде", acknowledge_by=deadline)
    DeliveryFactory(
        document=document, organization=done.organization, opened_at=now, acknowledged_at=now
    )
    DeliveryFactory(document=document, organization=untouched.organization)
    DeliveryFactory(document=document, organization=quiet.organization)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_remind", args=[document.pk]))
    rows = Notification.objects.filter(kind="documents:reminder")
    reminded = sorted(row.recipient_id for row in rows)
    assert reminded == sorted([untouched.user.pk, quiet.user.pk])
    assert rows[0].title == (
        f"Напоминание: ознакомьтесь с документом «Положение о стенде» до {deadline:%d.%m.%Y}"
    )
    assert rows[0].url == f"{reverse('documents:cabinet_list')}#document-{document.pk}"
    assert [m.to[0] for m in mail.outbox] == [untouched.user.email]
    # A second click within the cooldown reminds nobody again, in the portal either.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_remind", args=[document.pk]))
    assert rows.count() == 2 and len(mail.outbox) == 1
