"""An acknowledgement deadline in the past is refused (form, service, admin); a passed one is
marked «просрочено» for the PPOs that have not acknowledged (staff pages and the cabinet)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from tests.factories import AppointmentFactory, OrganizationFactory, staff_user

from .factories import DeliveryFactory, DocumentFactory, pdf_file

pytestmark = pytest.mark.django_db

PAST_MESSAGE = "Срок ознакомления не может быть в прошлом"


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def test_send_form_refuses_a_past_deadline_next_to_the_field_and_keeps_the_input(client):
    OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("documents:document_send"),
        {
            "title": "О сроках отчётов",
            "kind": Document.Kind.LETTER,
            "recipients": "all",
            "acknowledge_by": yesterday().isoformat(),
            "file": pdf_file(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert PAST_MESSAGE in form.errors["acknowledge_by"][0]
    assert list(form.errors) == ["acknowledge_by"]
    content = response.content.decode()
    assert PAST_MESSAGE in content
    assert 'value="О сроках отчётов"' in content
    assert not Document.objects.exists()


def test_send_form_accepts_today(client):
    OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("documents:document_send"),
        {
            "title": "О сроках отчётов",
            "kind": Document.Kind.LETTER,
            "recipients": "all",
            "acknowledge_by": timezone.localdate().isoformat(),
            "file": pdf_file(),
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().acknowledge_by == timezone.localdate()


def _admin_post(client, **extra):
    data = {
        "title": "Письмо из админки",
        "kind": Document.Kind.LETTER,
        "file": pdf_file(),
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
        **extra,
    }
    return client.post(reverse("admin:documents_document_add"), data)


def test_admin_refuses_a_past_deadline_on_a_new_document(client):
    OrganizationFactory()
    client.force_login(staff_user(is_superuser=True))
    response = _admin_post(client, acknowledge_by=yesterday().isoformat())
    assert response.status_code == 200
    assert PAST_MESSAGE in response.context["adminform"].form.errors["acknowledge_by"][0]
    assert not Document.objects.exists()
    response = _admin_post(client, acknowledge_by=timezone.localdate().isoformat())
    assert response.status_code == 302
    assert Document.objects.get().deliveries.count() == 1


def test_admin_keeps_an_old_deadline_that_is_not_changed(client):
    document = DocumentFactory(acknowledge_by=yesterday(), title="Старое письмо")
    client.force_login(staff_user(is_superuser=True))
    url = reverse("admin:documents_document_change", args=[document.pk])
    data = {
        "title": "Старое письмо (исправлено)",
        "kind": document.kind,
        "acknowledge_by": yesterday().isoformat(),
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.title == "Старое письмо (исправлено)"
    data["acknowledge_by"] = (yesterday() - dt.timedelta(days=1)).isoformat()
    response = client.post(url, data)
    assert response.status_code == 200
    assert PAST_MESSAGE in response.context["adminform"].form.errors["acknowledge_by"][0]


@pytest.fixture
def overdue_document():
    """A passed deadline: PPO «late» has not acknowledged, PPO «done» has."""
    now = timezone.now()
    document = DocumentFactory(acknowledge_by=yesterday(), title="О подписке на «Солидарность»")
    late = AppointmentFactory()
    done = AppointmentFactory()
    DeliveryFactory(document=document, organization=late.organization)
    DeliveryFactory(
        document=document, organization=done.organization, opened_at=now, acknowledged_at=now
    )
    return document, late, done


def test_document_page_marks_overdue_ppos(client, overdue_document):
    document, late, done = overdue_document
    client.force_login(staff_user())
    content = client.get(reverse("documents:document_detail", args=[document.pk])).content.decode()
    assert "просрочено: 1 ППО" in content
    row_late = content.split(f'data-organization="{late.organization.short_name}"')[1]
    row_done = content.split(f'data-organization="{done.organization.short_name}"')[1]
    assert row_late.split("</tr>")[0].count("просрочено") == 1
    assert "просрочено" not in row_done.split("</tr>")[0]


def test_staff_matrix_counts_overdue_ppos_per_document(client, overdue_document):
    document, _late, _done = overdue_document
    fresh = DocumentFactory(acknowledge_by=timezone.localdate())
    DeliveryFactory(document=fresh)
    client.force_login(staff_user())
    response = client.get(reverse("documents:matrix"))
    counts = {d.pk: d.overdue_count for d in response.context["documents"]}
    assert counts == {document.pk: 1, fresh.pk: 0}
    assert response.content.decode().count("просрочено: 1 ППО") == 1


def test_admin_list_shows_the_overdue_count(client, overdue_document):
    client.force_login(staff_user(is_superuser=True))
    content = client.get(reverse("admin:documents_document_changelist")).content.decode()
    assert '<strong class="text-danger">1 ППО</strong>' in content


def test_officer_list_marks_overdue_only_while_not_acknowledged(client, overdue_document):
    document, late, done = overdue_document
    client.force_login(late.user)
    content = client.get(reverse("documents:cabinet_list")).content.decode()
    assert "Просрочено" in content
    client.force_login(done.user)
    content = client.get(reverse("documents:cabinet_list")).content.decode()
    assert "Просрочено" not in content and "Ознакомлены" in content
