import pytest
from django.core.management import call_command

from ppo.models import Publication, PublicationPhoto


@pytest.mark.django_db
def test_demo_news_across_the_workflow(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(Publication.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Publication.Status}
    assert Publication.objects.filter(status="published").count() >= 8
    assert all("(демо)" in title for title in Publication.objects.values_list("title", flat=True))
    assert not PublicationPhoto.objects.filter(thumbnail="").exists()
