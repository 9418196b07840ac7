"""First saves of membership and subscriber figures under concurrent submits."""

import pytest
from django.utils import timezone

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
            month=timezone.localdate(),
            employees=300,
            members=members,
        )
        for members in (200, 210)
    ]
    assert run_at_once(jobs) == []
    month = timezone.localdate().replace(day=1)
    snapshot = MembershipSnapshot.objects.get(organization=world.org_a, month=month)
    assert snapshot.members in (200, 210)


def test_two_submits_of_a_day_subscribers_give_one_row_and_a_correction(world, monkeypatch):
    """The second of two concurrent first saves corrects the first one's count (as a second
    save would): one row, and both in its history."""
    channel = ChannelFactory(organization=world.org_a)
    today = timezone.localdate()
    monkeypatch.setattr(SubscriberCount, "full_clean", meet_here(2)(SubscriberCount.full_clean))
    jobs = [
        lambda count=count: services.subscriber_count_record(
            user=world.officer_a, channel=channel, date=today, count=count
        )
        for count in (120, 121)
    ]
    assert run_at_once(jobs) == []
    record = SubscriberCount.objects.get(channel=channel, date=today)
    assert record.count in (120, 121)
    assert sorted(record.changes.values_list("action", flat=True)) == ["corrected", "entered"]
