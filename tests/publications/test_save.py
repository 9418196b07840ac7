"""publication_save: the one service behind the news form (text, photos, submission)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from publications import services
from publications.models import Publication
from tests.publications.factories import upload

pytestmark = pytest.mark.django_db

COMPLETE = {
    "title": "День донора",
    "lead": "Сорок сотрудников сдали кровь.",
    "body": "<p>Акцию провели <b>в третий раз</b>.</p><ul><li>хирургия</li></ul>",
    "event_date": dt.date(2025, 3, 14),
    "category": "sport_culture",
}


def test_a_complete_form_with_a_photo_is_saved_and_submitted_at_once(world):
    outcome = services.publication_save(
        user=world.officer_a,
        organization=world.org_a,
        text=COMPLETE,
        files=[upload("donor.jpg")],
        credit="фото профкома",
        submit=True,
    )
    assert outcome.complete and outcome.submitted
    publication = Publication.objects.get(pk=outcome.publication.pk)
    assert publication.status == Publication.Status.SUBMITTED
    assert "<strong>в третий раз</strong>" in publication.body  # sanitised, <b> made <strong>
    assert [p.credit for p in publication.photos.all()] == ["фото профкома"]


def test_what_is_wrong_is_returned_and_the_rest_is_kept_unsubmitted(world):
    outcome = services.publication_save(
        user=world.officer_a,
        organization=world.org_a,
        text={**COMPLETE, "vk_url": "https://example.com/post"},
        files=[upload("donor.jpg"), upload("notes.jpg", content=b"not an image")],
        submit=True,
    )
    assert not outcome.submitted
    assert "vk.com" in outcome.errors["vk_url"][0]
    assert len(outcome.photo_errors) == 1 and "notes.jpg" in outcome.photo_errors[0]
    publication = Publication.objects.get(pk=outcome.publication.pk)
    assert publication.status == Publication.Status.DRAFT
    assert publication.title == "День донора" and publication.vk_url == ""
    assert publication.photos.count() == 1


def test_an_incomplete_draft_saves_and_submission_says_what_is_missing(world):
    outcome = services.publication_save(
        user=world.officer_a, organization=world.org_a, text={"title": "Черновик"}, submit=True
    )
    assert not outcome.submitted
    assert outcome.errors["lead"] == ["Напишите анонс: его видят в ленте и при репосте."]
    assert Publication.objects.get(pk=outcome.publication.pk).title == "Черновик"


def test_another_ppos_news_is_refused_whole(world):
    with pytest.raises(PermissionDenied):
        services.publication_save(user=world.officer_a, organization=world.org_b, text=COMPLETE)
    assert not Publication.objects.exists()
