import pytest
from django.core.management import call_command

from integrations.models import ChannelCollection, UnionPageCheck
from ppo.models import SubscriberCount


@pytest.mark.django_db
def test_demo_has_demo_counts_and_pages_in_every_state(settings):
    settings.VK_SERVICE_TOKEN = settings.TELEGRAM_BOT_TOKEN = ""
    call_command("load_demo", verbosity=0)
    assert SubscriberCount.objects.filter(source="demo").exists()
    assert ChannelCollection.objects.filter(status="ok", is_demo=True).exists()
    assert ChannelCollection.objects.filter(status="failed").exists()
    states = set(UnionPageCheck.objects.values_list("status", flat=True))
    assert states == {"ok", "http_error", "unreachable", "blocked"}
    assert not UnionPageCheck.objects.filter(is_demo=False).exists()
