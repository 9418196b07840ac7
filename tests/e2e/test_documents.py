"""Staff send a document requiring acknowledgement; the officer acknowledges it in the cabinet;
staff see the acknowledgement (time and person) appear on the document's page and the matrix."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Delivery
from tests.documents.factories import PDF_BYTES
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory, staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_send_document_and_see_the_acknowledgement(page, live_server, browser):
    staff = staff_user(full_name="Смирнова Анна Викторовна")
    officer = AppointmentFactory(
        organization__short_name="ППО РКБ", user__full_name="Васильева Ольга Николаевна"
    ).user
    AppointmentFactory(organization__short_name="ППО ГКБ № 1")
    deadline = timezone.localdate() + dt.timedelta(days=10)

    login(page, live_server, staff)
    page.goto(f"{live_server.url}/documents/sent/new/")
    page.get_by_label("Название").fill("О проведении конкурса «Профсоюзный блогер»")
    page.get_by_label("Вид").select_option(label="Постановление")
    page.get_by_label("Файл").set_input_files(
        files=[{"name": "Постановление.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_label("Выбранным ППО").check()
    page.get_by_label("ППО РКБ").check()
    page.get_by_label("Ознакомиться до").fill(deadline.isoformat())
    page.get_by_role("button", name="Отправить").click()
    expect(page.locator(".alert-success")).to_contain_text("ППО — 1")
    row = page.locator("#deliveries tr", has_text="ППО РКБ")
    expect(row).to_contain_text("отправлен")
    expect(page.locator("#deliveries")).not_to_contain_text("ППО ГКБ № 1")
    document_url = page.url

    officer_context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    officer_page = officer_context.new_page()
    login(officer_page, live_server, officer)
    officer_page.goto(f"{live_server.url}/cabinet/documents/")
    item = officer_page.locator("#received-documents .list-group-item", has_text="Профсоюзный")
    expect(item).to_contain_text(f"Ознакомиться до {deadline:%d.%m.%Y}")
    with officer_page.expect_download() as download:
        item.get_by_role("link", name="Скачать").click()
    assert download.value.suggested_filename == "Постановление.pdf"
    item.get_by_role("button", name="С документом ознакомлены").click()
    expect(officer_page.locator(".alert-success")).to_contain_text("подтверждено")
    expect(item).to_contain_text("Васильева Ольга Николаевна")
    officer_page.screenshot(path=str(_artifact("documents-cabinet-phone.png")), full_page=True)
    officer_context.close()

    page.goto(document_url)
    row = page.locator("#deliveries tr", has_text="ППО РКБ")
    expect(row).to_contain_text("ознакомлены")
    expect(row).to_contain_text("Васильева Ольга Николаевна")
    delivery = Delivery.objects.get()
    assert delivery.opened_at and delivery.acknowledged_by == officer
    page.goto(f"{live_server.url}/documents/sent/")
    expect(page.locator('#document-matrix td[data-state="acknowledged"]')).to_have_count(1)
    page.screenshot(path=str(_artifact("documents-matrix.png")), full_page=True)


def _artifact(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
