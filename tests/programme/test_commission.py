"""Meetings of the commission on information work with their minutes (line I.6.5)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programme import services
from programme.models import CommissionMeeting
from tests.factories import AppointmentFactory, presidium_user, staff_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4 minutes of the commission"


def test_staff_record_a_meeting_and_the_presidium_downloads_its_minutes(client):
    meeting = services.commission_meeting_create(
        user=staff_user(),
        date=TODAY,
        agenda="  О ходе программы  ",
        minutes_file=SimpleUploadedFile("Протокол 3.pdf", PDF),
        minutes_number="3",
    )
    assert meeting.agenda == "О ходе программы"
    client.force_login(presidium_user())
    response = client.get(reverse("programme:commission_minutes", args=[meeting.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(AppointmentFactory().user)
    assert client.get(reverse("programme:commission_minutes", args=[meeting.pk])).status_code == 404


def test_a_meeting_is_not_in_the_future_and_its_minutes_are_a_document():
    staff = staff_user()
    with pytest.raises(ValidationError, match="Дата заседания не может быть в будущем"):
        services.commission_meeting_create(
            user=staff, date=TODAY + dt.timedelta(days=1), agenda="План"
        )
    with pytest.raises(ValidationError) as error:
        services.commission_meeting_create(
            user=staff,
            date=TODAY,
            agenda="План",
            minutes_file=SimpleUploadedFile("protokol.pdf", b"MZ\x90\x00 not a document"),
        )
    assert "minutes_file" in error.value.message_dict
    assert not CommissionMeeting.objects.exists()


def test_an_officer_does_not_record_meetings():
    with pytest.raises(PermissionDenied):
        services.commission_meeting_create(
            user=AppointmentFactory().user, date=TODAY, agenda="План"
        )
