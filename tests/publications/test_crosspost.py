"""Cross-posting approved news to the ЧРО's VK wall and Telegram channel (local fake servers),
and the status of a publication's own VK/Telegram links."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from publications import services
from publications.models import CrossPost, Publication
from tests.integrations.fakes import FakeServer, json_answer
from tests.publications.factories import publication_in_state, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings):
    server = FakeServer().start()
    settings.OUTBOUND_ALLOWED_PRIVATE = [f"127.0.0.1:{server.port}"]
    settings.OUTBOUND_API_HOSTS = []
    settings.OUTBOUND_BACKOFF_SECONDS = 0.01
    settings.OUTBOUND_TIMEOUT_SECONDS = 2
    settings.VK_API_URL = server.url + "/vk/method/"
    settings.TELEGRAM_API_URL = server.url + "/tg/"
    settings.VK_SERVICE_TOKEN = "service-token"
    settings.VK_COMMUNITY_TOKEN, settings.VK_COMMUNITY_ID = "admin-token", 5
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_CHANNEL = "123:bot", "@chro_news"
    settings.PORTAL_BASE_URL = "https://profchr.example"
    server.routes.update(
        {
            "/vk/method/photos.getWallUploadServer": json_answer(
                {"response": {"upload_url": server.url + "/upload"}}
            ),
            "/upload": json_answer({"server": 1, "photo": "[]", "hash": "h"}),
            "/vk/method/photos.saveWallPhoto": json_answer(
                {"response": [{"owner_id": -5, "id": 77}]}
            ),
            "/vk/method/wall.post": json_answer({"response": {"post_id": 31}}),
            "/tg/bot123:bot/sendPhoto": json_answer({"ok": True, "result": {"message_id": 44}}),
        }
    )
    yield server
    server.stop()


def paths(server) -> list[str]:
    return [request["path"] for request in server.requests]


@pytest.fixture
def submitted(world):
    publication = publication_in_state(
        "submitted", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    publication.status = Publication.Status.DRAFT  # photos are added by the author while drafting
    publication.save(update_fields=["status"])
    services.publication_add_photos(
        user=world.officer_a, publication=publication, files=[upload("первое.jpg")]
    )
    publication.status = Publication.Status.SUBMITTED
    publication.save(update_fields=["status"])
    return publication


def approve(client, publication, **data):
    return client.post(reverse("publications:approve", args=[publication.pk]), data)


def test_approved_news_is_cross_posted_after_commit_and_links_stored(
    client, world, fake, submitted, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = approve(client, submitted, crosspost="on")
        # Nothing has left the portal yet: the task waits for the approval's commit.
        assert fake.requests == []
        assert set(submitted.crossposts.values_list("status", flat=True)) == {"waiting"}
    assert response.status_code == 302
    assert len(callbacks) >= 1
    submitted.refresh_from_db()
    assert submitted.status == Publication.Status.PUBLISHED
    links = dict(submitted.crossposts.values_list("platform", "url"))
    assert links == {"vk": "https://vk.com/wall-5_31", "telegram": "https://t.me/chro_news/44"}
    assert set(submitted.crossposts.values_list("status", flat=True)) == {"posted"}
    wall = next(r for r in fake.requests if r["path"] == "/vk/method/wall.post")["form"]
    link = f"https://profchr.example/news/{submitted.pk}/"
    assert wall["message"].startswith("Субботник в больничном парке\n\nСотрудники больницы")
    assert wall["attachments"] == f"photo-5_77,{link}"
    assert wall["access_token"] == "admin-token"
    photo = next(r for r in fake.requests if r["path"] == "/tg/bot123:bot/sendPhoto")["raw"]
    assert link.encode() in photo and "Субботник".encode() in photo
    # The moderation page shows the links.
    page = client.get(reverse("publications:review", args=[submitted.pk])).content.decode()
    assert 'href="https://vk.com/wall-5_31"' in page
    assert 'href="https://t.me/chro_news/44"' in page
    assert "Повторить отправку" not in page


def test_without_the_box_nothing_is_posted(
    client, world, fake, submitted, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert approve(client, submitted).status_code == 302
    assert not CrossPost.objects.exists()
    assert fake.requests == []


def test_the_box_follows_the_setting(client, world, fake, submitted, settings):
    client.force_login(world.staff)
    url = reverse("publications:review", args=[submitted.pk])
    settings.CROSSPOST_DEFAULT = True
    box = re.search(r"<input[^>]*name=\"crosspost\"[^>]*>", client.get(url).content.decode())[0]
    assert "checked" in box
    settings.CROSSPOST_DEFAULT = False
    box = re.search(r"<input[^>]*name=\"crosspost\"[^>]*>", client.get(url).content.decode())[0]
    assert "checked" not in box
    assert "ВКонтакте ЧРО, Telegram-канал ЧРО" in client.get(url).content.decode()


def test_without_tokens_the_box_is_off_and_says_why(client, world, submitted, settings):
    settings.VK_COMMUNITY_TOKEN = settings.TELEGRAM_BOT_TOKEN = ""
    client.force_login(world.staff)
    page = client.get(reverse("publications:review", args=[submitted.pk])).content.decode()
    box = re.search(r"<input[^>]*name=\"crosspost\"[^>]*>", page)[0]
    assert "disabled" in box
    assert "Не настроено: нужны токен администратора сообщества ВКонтакте" in page
    assert approve(client, submitted, crosspost="on").status_code == 302
    assert not CrossPost.objects.exists()


def test_a_failure_is_shown_and_staff_retry_only_what_failed(
    client, world, fake, submitted, django_capture_on_commit_callbacks
):
    fake.routes["/vk/method/wall.post"] = json_answer(
        {"error": {"error_code": 5, "error_msg": "User authorization failed"}}
    )
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, submitted, crosspost="on")
    vk = submitted.crossposts.get(platform="vk")
    assert (vk.status, vk.error, vk.url) == (
        "failed",
        "Токен ВКонтакте недействителен или отозван.",
        "",
    )
    review = reverse("publications:review", args=[submitted.pk])
    page = client.get(review).content.decode()
    assert "не удалось: Токен ВКонтакте недействителен или отозван." in page
    assert "Повторить отправку" in page
    queue = client.get(reverse("publications:queue")).content.decode()
    assert "Не удалось опубликовать в соцсетях ЧРО" in queue
    assert "Токен ВКонтакте недействителен или отозван." in queue

    fake.routes["/vk/method/wall.post"] = json_answer({"response": {"post_id": 32}})
    sent_to_telegram = paths(fake).count("/tg/bot123:bot/sendPhoto")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publications:crosspost_retry", args=[submitted.pk]))
    assert response["Location"] == review
    vk.refresh_from_db()
    assert (vk.status, vk.url, vk.error, vk.attempts) == (
        "posted",
        "https://vk.com/wall-5_32",
        "",
        2,
    )
    assert paths(fake).count("/tg/bot123:bot/sendPhoto") == sent_to_telegram  # not twice
    queue = client.get(reverse("publications:queue")).content.decode()
    assert "Не удалось опубликовать" not in queue


def test_scheduled_news_is_cross_posted_when_it_goes_live(
    world, fake, submitted, django_capture_on_commit_callbacks
):
    moment = dt.datetime(2100, 1, 1, 9, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_approve(
            user=world.staff, publication=submitted, publish_at=moment, crosspost=True
        )
    assert fake.requests == []
    assert set(submitted.crossposts.values_list("status", flat=True)) == {"waiting"}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publication_publish_due(now=moment + dt.timedelta(minutes=1)) == 1
    assert set(submitted.crossposts.values_list("status", flat=True)) == {"posted"}


def test_retry_before_publication_is_refused(world, fake, submitted):
    services.publication_approve(
        user=world.staff,
        publication=submitted,
        publish_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
        crosspost=True,
    )
    with pytest.raises(Exception, match="когда публикация уже в ленте"):
        services.publication_crosspost_retry(user=world.staff, publication=submitted)
    with pytest.raises(Exception, match="аппарат ЧРО"):
        services.publication_crosspost_retry(user=world.officer_a, publication=submitted)


def test_links_of_the_publication_are_checked_in_russian(client, world, fake, submitted):
    fake.routes["/vk/method/wall.getById"] = lambda r: (
        200,
        {},
        {"response": {"items": [{"id": 1}] if r["form"]["posts"] == "-5_12" else []}},
    )
    Publication.objects.filter(pk=submitted.pk).update(
        vk_url="https://vk.com/wall-5_12", telegram_url="https://t.me/prof_chan/8"
    )
    client.force_login(world.staff)
    page = client.get(reverse("publications:review", args=[submitted.pk])).content.decode()
    assert "Запись ВКонтакте найдена." in page
    assert "Пост Telegram не найден среди постов, которые видел бот портала." in page

    Publication.objects.filter(pk=submitted.pk).update(
        status=Publication.Status.DRAFT, vk_url="https://vk.com/wall-5_13"
    )
    client.force_login(world.officer_a)
    form = client.get(reverse("publications:update", args=[submitted.pk])).content.decode()
    assert "Проверка сохранённой ссылки: Запись ВКонтакте не найдена: проверьте ссылку." in form
    detail = client.get(reverse("publications:detail", args=[submitted.pk])).content.decode()
    assert "Запись ВКонтакте не найдена: проверьте ссылку." in detail
