"""Records staff keep of the union in outside media and of printed issues (issue 15)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from publications import services
from publications.models import OutsideMediaPublication, PrintedIssue
from tests.factories import AppointmentFactory, OrganizationFactory, staff_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def outside(user, **changes):
    fields = {
        "kind": OutsideMediaPublication.Kind.MEDIA,
        "outlet": " Республиканская газета ",
        "title": "Медики выбирают Профсоюз",
        "published_on": TODAY,
        "url": "https://example.org/news/1",
    } | changes
    return services.outside_media_create(user=user, **fields)


def test_staff_record_an_outside_publication_of_a_ppo():
    staff = staff_user()
    organization = OrganizationFactory()
    record = outside(staff, organization=organization)
    assert record.outlet == "Республиканская газета"
    assert record.organization == organization and record.created_by == staff


def test_an_outside_publication_needs_a_link_and_a_past_date():
    staff = staff_user()
    with pytest.raises(ValidationError, match="Введите правильный URL"):
        outside(staff, url="не ссылка")
    with pytest.raises(ValidationError, match="Дата выхода не может быть в будущем"):
        outside(staff, published_on=TODAY + dt.timedelta(days=2))
    assert not OutsideMediaPublication.objects.exists()


def test_an_officer_does_not_record_outside_media_or_printed_issues():
    officer = AppointmentFactory().user
    with pytest.raises(PermissionDenied):
        outside(officer)
    with pytest.raises(PermissionDenied):
        services.printed_issue_create(
            user=officer, kind="leaflet", title="Листок", issued_on=TODAY, copies=10
        )


def test_a_printed_issue_has_a_print_run():
    staff = staff_user()
    with pytest.raises(ValidationError, match="Тираж — не меньше одного экземпляра"):
        services.printed_issue_create(
            user=staff, kind="leaflet", title="Листок", issued_on=TODAY, copies=0
        )
    issue = services.printed_issue_create(
        user=staff,
        kind="leaflet",
        title="Листок",
        issued_on=TODAY,
        copies=500,
        has_social_links=True,
    )
    assert issue.organization is None and issue.has_social_links


def test_the_admin_refuses_a_future_issue_with_a_message_next_to_the_field(client):
    client.force_login(staff_user())
    response = client.post(
        reverse("admin:publications_printedissue_add"),
        {
            "kind": "bulletin",
            "title": "Бюллетень № 5",
            "issued_on": (TODAY + dt.timedelta(days=3)).strftime("%d.%m.%Y"),
            "copies": "300",
        },
    )
    assert response.status_code == 200
    assert "Дата выпуска не может быть в будущем." in response.content.decode()
    assert "Бюллетень № 5" in response.content.decode()  # nothing typed is lost
    assert not PrintedIssue.objects.exists()
