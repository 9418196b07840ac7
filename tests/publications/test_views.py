"""Publication pages: the officer's form with photos, scoping, moderation, the public feed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import pagecache
from publications.models import Publication, PublicationPhoto
from tests.factories import OrganizationFactory
from tests.publications.factories import image_bytes, publication_in_state, upload

Status = Publication.Status
pytestmark = pytest.mark.django_db


def make(world, status, organization=None, **kwargs):
    organization = organization or world.org_a
    author = world.officer_a if organization == world.org_a else world.officer_b
    return publication_in_state(
        status, organization=organization, author=author, staff=world.staff, **kwargs
    )


def form_data(**overrides):
    data = {
        "title": "День медицинской сестры",
        "lead": "Профком поздравил медсестёр больницы.",
        "body": "Вручили грамоты.\n\nСпели песни.",
        "event_date": "2025-05-12",
        "category": "events",
        "vk_url": "",
        "telegram_url": "",
        "photo_credit": "Фото профкома",
        "action": "save",
    }
    data.update(overrides)
    return data


REJECTED = [
    ("notes.jpg", b"plain text" * 20, "не является изображением"),
    ("anim.gif", None, "в формате GIF"),
    ("photo.jpg", "PNG", "по содержимому — PNG"),
    ("big.png", "BIG", "допускается не больше"),
    ("heavy.jpg", "HEAVY", "весит"),
]


def _bad_file(name, content, settings):
    if content == "PNG":
        return upload(name, content=image_bytes("PNG"))
    if content == "BIG":
        settings.PORTAL_IMAGE_MAX_PIXELS = 5000
        return upload(name, "PNG", size=(100, 100))
    if content == "HEAVY":
        settings.PORTAL_IMAGE_MAX_BYTES = 1024
        return upload(name, content=image_bytes("JPEG", size=(300, 300)) + b"0" * 2048)
    if content is None:
        import io

        from PIL import Image

        gif = io.BytesIO()
        Image.new("RGB", (8, 8)).save(gif, "GIF")
        return upload(name, content=gif.getvalue())
    return upload(name, content=content)


@pytest.mark.parametrize(("name", "content", "message"), REJECTED)
def test_rejected_photo_keeps_text_and_other_photos(
    client, world, settings, name, content, message, django_capture_on_commit_callbacks
):
    client.force_login(world.officer_a)
    bad = _bad_file(name, content, settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("publications:create"),
            {**form_data(), "photos": [upload("good.jpg"), bad]},
            follow=True,
        )
    publication = Publication.objects.get()
    assert publication.title == "День медицинской сестры"
    assert publication.status == Status.DRAFT
    assert list(publication.photos.values_list("original_name", flat=True)) == ["good.jpg"]
    assert response.redirect_chain[-1][0] == reverse("publications:update", args=[publication.pk])
    page = response.content.decode()
    assert f"«{name}»" in page and message in page
    assert 'value="День медицинской сестры"' in page
    # The message is next to the photo field and shown only once.
    assert response.context["form"].errors["photos"]
    assert f"«{name}»" not in client.get(response.redirect_chain[-1][0]).content.decode()


def test_officer_writes_submits_and_sees_the_comment(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("publications:create"), form_data(action="submit"))
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert publication.status == Status.SUBMITTED
    assert publication.body == "<p>Вручили грамоты.</p><p>Спели песни.</p>"
    client.force_login(world.staff)
    client.post(
        reverse("publications:request_changes", args=[publication.pk]),
        {"changes-comment": "Добавьте фото с вручения."},
    )
    client.force_login(world.officer_a)
    page = client.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert "Нужны правки" in page and "Добавьте фото с вручения." in page


def test_incomplete_submit_comes_back_with_messages_at_fields(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:create"), form_data(lead="", action="submit"), follow=True
    )
    publication = Publication.objects.get()
    assert publication.status == Status.DRAFT
    assert "Напишите анонс" in str(response.context["form"].errors["lead"])


def test_officer_b_never_sees_or_changes_a_drafts(client, world):
    draft = make(world, "draft")
    photo = PublicationPhoto.objects.create(
        publication=draft, image="x.jpg", width=1, height=1, caption="А"
    )
    client.force_login(world.officer_b)
    for name in ("detail", "update"):
        assert client.get(reverse(f"publications:{name}", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("publications:update", args=[draft.pk]), form_data()).status_code == 404
    )
    assert client.post(reverse("publications:submit", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("publications:list")).content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.title == "Субботник в больничном парке"
    # B's own draft with a crafted photo form pointing at A's photo: A's photo is untouched.
    own = make(world, "draft", organization=world.org_b)
    client.post(
        reverse("publications:update", args=[own.pk]),
        {
            **form_data(),
            "photo-TOTAL_FORMS": "1",
            "photo-INITIAL_FORMS": "1",
            "photo-0-id": str(photo.pk),
            "photo-0-caption": "взломано",
            "photo-0-order": "1",
        },
    )
    photo.refresh_from_db()
    assert photo.caption == "А"


def test_officer_cannot_moderate_by_crafted_post(client, world):
    publication = make(world, "submitted")
    client.force_login(world.officer_a)
    response = client.post(reverse("publications:approve", args=[publication.pk]))
    assert response.status_code == 403
    publication.refresh_from_db()
    assert publication.status == Status.SUBMITTED


def test_officer_cannot_edit_under_review_by_crafted_post(client, world):
    publication = make(world, "submitted")
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:update", args=[publication.pk]), form_data(title="Подмена")
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title != "Подмена"
    response = client.post(reverse("publications:submit", args=[publication.pk]), follow=True)
    assert "Нельзя отправить на модерацию" in response.content.decode()


def test_illegal_moderation_post_changes_nothing(client, world):
    publication = make(world, "published")
    client.force_login(world.staff)
    response = client.post(
        reverse("publications:reject", args=[publication.pk]),
        {"reject-comment": "Поздно"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Нельзя отклонить" in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED


def test_staff_approve_at_a_time_and_chro_news(client, world):
    publication = make(world, "submitted")
    client.force_login(world.staff)
    response = client.post(
        reverse("publications:approve", args=[publication.pk]),
        {"publish_at": f"{timezone.localdate().year + 1}-05-01T10:00"},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == Status.APPROVED
    assert publication.publish_at.year == timezone.localdate().year + 1
    client.post(
        reverse("publications:staff_create"), form_data(title="Новость ЧРО", action="submit")
    )
    own = Publication.objects.get(title="Новость ЧРО")
    assert own.organization is None and own.status == Status.SUBMITTED


def _published_batch(world, count, organization):
    for index in range(count):
        publication = publication_in_state(
            "published",
            organization=organization,
            author=world.staff,
            staff=world.staff,
            title=f"Новость {index}",
        )
        PublicationPhoto.objects.create(
            publication=publication,
            image="a.jpg",
            width=1,
            height=1,
            thumbnail="t.jpg",
            web="w.jpg",
        )


def test_feed_queries_do_not_grow(client, world, django_assert_max_num_queries):
    ppo_page = world.org_a.get_absolute_url()
    _published_batch(world, 2, world.org_a)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("publications:news")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(ppo_page).status_code == 200
    _published_batch(world, 9, OrganizationFactory())
    _published_batch(world, 6, world.org_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("publications:news"))
    assert len(response.context["publications"]) == 10
    # + 1: the feed's title names the organization (its record, read once per request).
    with django_assert_max_num_queries(4):
        assert client.get(reverse("publications:news_feed")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(ppo_page).status_code == 200


def test_queue_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    make(world, "submitted")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("publications:queue")).status_code == 200
    for index in range(10):
        make(world, "submitted", title=f"В очереди {index}")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("publications:queue"))
    assert len(response.context["queue"]) == 11
    titles = [p.title for p in response.context["queue"]]
    assert titles[0] == "Субботник в больничном парке"  # oldest first


def test_feed_filters_search_and_detail(client, world):
    first = make(world, "published", title="Турнир по волейболу", category="sport_culture")
    make(
        world,
        "published",
        organization=world.org_b,
        title="Проверка рабочих мест",
        category="labour_safety",
        body="Проверили рабочие места медицинских сестёр.",
    )
    make(world, "submitted", title="Ещё не опубликовано")
    news = reverse("publications:news")
    page = client.get(news).content.decode()
    assert "Турнир по волейболу" in page and "Ещё не опубликовано" not in page
    assert (
        "Проверка рабочих мест" not in client.get(news, {"ppo": world.org_a.slug}).content.decode()
    )
    by_category = client.get(news, {"category": "labour_safety"}).content.decode()
    assert "Проверка рабочих мест" in by_category and "Турнир" not in by_category
    # Russian full-text search finds other word forms («рабочее место» in «рабочих мест»).
    found = client.get(news, {"q": "рабочее место"}).content.decode()
    assert "Проверка рабочих мест" in found and "Турнир" not in found
    month = first.published_at.astimezone(dt.UTC).strftime("%Y-%m")
    assert "Турнир" in client.get(news, {"month": month}).content.decode()

    detail = client.get(first.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Турнир по волейболу">' in detail
    assert world.org_a.get_absolute_url() in detail
    hidden = Publication.objects.get(title="Ещё не опубликовано")
    assert client.get(reverse("publications:news_detail", args=[hidden.pk])).status_code == 404
    rss = client.get(reverse("publications:news_feed")).content.decode()
    assert "Турнир по волейболу" in rss and "Ещё не опубликовано" not in rss
    ppo_page = client.get(world.org_a.get_absolute_url()).content.decode()
    assert "Турнир по волейболу" in ppo_page and "Проверка рабочих мест" not in ppo_page


def test_news_shows_renditions_and_links_the_original(
    client, world, django_capture_on_commit_callbacks
):
    publication = make(world, "draft")
    from publications import services

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_add_photos(
            user=world.officer_a, publication=publication, files=[upload("a.jpg", size=(900, 600))]
        )
    services.publication_submit(user=world.officer_a, publication=publication)
    services.publication_approve(user=world.staff, publication=publication)
    photo = publication.photos.get()
    detail = client.get(publication.get_absolute_url()).content.decode()
    assert photo.web.url in detail and f'href="{photo.image.url}"' in detail
    assert f'src="{photo.image.url}"' not in detail
    assert f'og:image" content="http://testserver{photo.web.url}"' in detail
    assert photo.thumbnail.url in client.get(reverse("publications:news")).content.decode()


WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.django_db
def test_scheduled_news_is_shown_by_its_time_and_no_public_get_writes(client, world):
    """No beat has run yet: a news approved for a moment that has come is public on every page
    (dated by that moment), and opening those pages writes nothing to the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publications import services

    publication = publication_in_state(
        "approved", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    detail = reverse("publications:news_detail", args=[publication.pk])
    assert publication.title not in client.get(reverse("publications:news")).content.decode()
    assert client.get(detail).status_code == 404  # scheduled for 2100: not yet
    moment = dt.datetime(2025, 1, 1, 9, 30, tzinfo=dt.UTC)  # 01.01.2025 12:30 in Moscow
    Publication.objects.filter(pk=publication.pk).update(publish_at=moment)
    # A queryset update sends no signal (the services save): say the news pages changed.
    pagecache.bump("news")
    pages = [
        reverse("publications:news"),
        reverse("publications:news") + "?month=2025-01",
        reverse("publications:news") + f"?ppo={world.org_a.slug}",
        detail,
        reverse("publications:news_feed"),
        reverse("publications:news_atom"),
        "/",
        reverse("ppo:organization_detail", args=[world.org_a.slug]),
    ]
    with CaptureQueriesContext(connection) as queries:
        bodies = {url: client.get(url).content.decode() for url in pages}
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    for url, body in bodies.items():
        assert publication.title in body, url
    assert "01.01.2025" in bodies[pages[0]]
    assert "1 января 2025" in bodies[detail]
    assert "Wed, 01 Jan 2025 09:30:00 +0000" in bodies[reverse("publications:news_feed")]
    publication.refresh_from_db()
    assert publication.status == Publication.Status.APPROVED
    # Beat publishes it keeping its moment: the date on the pages does not jump.
    assert services.publication_publish_due() == 1
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert publication.published_at == moment
    assert client.get(reverse("publications:news")).content.decode().count(publication.title) == 1
