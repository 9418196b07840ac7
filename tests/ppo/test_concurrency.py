"""First saves of membership and subscriber figures under concurrent submits."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ppo import services
from ppo.models import MembershipSnapshot, SubscriberCount
from tests.concurrency import meet_here, run_at_once
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_first_saves_of_a_month_membership_make_one_snapshot(world, monkeypatch):
    monkeypatch.setattr(
        MembershipSnapshot, "full_clean", meet_here(2)(MembershipSnapshot.full_clean)
    )
    jobs = [
        lambda members=members: services.membership_record(
            user=world.officer_a,
            organization=world.org_a,
            month=dt.date(2025, 3, 1),
            employees=300,
            members=members,
        )
        for members in (200, 210)
    ]
    assert run_at_once(jobs) == []
    snapshot = MembershipSnapshot.objects.get(organization=world.org_a, month=dt.date(2025, 3, 1))
    assert snapshot.members in (200, 210)


def test_two_submits_of_a_day_subscribers_give_one_row_and_a_message(world, monkeypatch):
    channel = ChannelFactory(organization=world.org_a)
    monkeypatch.setattr(SubscriberCount, "full_clean", meet_here(2)(SubscriberCount.full_clean))
    jobs = [
        lambda count=count: services.subscriber_count_record(
            user=world.officer_a, channel=channel, date=dt.date(2025, 3, 31), count=count
        )
        for count in (120, 121)
    ]
    errors = run_at_once(jobs)
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "За эту дату число подписчиков уже внесено." in str(errors[0])
    assert SubscriberCount.objects.filter(channel=channel, date=dt.date(2025, 3, 31)).count() == 1
