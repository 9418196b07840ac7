"""The due-items registry: what each app says is due for a PPO (and what is not), the
cabinet's list and the badge's cost."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.models import Delivery, Document
from material import services as material_services
from material.models import EquipmentIssue
from portal.due import due_count, due_items
from portal.periods import Period
from ppo.models import MembershipSnapshot
from publications.models import Publication
from reports.models import PpoMonthlyReport, report_deadline
from tests.factories import (
    AppointmentFactory,
    ChannelFactory,
    OrganizationFactory,
    SubscriberCountFactory,
    staff_user,
)
from tests.material.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def kinds(items, kind):
    return [item for item in items if item.kind == kind]


@pytest.fixture
def ppo():
    organization = OrganizationFactory(joined_on=dt.date(2026, 9, 1))
    officer = AppointmentFactory(organization=organization).user
    return organization, officer


def test_monthly_reports_missing_returned_and_accepted(ppo):
    organization, officer = ppo
    november = Period.month(2026, 11)
    PpoMonthlyReport.objects.create(
        organization=organization, month=dt.date(2026, 10, 1), status="accepted"
    )
    PpoMonthlyReport.objects.create(
        organization=organization,
        month=dt.date(2026, 9, 1),
        status="returned",
        review_comment="Нет ссылок",
    )
    items = kinds(due_items(organization, TODAY), "reports:monthly")
    titles = [item.title for item in items]
    # September returned, November not filed yet (not overdue before the 5th); October accepted
    # is not due; months before the PPO joined are not asked for; December is not over.
    assert titles == [
        "Доработать ежемесячный отчёт за сентябрь 2026",
        "Сдать ежемесячный отчёт за ноябрь 2026",
    ]
    assert items[1].deadline == report_deadline(november) and not items[1].overdue
    later = kinds(due_items(organization, dt.date(2026, 12, 10)), "reports:monthly")
    assert later[0].overdue and later[0].title.endswith("ноябрь 2026")


def test_documents_to_acknowledge(ppo):
    organization, officer = ppo
    now = timezone.now()
    overdue = Document.objects.create(
        title="Постановление",
        kind="resolution",
        file="x.pdf",
        sent_at=now,
        acknowledge_by=dt.date(2026, 11, 20),
    )
    done = Document.objects.create(
        title="Письмо",
        kind="letter",
        file="y.pdf",
        sent_at=now,
        acknowledge_by=dt.date(2026, 12, 20),
    )
    no_deadline = Document.objects.create(
        title="Шаблон", kind="template", file="z.pdf", sent_at=now
    )
    Delivery.objects.create(document=overdue, organization=organization, delivered_at=now)
    Delivery.objects.create(
        document=done,
        organization=organization,
        delivered_at=now,
        opened_at=now,
        acknowledged_at=now,
        acknowledged_by=officer,
    )
    Delivery.objects.create(document=no_deadline, organization=organization, delivered_at=now)
    items = kinds(due_items(organization, TODAY), "documents:acknowledge")
    assert [(item.title, item.overdue) for item in items] == [
        ("Ознакомиться с документом «Постановление»", True)
    ]
    assert items[0].url.endswith(f"#document-{overdue.pk}")


def test_act_to_confirm_and_returned_items(ppo):
    organization, officer = ppo
    staff = staff_user()
    kept = material_services.equipment_issue(
        user=staff, organization=organization, items=[EquipmentFactory()], on=TODAY
    )
    returned = material_services.equipment_issue(
        user=staff, organization=organization, items=[EquipmentFactory()], on=TODAY
    )
    returned.issues.update(ended_on=TODAY, end_reason=EquipmentIssue.EndReason.RETURNED)
    items = kinds(due_items(organization, TODAY), "material:act")
    assert [item.url for item in items] == [
        reverse("material:transfer_act_confirm", kwargs={"pk": kept.pk})
    ]
    with pytest.raises(ValidationError, match="уже возвращено"):
        material_services.act_confirm(user=officer, act=returned)
    material_services.act_confirm(user=officer, act=kept)
    assert kinds(due_items(organization, TODAY), "material:act") == []


def test_returned_news_channels_and_membership(ppo):
    organization, officer = ppo
    Publication.objects.create(
        organization=organization, author=officer, title="Субботник", status="changes_requested"
    )
    Publication.objects.create(
        organization=organization, author=officer, title="Опубликована", status="draft"
    )
    stale = ChannelFactory(organization=organization, title="ВК ППО")
    SubscriberCountFactory(channel=stale, date=dt.date(2026, 11, 30))
    fresh = ChannelFactory(organization=organization, title="Телеграм ППО")
    SubscriberCountFactory(channel=fresh, date=dt.date(2026, 12, 1))
    items = due_items(organization, TODAY)
    assert [i.title for i in kinds(items, "publications:returned")] == [
        "Доработать новость «Субботник»"
    ]
    assert [i.title for i in kinds(items, "ppo:subscribers")] == [
        "Внести число подписчиков канала «ВК ППО» за декабрь 2026"
    ]
    assert [i.title for i in kinds(items, "ppo:membership")] == [
        "Внести численность за ноябрь 2026"
    ]
    MembershipSnapshot.objects.create(
        organization=organization, month=dt.date(2026, 11, 1), employees=100, members=80
    )
    assert kinds(due_items(organization, TODAY), "ppo:membership") == []


def test_order_overdue_first_then_deadline(ppo):
    organization, _officer = ppo
    items = due_items(organization, dt.date(2026, 12, 10))
    flags = [item.overdue for item in items]
    assert flags == sorted(flags, reverse=True)
    dated = [item.deadline for item in items if not item.overdue and item.deadline]
    assert dated == sorted(dated)


def _populate(organization, officer, size):
    now = timezone.now()
    staff = staff_user()
    for n in range(size):
        document = Document.objects.create(
            title=f"Док {n}",
            kind="letter",
            file="x.pdf",
            sent_at=now,
            acknowledge_by=dt.date(2026, 12, 20),
        )
        Delivery.objects.create(document=document, organization=organization, delivered_at=now)
        ChannelFactory(organization=organization)
        Publication.objects.create(
            organization=organization, author=officer, title=f"Н {n}", status="changes_requested"
        )
        PpoMonthlyReport.objects.create(
            organization=organization,
            month=dt.date(2026, 10 - n, 1),
            status="returned",
            review_comment="Нет ссылок",
        )
    material_services.equipment_issue(
        user=staff, organization=organization, items=[EquipmentFactory() for _ in range(size)]
    )


def test_due_items_constant_queries(django_assert_num_queries, ppo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 4):
        organization = OrganizationFactory()
        officer = AppointmentFactory(organization=organization).user
        _populate(organization, officer, size)
        with CaptureQueriesContext(connection) as captured:
            items = due_items(organization, TODAY)
        assert len(items) >= 4 * size
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_cabinet_lists_due_items_and_badge_is_cached(client, ppo, django_assert_max_num_queries):
    organization, officer = ppo
    Publication.objects.create(
        organization=organization, author=officer, title="Субботник", status="changes_requested"
    )
    client.force_login(officer)
    response = client.get(reverse("ppo:cabinet"))
    html = response.content.decode()
    assert "Что нужно сделать" in html and "Доработать новость «Субботник»" in html
    count = due_count(organization)
    assert 'id="nav-due-count"' in html and count >= 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert due_count(organization) == count
    assert len(captured) == 0
    # A change of a watched row makes the badge stale: the last number is shown until the
    # cabinet's home recomputes it.
    Publication.objects.filter(organization=organization).first().delete()
    assert due_count(organization) == count
    client.get(reverse("ppo:cabinet"))
    assert due_count(organization) == count - 1


def test_badge_costs_no_query_on_other_pages(client, ppo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organization, officer = ppo
    client.force_login(officer)
    client.get(reverse("ppo:cabinet"))
    counts = []
    for size in (1, 5):
        for n in range(size):
            Publication.objects.create(
                organization=organization, author=officer, title=f"Н{n}", status="changes_requested"
            )
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("ppo:membership")).content.decode()
        counts.append(len(captured))
        assert 'class="badge rounded-pill text-bg-danger due-badge"' in html
    assert counts[0] == counts[1]


def test_all_done(client):
    from programme.models import Programme

    Programme.objects.update(status=Programme.Status.CLOSED)
    organization = OrganizationFactory(joined_on=timezone.localdate())
    officer = AppointmentFactory(organization=organization).user
    client.force_login(officer)
    html = client.get(reverse("ppo:cabinet")).content.decode()
    assert due_items(organization) == []
    assert "Всё сделано" in html and 'id="nav-due-count"' not in html


def _badge(html: str) -> str | None:
    import re

    found = re.search(r'id="nav-due-count"[^>]*>(\d+)<', html)
    return found.group(1) if found else None


@pytest.mark.parametrize("item", ["document", "subscribers"])
def test_an_item_done_through_its_service_refreshes_the_badge_on_any_page(
    client, ppo, django_capture_on_commit_callbacks, item
):
    from documents import services as document_services
    from ppo import services as ppo_services

    organization, officer = ppo
    now = timezone.now()
    # (The callbacks of the setup's changes run too: the test's one transaction would otherwise
    # hold them queued, and the PPO's badge is refreshed once per transaction.)
    with django_capture_on_commit_callbacks(execute=True):
        document = Document.objects.create(
            title="Постановление",
            kind="resolution",
            file="x.pdf",
            sent_at=now,
            acknowledge_by=timezone.localdate() + dt.timedelta(days=5),
        )
        delivery = Delivery.objects.create(
            document=document, organization=organization, delivered_at=now
        )
        channel = ChannelFactory(organization=organization, title="ВК ППО")
    client.force_login(officer)
    client.get(reverse("ppo:cabinet"))
    count = due_count(organization)
    other = reverse("portal:notifications")
    assert _badge(client.get(other).content.decode()) == str(count)
    with django_capture_on_commit_callbacks(execute=True):
        if item == "document":
            document_services.delivery_acknowledge(user=officer, delivery=delivery)
        else:
            ppo_services.subscriber_count_record(
                user=officer, channel=channel, date=timezone.localdate(), count=10
            )
    # Not the cabinet's home: the page reads the cached number, fresh after the change.
    assert _badge(client.get(other).content.decode()) == str(count - 1)
    assert due_count(organization) == len(due_items(organization)) == count - 1


def test_a_change_nobody_was_shown_computes_nothing(ppo, django_capture_on_commit_callbacks):
    organization, officer = ppo
    with django_capture_on_commit_callbacks(execute=True):
        Publication.objects.create(
            organization=organization, author=officer, title="Н", status="changes_requested"
        )
    assert due_count(organization) is None


def test_deleting_a_ppo_with_its_rows_does_not_break(
    client, ppo, django_capture_on_commit_callbacks
):
    organization, officer = ppo
    channel = ChannelFactory(organization=organization)
    SubscriberCountFactory(channel=channel, date=TODAY)
    MembershipSnapshot.objects.create(
        organization=organization, month=dt.date(2026, 11, 1), employees=100, members=80
    )
    client.force_login(officer)
    client.get(reverse("ppo:cabinet"))
    with django_capture_on_commit_callbacks(execute=True):
        organization.appointments.all().delete()
        organization.delete()
    assert not MembershipSnapshot.objects.exists()


@pytest.fixture
def computed(monkeypatch):
    """How many times the providers were run for the cabinet's list or the badge."""
    from portal import due

    runs = []
    real = due.due_items

    def counted(organization, today=None):
        runs.append(organization.pk)
        return real(organization, today)

    monkeypatch.setattr(due, "due_items", counted)
    return runs


def test_the_cabinet_keeps_its_list_until_a_row_it_reads_changes(
    client, ppo, computed, django_capture_on_commit_callbacks
):
    organization, officer = ppo
    client.force_login(officer)
    cabinet = reverse("ppo:cabinet")
    client.get(cabinet)
    client.get(cabinet)
    assert computed == [organization.pk]
    # A watched row: the item is gone on the next view.
    with django_capture_on_commit_callbacks(execute=True):
        Publication.objects.create(
            organization=organization, author=officer, title="Субботник", status="changes_requested"
        )
    html = client.get(cabinet).content.decode()
    previous = Period.month(timezone.localdate().year, timezone.localdate().month).previous()
    earlier = f"Сдать ежемесячный отчёт за {previous.previous()}"
    assert "Доработать новость «Субботник»" in html and earlier in html
    # A row no provider watches but one reads (the PPO's own record: since when it is asked
    # for monthly reports) is a row of an app with metrics: the list is computed afresh.
    before = len(computed)
    organization.joined_on = previous.first_day
    organization.save(update_fields=["joined_on"])
    html = client.get(cabinet).content.decode()
    assert len(computed) == before + 1
    assert earlier not in html and f"Сдать ежемесячный отчёт за {previous}" in html


def test_a_list_computed_before_the_commit_is_not_kept_after_it(
    ppo, computed, django_capture_on_commit_callbacks
):
    """Another process may compute the list between a save and its commit, from the rows before
    the save, and store it under the generation the save has just bumped: the commit bumps it
    again, so that list is never read."""
    from portal.due import due_items_counted

    organization, officer = ppo
    with django_capture_on_commit_callbacks(execute=True):
        Publication.objects.create(
            organization=organization, author=officer, title="Субботник", status="changes_requested"
        )
        # (Here it is this connection that computes, so it sees the row; what matters is only
        # under which key the list is stored.)
        due_items_counted(organization)
        due_items_counted(organization)
        assert len(computed) == 1
    due_items_counted(organization)
    assert len(computed) == 2


def test_rows_of_one_transaction_refresh_the_badge_once(
    client, ppo, computed, django_capture_on_commit_callbacks
):
    organization, officer = ppo
    client.force_login(officer)
    client.get(reverse("ppo:cabinet"))  # the badge is shown: changes recompute it
    count = due_count(organization)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            Publication.objects.create(
                organization=organization, author=officer, title=f"Н{n}", status="changes_requested"
            )
    assert computed == [organization.pk, organization.pk]
    assert due_count(organization) == count + 3


def test_each_officer_sees_the_list_of_their_own_ppo(client, ppo):
    organization, officer = ppo
    other = OrganizationFactory(joined_on=dt.date(2026, 9, 1))
    other_officer = AppointmentFactory(organization=other).user
    Publication.objects.create(
        organization=organization, author=officer, title="Субботник", status="changes_requested"
    )
    Publication.objects.create(
        organization=other, author=other_officer, title="Спартакиада", status="changes_requested"
    )
    for user, own, foreign in (
        (officer, "Субботник", "Спартакиада"),
        (other_officer, "Спартакиада", "Субботник"),
    ):
        client.force_login(user)
        for _view in range(2):  # computed, then from the cache
            html = client.get(reverse("ppo:cabinet")).content.decode()
            assert f"Доработать новость «{own}»" in html
            assert foreign not in html
