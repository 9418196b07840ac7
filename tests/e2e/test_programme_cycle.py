"""Staff close the 2023-2025 programme in the admin, open its final report, copy it into
2026-2028 and activate the copy; the officer's cabinet shows the new programme's lines and the
dashboard offers 2026."""

import pytest

from programme.loader import load_programme
from programme.models import Activity, Programme
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory, OrganizationFactory, staff_user

NEW_TITLE = "Программа по развитию информационной работы на 2026-2028 годы"


def run_action(page, live_server, programme_pk: int, action: str):
    page.goto(f"{live_server.url}/admin/programme/programme/")
    page.check(f"input[name=_selected_action][value='{programme_pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_staff_close_copy_and_activate_the_next_programme(page, browser, live_server):
    # A transactional test starts from an empty database: load the programme as the migration does.
    load_programme()
    first = Programme.objects.get()
    assert first.status == Programme.Status.ACTIVE
    officer = AppointmentFactory(organization=OrganizationFactory(short_name="ППО РКБ")).user
    staff = staff_user(full_name="Смирнова Анна")

    login(page, live_server, staff)
    run_action(page, live_server, first.pk, "close_selected")
    assert "завершена, итоги зафиксированы" in page.inner_text(".messagelist")
    page.click(".messagelist a:has-text('Итоги выполнения программы')")
    page.wait_for_selector("#lines")
    assert page.inner_text("h1") == "Итоги выполнения программы"
    assert "Конечное значение" in page.inner_text("#indicators + .table-responsive")

    run_action(page, live_server, first.pk, "copy_selected")
    page.fill("input[name=title]", NEW_TITLE)
    assert page.input_value("input[name=year_from]") == "2026"
    assert page.input_value("input[name=year_to]") == "2028"
    page.click("#programme-copy-form input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Создан проект программы" in page.inner_text(".messagelist")
    new = Programme.objects.get(year_from=2026)
    assert new.status == Programme.Status.DRAFT

    run_action(page, live_server, new.pk, "activate_selected")
    assert "введена в действие" in page.inner_text(".messagelist")
    new.refresh_from_db()
    assert new.status == Programme.Status.ACTIVE

    page.goto(f"{live_server.url}/dashboard/")
    page.click(".year-selector a:has-text('2026')")
    page.wait_for_selector("#overall")
    assert "2026" in page.inner_text("h1")
    assert NEW_TITLE in page.inner_text(".dashboard")
    years = page.locator(".year-selector a").all_inner_texts()
    assert years == ["2023", "2024", "2025", "2026", "2027", "2028"]

    officer_context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    officer_page = officer_context.new_page()
    login(officer_page, live_server, officer)
    officer_page.goto(f"{live_server.url}/cabinet/programme/")
    assert officer_page.inner_text("#programme-title") == NEW_TITLE
    rows = officer_page.locator("#own-lines tbody tr")
    assert (
        rows.count()
        == Activity.objects.filter(measure__section__programme=new, responsible="each_ppo").count()
    )
    officer_context.close()
