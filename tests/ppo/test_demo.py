import pytest
from django.core.management import call_command

from ppo.models import FigureChange, SubscriberCount


@pytest.mark.django_db
def test_demo_data_has_corrections_with_their_authors():
    call_command("load_demo")
    assert not SubscriberCount.objects.filter(recorded_by__isnull=True).exists()
    by_officer = FigureChange.objects.filter(
        action="corrected", by_staff=False, subscriber_count__channel__organization__slug="rkb"
    ).get()
    assert by_officer.changed_by.email == "rkb@demo.example"
    assert by_officer.after["count"] - by_officer.before["count"] == 14
    assert FigureChange.objects.filter(
        action="corrected", by_staff=True, membership__organization__slug="rkb"
    ).exists()
    assert FigureChange.objects.filter(
        action="corrected", by_staff=False, membership__organization__slug="rkb"
    ).exists()
