import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractYear

from publications.models import Publication, PublicationPhoto


@pytest.mark.django_db
def test_demo_news_across_the_workflow(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(Publication.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Publication.Status}
    assert Publication.objects.filter(status="published").count() >= 8
    assert all("(демо)" in title for title in Publication.objects.values_list("title", flat=True))
    assert not PublicationPhoto.objects.filter(thumbnail="").exists()

    # Photos public once their news is live, private before; each file where its name says.
    photos = list(PublicationPhoto.objects.select_related("publication__author"))
    for photo in photos:
        live = photo.publication.status == "published"
        assert all(f.name.startswith("private/") is not live for f in photo.files), photo.pk
        assert all(f.storage.exists(f.name) for f in photo.files), photo.pk
    waiting = next(p for p in photos if p.publication.status == "submitted")
    draft = next(
        p for p in photos if p.publication.status == "draft" and p.publication.organization
    )
    assert draft.publication.organization != waiting.publication.organization
    assert client.get(draft.thumbnail.url).status_code == 404  # the anonymous
    client.force_login(draft.publication.author)  # the PPO's officer, in the cabinet
    assert client.get(draft.thumbnail.url).status_code == 200
    assert client.get(waiting.thumbnail.url).status_code == 404  # another PPO's
    client.force_login(get_user_model().objects.filter(is_staff=True, is_active=True).first())
    assert client.get(waiting.thumbnail.url).status_code == 200  # staff, in moderation

    # News across the years of the programme, for most PPOs, with gaps for a couple of them.
    published = Publication.objects.filter(status="published", organization__isnull=False)
    per_year = dict(
        published.annotate(year=ExtractYear("approved_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    assert per_year.get(2024, 0) >= 50 and per_year.get(2025, 0) >= 50 and per_year.get(2026, 0)
    ppos_2025 = published.filter(approved_at__year=2025).values("organization").distinct()
    assert ppos_2025.count() >= 10
    assert published.exclude(vk_url="").exists() and published.exclude(telegram_url="").exists()
    assert published.filter(published_at__isnull=False).count() == published.count()
    assert all(
        p.submitted_at < p.approved_at <= p.published_at
        for p in published.filter(approved_at__year=2025)
    )

    # The Presidium dashboard of 2025 then says «нет публикаций 2 мес.» for some PPOs only.
    from programme.selectors import ppo_signals

    rows = ppo_signals(2025, today=dt.date(2026, 11, 26))
    flags = {
        row.organization.slug: next(s.value for s in row.signals if s.code == "no_publications")
        for row in rows
    }
    assert flags["shumerlya-mmc"] is True and flags["vurnary-crb"] is True  # the gaps
    assert flags["rkb"] is False
    assert 2 <= sum(1 for value in flags.values() if value) <= len(flags) // 2

    # News as if cross-posted: links kept, one failure to retry (marked демо), no request made.
    from publications.models import CrossPost

    crossposts = CrossPost.objects.all()
    assert set(crossposts.values_list("status", flat=True)) == {"posted", "failed"}
    assert crossposts.filter(publication__organization__isnull=True).count() == 2
    assert crossposts.filter(publication__organization__isnull=False, status="posted").count() == 2
    assert crossposts.get(status="failed").error.endswith("(демо)")
    assert not crossposts.filter(status="posted", url="").exists()
