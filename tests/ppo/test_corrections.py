"""Corrections of subscriber counts and membership: the open period (the current month, the
previous one until its monthly report is accepted) is the officer's; anything else is staff's;
every entry and correction is in the history with its author."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from ppo import services
from ppo.models import FigureChange, MembershipSnapshot, SubscriberCount
from reports.models import PpoMonthlyReport
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def _months():
    current = timezone.localdate().replace(day=1)
    previous = (current - dt.timedelta(days=1)).replace(day=1)
    older = (previous - dt.timedelta(days=1)).replace(day=1)
    return current, previous, older


def _accept(organization, month):
    return PpoMonthlyReport.objects.create(
        organization=organization, month=month, status=PpoMonthlyReport.Status.ACCEPTED
    )


def test_a_count_of_an_existing_date_is_corrected_with_its_author(world):
    channel = ChannelFactory(organization=world.org_a)
    today = timezone.localdate()
    services.subscriber_count_record(user=world.officer_a, channel=channel, date=today, count=120)
    record = services.subscriber_count_record(
        user=world.officer_a, channel=channel, date=today, count=125
    )
    assert SubscriberCount.objects.filter(channel=channel, date=today).get().count == 125
    assert record.recorded_by == world.officer_a
    entered, corrected = record.changes.order_by("changed_at", "pk")
    assert (entered.action, entered.after, entered.changed_by) == (
        "entered",
        {"count": 120},
        world.officer_a,
    )
    assert (corrected.action, corrected.before, corrected.after) == (
        "corrected",
        {"count": 120},
        {"count": 125},
    )
    assert corrected.changed_by == world.officer_a and not corrected.by_staff
    assert corrected.differences == [("подписчиков", 120, 125)]
    # Saving the same figure again changes nothing and records nothing.
    again = services.subscriber_count_record(
        user=world.officer_a, channel=channel, date=today, count=125
    )
    assert again.last_change is None and record.changes.count() == 2


def test_the_previous_month_is_open_until_its_report_is_accepted(world):
    _, previous, _ = _months()
    kwargs = dict(user=world.officer_a, organization=world.org_a, month=previous)
    services.membership_record(**kwargs, employees=400, members=300)
    services.membership_record(**kwargs, employees=400, members=310)
    _accept(world.org_a, previous)
    with pytest.raises(ValidationError, match="уже принят: показатели этого месяца исправляет"):
        services.membership_record(**kwargs, employees=400, members=320)
    assert MembershipSnapshot.objects.get(organization=world.org_a, month=previous).members == 310
    channel = ChannelFactory(organization=world.org_a)
    with pytest.raises(ValidationError, match="только аппарат ЧРО"):
        services.subscriber_count_record(
            user=world.officer_a, channel=channel, date=previous + dt.timedelta(days=3), count=5
        )
    # Another PPO's accepted report closes nothing here.
    _accept(world.org_b, _months()[0])
    services.membership_record(
        user=world.officer_a, organization=world.org_a, month=_months()[0], employees=1, members=1
    )


def test_older_months_and_past_years_are_closed_to_the_officer(world):
    _, _, older = _months()
    channel = ChannelFactory(organization=world.org_a)
    for day in (older, dt.date(timezone.localdate().year - 1, 6, 30)):
        with pytest.raises(ValidationError, match="исправляет аппарат ЧРО") as caught:
            services.subscriber_count_record(
                user=world.officer_a, channel=channel, date=day, count=10
            )
        assert caught.value.error_dict["date"][0].code == "period_closed"


def test_staff_change_a_closed_period_and_the_change_is_recorded(world):
    _, previous, _ = _months()
    services.membership_record(
        user=world.officer_a, organization=world.org_a, month=previous, employees=400, members=300
    )
    _accept(world.org_a, previous)
    snapshot = services.membership_record(
        user=world.staff, organization=world.org_a, month=previous, employees=400, members=290
    )
    assert snapshot.members == 290
    change = snapshot.last_change
    assert change.changed_by == world.staff and change.by_staff
    assert change.before["members"] == 300 and change.after["members"] == 290
    assert change.differences == [("членов профсоюза", 300, 290)]
    last_year = dt.date(timezone.localdate().year - 1, 3, 1)
    old = services.membership_record(
        user=world.staff, organization=world.org_a, month=last_year, employees=10, members=9
    )
    assert old.last_change.action == FigureChange.Action.ENTERED


def test_the_channel_page_corrects_instead_of_saying_already_entered(world):
    channel = ChannelFactory(organization=world.org_a)
    today = timezone.localdate()
    services.subscriber_count_record(user=world.officer_a, channel=channel, date=today, count=120)
    client = Client()
    client.force_login(world.officer_a)
    url = f"/cabinet/channels/{channel.pk}/"
    page = client.get(url).content.decode()
    assert "Исправить число подписчиков" in page and 'value="120"' in page
    response = client.post(url, {"date": today.strftime("%d.%m.%Y"), "count": "125"}, follow=True)
    html = response.content.decode()
    assert "За эту дату число подписчиков уже внесено" not in html
    assert "Исправлено: подписчиков 120 → 125." in html
    history = html[html.index('id="subscriber-history"') :]
    assert world.officer_a.full_name in history  # «Внёс» names the person, not «—»
    assert "120&nbsp;→&nbsp;125" in history


def test_the_membership_page_refuses_an_accepted_month_next_to_the_field(world):
    _, previous, _ = _months()
    services.membership_record(
        user=world.officer_a, organization=world.org_a, month=previous, employees=50, members=40
    )
    _accept(world.org_a, previous)
    client = Client()
    client.force_login(world.officer_a)
    page = client.get(f"/cabinet/membership/?month={previous:%Y-%m}").content.decode()
    assert 'value="40"' in page  # the month's figures are prefilled
    assert f'href="?month={previous:%Y-%m}"' not in page  # no «Исправить» on a closed month
    response = client.post(
        "/cabinet/membership/",
        {
            "month": f"{previous:%Y-%m}",
            "employees": "50",
            "members": "45",
            "joined": "5",
            "left": "0",
        },
    )
    assert response.status_code == 200
    assert "уже принят" in response.content.decode()
    assert 'value="45"' in response.content.decode()  # nothing typed is lost
    assert MembershipSnapshot.objects.get(organization=world.org_a, month=previous).members == 40
    assert client.get("/cabinet/membership/?month=2026-13").status_code == 200


def test_the_admin_saves_through_the_service_and_records_staff(world):
    _, previous, _ = _months()
    snapshot = services.membership_record(
        user=world.officer_a, organization=world.org_a, month=previous, employees=50, members=40
    )
    _accept(world.org_a, previous)
    admin = Client()
    admin.force_login(world.staff)
    url = f"/admin/ppo/membershipsnapshot/{snapshot.pk}/change/"
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "employees": "50",
            "members": "42",
            "joined": "2",
            "left": "0",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    snapshot.refresh_from_db()
    assert snapshot.members == 42
    change = snapshot.changes.order_by("-changed_at", "-pk").first()
    assert change.changed_by == world.staff and change.by_staff
    # A new count on an existing date through the admin corrects it instead of refusing.
    channel = ChannelFactory(organization=world.org_a)
    today = timezone.localdate()
    services.subscriber_count_record(user=world.officer_a, channel=channel, date=today, count=7)
    response = admin.post(
        "/admin/ppo/subscribercount/add/",
        {
            "channel": channel.pk,
            "date": today.strftime("%d.%m.%Y"),
            "count": "9",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = SubscriberCount.objects.get(channel=channel, date=today)
    assert record.count == 9
    assert record.changes.filter(action="corrected", changed_by=world.staff).exists()
