"""A bad photo in a contest entry: exactly one Russian message next to the photos field, the
title and author typed shown again, nothing saved."""

import pytest
from django.urls import reverse

from contests import services
from contests.models import Entry
from tests.factories import AppointmentFactory
from tests.upload_cases import IMAGE_CASES, MB, the_one_message

from .factories import ContestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in IMAGE_CASES], ids=[c[0] for c in IMAGE_CASES]
)
def test_entry_form_refuses_a_bad_photo_once(client, settings, make, words):
    settings.CONTEST_PHOTO_MAX_SIZE = MB
    contest = ContestFactory()
    services.contest_apply_default_criteria(contest=contest)
    client.force_login(AppointmentFactory().user)
    response = client.post(
        reverse("contests:entry_create", args=[contest.slug]),
        {"title": "Утро в реанимации", "author": "Петрова Анна", "photos": [make()]},
    )
    assert response.status_code == 200
    the_one_message(response.context["form"].errors, "photos", words)
    page = response.content.decode()
    assert 'value="Утро в реанимации"' in page and 'value="Петрова Анна"' in page
    assert not Entry.objects.exists()
