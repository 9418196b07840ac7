"""The «Done when» of issue 16 at 390 px: an officer whose PPO has something due in every app
sees exactly those items and their number on the badge, does each one from the list through the
UI, and the list and the badge shrink by one each time until nothing is due."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from documents.models import Delivery, Document
from material import services as material_services
from portal.periods import Period
from programme.models import Activity, Measure, Programme, Section
from publications.models import Publication
from reports.models import Survey
from tests.contests.factories import ContestFactory
from tests.e2e.conftest import fill_editor, login
from tests.factories import AppointmentFactory, ChannelFactory, OrganizationFactory, staff_user
from tests.material.factories import EquipmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/due-shots")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (22, 63, 122)).save(buffer, "JPEG")
    return buffer.getvalue()


def _programme(today: dt.date) -> Activity:
    """A programme in force this year with one PPO line marked by records, due this month: at
    risk for a PPO that has not marked it."""
    # The migrated programme (when the database still has it) is no longer in force.
    Programme.objects.filter(status=Programme.Status.ACTIVE).update(status=Programme.Status.CLOSED)
    programme = Programme.objects.create(
        title="Программа на год (тест)",
        status=Programme.Status.ACTIVE,
        year_from=today.year,
        year_to=today.year,
        approved_on=dt.date(today.year, 1, 1),
    )
    section = Section.objects.create(programme=programme, number="I", title="Раздел")
    measure = Measure.objects.create(section=section, number=1, title="Мероприятие")
    return Activity.objects.create(
        measure=measure,
        text="Обновить профсоюзный стенд",
        schedule_kind="annual",
        due_month=today.month,
        responsible="each_ppo",
    )


def _world(today: dt.date):
    current = Period.current_month()
    previous = current.previous()
    before = previous.previous()
    # Joined at the start of the month before last: two monthly reports are asked for.
    organization = OrganizationFactory(short_name="ППО РКБ", joined_on=before.first_day)
    officer = AppointmentFactory(organization=organization).user
    staff = staff_user()
    now = timezone.now()
    document = Document.objects.create(
        title="Положение о стенде",
        kind="resolution",
        file="p.pdf",
        sent_at=now,
        acknowledge_by=today + dt.timedelta(days=10),
    )
    Delivery.objects.create(document=document, organization=organization, delivered_at=now)
    survey = Survey.objects.create(
        title="Стенды ППО", deadline=today + dt.timedelta(days=20), is_published=True
    )
    survey.questions.create(order=1, text="Сколько у вас стендов?", kind="number")
    act = material_services.equipment_issue(
        user=staff,
        organization=organization,
        items=[EquipmentFactory(make_model="Lenovo IdeaPad 3")],
        on=today,
    )
    Publication.objects.create(
        organization=organization,
        author=officer,
        title="Субботник",
        lead="Вышли всем отделением.",
        body="<p>Убрали сквер.</p>",
        event_date=today - dt.timedelta(days=3),
        category="other",
        status=Publication.Status.CHANGES_REQUESTED,
    )
    contest = ContestFactory(title="Фотоконкурс «Профсоюз в лицах»", slug="faces")
    ChannelFactory(organization=organization, title="Профком РКБ")
    _programme(today)
    expected = {
        f"Сдать ежемесячный отчёт за {before}",
        f"Сдать ежемесячный отчёт за {previous}",
        "Ответить на анкету «Стенды ППО»",
        "Ознакомиться с документом «Положение о стенде»",
        f"Подтвердить получение оборудования по акту № {act.label} от {act.date:%d.%m.%Y}",
        "Доработать новость «Субботник»",
        f"Подать работу на конкурс «{contest.title}»",
        "Отметить исполнение строк программы, которые отстают: 1",
        f"Внести число подписчиков канала «Профком РКБ» за {current}",
        f"Внести численность за {previous}",
    }
    return organization, officer, document, expected


def _titles(page) -> set[str]:
    return {text.strip() for text in page.locator("#due-items .due-link").all_inner_texts()}


def _badge(page):
    return page.locator(".cabinet-nav .due-badge")


def _monthly_report(page):
    page.get_by_label("Публикации в социальных сетях").fill("https://vk.com/wall-1_10")
    page.get_by_label("Обновлений профсоюзного стенда").fill("1")
    page.get_by_label("Освещённые мероприятия").fill("Субботник")
    page.get_by_role("button", name="Отправить отчёт").click()
    page.get_by_text("отправлен в аппарат ЧРО").wait_for()


def test_officer_empties_the_due_list_at_390_px(phone_page, live_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SHOTS.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    organization, officer, document, expected = _world(today)
    previous = Period.current_month().previous()
    before = previous.previous()
    page = phone_page
    login(page, live_server, officer)
    page.goto(f"{live_server.url}/cabinet/")
    assert _titles(page) == expected
    expect(_badge(page)).to_have_text(str(len(expected)))
    # Overdue first: the report of the month before last is past its deadline.
    first = page.locator("#due-items .due-item").first
    expect(first).to_contain_text(f"Сдать ежемесячный отчёт за {before}")
    page.screenshot(path=str(SHOTS / "due-list-390.png"), full_page=True)

    def do(title, action):
        page.goto(f"{live_server.url}/cabinet/")
        left = _titles(page)
        assert title in left
        page.locator("#due-items .due-item", has_text=title).get_by_role("link").first.click()
        page.wait_for_load_state("networkidle")
        action()
        # The page the action led to, not the cabinet's home, shows the fresh number already.
        nav = page.locator("#nav-due-count")
        if len(left) > 1:
            expect(nav).to_have_text(str(len(left) - 1))
        else:
            expect(nav).to_have_count(0)
        page.goto(f"{live_server.url}/cabinet/")
        assert _titles(page) == left - {title}, title
        if len(left) > 1:
            expect(_badge(page)).to_have_text(str(len(left) - 1))
        else:
            expect(_badge(page)).to_have_count(0)

    do(f"Сдать ежемесячный отчёт за {before}", lambda: _monthly_report(page))
    do(f"Сдать ежемесячный отчёт за {previous}", lambda: _monthly_report(page))

    def survey():
        page.get_by_label("Сколько у вас стендов?").fill("2")
        page.get_by_role("button", name="Отправить ответы").click()
        expect(page.get_by_text("Ответы отправлены")).to_be_visible()

    do("Ответить на анкету «Стенды ППО»", survey)

    def acknowledge():
        page.locator(f"#document-{document.pk}").get_by_role("button").click()
        page.wait_for_load_state("networkidle")

    do("Ознакомиться с документом «Положение о стенде»", acknowledge)

    def confirm():
        page.get_by_role("button", name="Подтверждаю получение").click()
        expect(page.locator(".alert-success")).to_contain_text("Получение оборудования")

    act_title = next(t for t in expected if t.startswith("Подтвердить получение"))
    do(act_title, confirm)

    def revise():
        page.get_by_role("link", name="Изменить").click()
        fill_editor(page, "Убрали сквер у главного корпуса.")
        page.get_by_role("button", name="Отправить на модерацию").click()
        expect(page.locator(".status-badge")).to_contain_text("На модерации")

    do("Доработать новость «Субботник»", revise)

    def enter_contest():
        page.get_by_label("Название работы").fill("Утро в реанимации")
        page.get_by_label("Автор").fill("Петрова Анна, медсестра")
        page.get_by_label("Фотографии").set_input_files(
            files=[{"name": "утро.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
        )
        page.get_by_role("button", name="Подать работу").click()
        expect(page.locator(".alert-success")).to_contain_text("Утро в реанимации")

    contest_title = next(t for t in expected if t.startswith("Подать работу"))
    do(contest_title, enter_contest)

    def mark_line():
        page.get_by_label("Что сделано").fill("Обновили профсоюзный стенд")
        page.get_by_label("Ссылка на подтверждение").fill("https://vk.com/wall-1_11")
        page.get_by_role("button", name="Сохранить отметку").click()
        expect(page.locator(".alert-success")).to_contain_text("Отметка об исполнении сохранена")

    do("Отметить исполнение строк программы, которые отстают: 1", mark_line)

    def count_subscribers():
        page.get_by_label("Дата").fill(f"{today:%Y-%m-%d}")
        page.get_by_label("Подписчиков", exact=True).fill("412")
        page.get_by_role("button", name="Сохранить").click()
        expect(page.locator("#subscriber-history")).to_contain_text("412")

    subscribers = next(t for t in expected if t.startswith("Внести число подписчиков"))
    do(subscribers, count_subscribers)

    def membership():
        page.get_by_label("Работников").fill("250")
        page.get_by_label("Членов профсоюза").fill("200")
        page.get_by_role("button", name="Сохранить").click()
        expect(page.locator(".alert-success")).to_be_visible()

    do(f"Внести численность за {previous}", membership)

    page.goto(f"{live_server.url}/cabinet/")
    expect(page.locator("#due-items")).to_contain_text("Всё сделано")
    expect(page.locator(".due-badge")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "due-empty-390.png"), full_page=True)
