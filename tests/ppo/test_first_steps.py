"""A new officer's first steps on the cabinet home, and a line of help on cabinet pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Delivery, Document
from portal.models import Organization
from tests.documents.factories import DocumentFactory
from tests.factories import AppointmentFactory, ChannelFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return AppointmentFactory().user


def cabinet(client, officer):
    client.force_login(officer)
    return client.get(reverse("ppo:cabinet")).content.decode()


def test_a_fresh_officer_sees_the_checklist_with_the_specialists_contact(client, officer):
    Organization.objects.filter(pk=1).update(
        specialist_name="Смирнова Анна", specialist_phone="+7 (8352) 11-22-33"
    )
    page = cabinet(client, officer)
    assert 'id="first-steps"' in page
    assert 'data-step="ppo:channels"' in page and 'data-step="ppo:membership"' in page
    assert "first-step-done" not in page
    assert "Смирнова Анна" in page and "+7 (8352) 11-22-33" in page
    # The cabinet's line of help.
    assert "cabinet-help" in page and "Главная кабинета" in page


def test_a_step_done_is_ticked_and_documents_to_read_are_steps(client, officer):
    organization = officer.appointments.first().organization
    ChannelFactory(organization=organization)
    brandbook = DocumentFactory(
        kind=Document.Kind.BRANDBOOK, title="Брендбук", sent_at=timezone.now()
    )
    Delivery.objects.create(
        document=brandbook, organization=organization, delivered_at=timezone.now()
    )
    page = cabinet(client, officer)
    assert 'first-step first-step-done" data-step="ppo:channels"' in page
    assert 'data-step="documents:brandbook"' in page and "Прочитать брендбук «Брендбук»" in page
    assert "documents:methodology" not in page  # none delivered: no step


def test_every_step_done_hides_the_checklist(client, officer):
    organization = officer.appointments.first().organization
    ChannelFactory(organization=organization)
    MembershipFactory(organization=organization)
    assert 'id="first-steps"' not in cabinet(client, officer)


def test_dismissed_checklist_is_gone(client, officer):
    client.force_login(officer)
    response = client.post(reverse("ppo:first_steps_dismiss"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.first_steps_dismissed_at is not None
    assert 'id="first-steps"' not in cabinet(client, officer)


def test_checklist_costs_the_same_queries_for_more_documents(client, officer):
    organization = officer.appointments.first().organization
    client.force_login(officer)
    url = reverse("ppo:cabinet")

    def deliver(count):
        for _index in range(count):
            document = DocumentFactory(kind=Document.Kind.METHODOLOGY, sent_at=timezone.now())
            Delivery.objects.create(
                document=document, organization=organization, delivered_at=timezone.now()
            )

    deliver(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    deliver(5)
    client.get(url)  # (the due items are computed afresh: deliveries are watched)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
