"""Staff issue a laptop to a PPO and print the act; the PPO's officer confirms receipt."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from material.models import TransferAct
from programme.loader import load_programme
from programme.models import Activity
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory, staff_user
from tests.material.factories import EquipmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", "/tmp/e2e-artifacts"))


def test_staff_issue_laptop_print_act_officer_confirms(page, live_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    officer = AppointmentFactory(
        organization__short_name="ППО РКБ", user__full_name="Васильева Ольга Николаевна"
    ).user
    staff = staff_user(full_name="Смирнова Анна Викторовна")
    laptop = EquipmentFactory(
        make_model="Lenovo IdeaPad 3", serial_number="PF3E2E001", inventory_number="ЧРО-НБ-001"
    )

    # A transactional test starts from an empty database: the programme as the migration loads it.
    load_programme()

    login(page, live_server, staff)
    page.goto(f"{live_server.url}/equipment/issue/")
    page.get_by_label("ППО").select_option(label="ППО РКБ")
    # Issued in the last year of the programme, so the 2025 dashboard counts it.
    page.get_by_label("Дата акта").fill("2025-12-01")
    page.get_by_label("Ноутбук Lenovo IdeaPad 3, инв. № ЧРО-НБ-001, с/н PF3E2E001").check()
    page.get_by_role("button", name="Оформить акт").click()

    act = TransferAct.objects.get()
    expect(page.locator(".alert-success")).to_contain_text(f"Оформлен акт № {act.label}")
    sheet = page.locator("#transfer-act")
    expect(sheet).to_contain_text("АКТ ПРИЕМА-ПЕРЕДАЧИ")
    expect(sheet).to_contain_text("PF3E2E001")
    expect(sheet).to_contain_text("Васильева Ольга Николаевна")
    expect(sheet).to_contain_text("Смирнова Анна Викторовна")
    # «Печать» opens the browser's print dialog (replaced here so that headless Chromium goes on).
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Печать").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "transfer-act.pdf").write_bytes(pdf)
    page.screenshot(path=str(ARTIFACTS / "transfer-act.png"), full_page=True)

    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    officer_page = context.new_page()
    officer_page.set_default_timeout(15_000)
    try:
        login(officer_page, live_server, officer)
        officer_page.goto(f"{live_server.url}/cabinet/")
        officer_page.get_by_role("link", name="Оборудование и бюджет").click()
        expect(officer_page.locator("#equipment-held")).to_contain_text("PF3E2E001")
        officer_page.screenshot(path=str(ARTIFACTS / "equipment-cabinet.png"), full_page=True)
        officer_page.get_by_role("link", name="Подтвердить получение").click()
        officer_page.get_by_role("button", name="Подтверждаю получение").click()
        expect(officer_page.locator(".alert-success")).to_contain_text("Получение оборудования")
        expect(officer_page.locator("#acts")).to_contain_text("получение подтверждено")
    finally:
        context.close()
    act.refresh_from_db()
    assert act.is_confirmed
    assert laptop.issues.get().holder == officer

    # The programme's activity «Обеспечение цифровой техникой (ноутбуками) ППО» is bound to the
    # laptop metric: with the only PPO holding a laptop, the dashboard shows it as done.
    activity = Activity.objects.get(text__startswith="Обеспечение цифровой техникой (ноутбуками)")
    page.goto(f"{live_server.url}/dashboard/measures/{activity.measure_id}/?year=2025")
    card = page.locator(f"#activity-{activity.pk}")
    expect(card).to_contain_text("100")
    expect(card).to_contain_text("По данным портала")


def test_staff_write_off_with_act_refused_page_then_pdf_downloaded_by_the_ppo(
    page, live_server, browser, tmp_path
):
    from material import services

    officer = AppointmentFactory(organization__short_name="ППО РКБ").user
    staff = staff_user()
    camera = EquipmentFactory(kind="camera", make_model="Canon EOS", inventory_number="ЧРО-ФК-009")
    services.equipment_issue(user=staff, organization=officer.appointments.get().organization,
                             items=[camera])  # fmt: skip
    page_pdf = tmp_path / "act.pdf"
    page_pdf.write_bytes(b"<html><script>alert(1)</script></html>")
    real_pdf = tmp_path / "akt-spisaniya.pdf"
    real_pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    login(page, live_server, staff)
    page.goto(f"{live_server.url}/equipment/items/{camera.pk}/")
    page.get_by_label("Действие").select_option(label="Списание")
    page.get_by_label("Основание или причина").fill("Разбит объектив")
    page.get_by_label("Документ (PDF, JPG, PNG)").set_input_files(str(page_pdf))
    page.get_by_role("button", name="Оформить").click()
    # Refused next to the field, in Russian; the reason typed is kept.
    expect(page.locator(".invalid-feedback")).to_contain_text("«act.pdf» не принят")
    expect(page.get_by_label("Основание или причина")).to_have_value("Разбит объектив")
    page.get_by_label("Документ (PDF, JPG, PNG)").set_input_files(str(real_pdf))
    page.get_by_role("button", name="Оформить").click()
    expect(page.locator(".alert-success")).to_contain_text("Оборудование списано")
    link = page.locator("#write-off-document")
    expect(link).to_have_text("Акт списания")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"

    camera.refresh_from_db()
    context = browser.new_context(locale="ru-RU")
    try:
        anonymous = context.new_page()
        # The stored name under /media/ leads nowhere (the file is private).
        response = anonymous.request.get(
            f"{live_server.url}/media/{camera.write_off_document.name}"
        )
        assert response.status != 200
        login(anonymous, live_server, officer)
        anonymous.goto(f"{live_server.url}/cabinet/equipment/")
        link = anonymous.get_by_role("link", name="скачать")
        # A PDF opens inline (the browser's viewer), so it is fetched as the link says.
        response = anonymous.request.get(live_server.url + link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-disposition"].startswith("inline")
        assert response.body().startswith(b"%PDF-")
    finally:
        context.close()
