"""Social-network posts, link checks, cross-posting and union page monitoring (fake servers)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from integrations import telegram, vk
from integrations.errors import IntegrationError
from integrations.models import SocialPost, UnionPageCheck
from integrations.services import (
    social_link_check,
    telegram_updates_poll,
    union_page_check,
    vk_posts_collect,
)
from integrations.tasks import check_union_pages
from portal.metrics import registry
from portal.periods import Period
from ppo.models import Channel
from tests.factories import ChannelFactory, OrganizationFactory, SubscriberCountFactory
from tests.integrations.fakes import endless, json_answer

pytestmark = pytest.mark.django_db

NOW = int(dt.datetime(2025, 3, 15, 12, tzinfo=dt.UTC).timestamp())
DAY = 86400


def wall(request):
    offset = int(request["form"].get("offset", 0))
    items = [
        {
            "id": 90,
            "owner_id": -5,
            "date": NOW - 300 * DAY,
            "is_pinned": 1,
            "likes": {"count": 1},
            "reposts": {"count": 0},
            "views": {"count": 9},
        },
        {
            "id": 12,
            "owner_id": -5,
            "date": NOW,
            "text": "Семинар",
            "likes": {"count": 10},
            "reposts": {"count": 2},
            "views": {"count": 300},
        },
        {
            "id": 11,
            "owner_id": -5,
            "date": NOW - DAY,
            "likes": {"count": 6},
            "reposts": {"count": 0},
            "views": {"count": 100},
        },
        {
            "id": 3,
            "owner_id": -5,
            "date": NOW - 40 * DAY,
            "likes": {"count": 50},
            "reposts": {"count": 5},
            "views": {"count": 900},
        },
    ]
    return 200, {}, {"response": {"count": 4, "items": items if offset == 0 else []}}


def test_vk_posts_of_a_period_with_counters_and_metrics(fake):
    fake.routes["/vk/method/wall.get"] = wall
    organization = OrganizationFactory()
    channel = ChannelFactory(organization=organization, url="https://vk.com/club5")
    SubscriberCountFactory(channel=channel, date=dt.date(2025, 3, 1), count=200)
    since = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    assert vk_posts_collect(channel=channel, since=since, until=since + dt.timedelta(days=31)) == 2
    post = SocialPost.objects.get(channel=channel, external_id="12")
    assert (post.url, post.views, post.likes, post.reposts) == (
        "https://vk.com/wall-5_12",
        300,
        10,
        2,
    )
    assert fake.requests[0]["form"]["owner_id"] == "-5"

    march = Period.month(2025, 3)
    ids = [organization.pk, OrganizationFactory().pk]
    assert registry.get("integrations.social_posts").values(march, ids) == {ids[0]: 2, ids[1]: 0}
    assert registry.get("integrations.engagement_per_post").values(march, ids) == {ids[0]: 9.0}
    # (10 + 2 + 6) / 200 subscribers = 9 %
    assert registry.get("integrations.engagement_per_subscriber").values(march, ids) == {
        ids[0]: 9.0
    }
    assert registry.get("integrations.engagement_per_subscriber").total(march, ids) == 9.0


def test_post_metrics_keep_constant_queries():
    march = Period.month(2025, 3)
    for size in (2, 20):
        ids = []
        for _ in range(size):
            channel = ChannelFactory()
            SocialPost.objects.create(
                channel=channel,
                external_id="1",
                url="https://vk.com/wall-1_1",
                posted_at=dt.datetime(2025, 3, 2, tzinfo=dt.UTC),
                likes=1,
                reposts=1,
            )
            ids.append(channel.organization_id)
        with CaptureQueriesContext(connection) as queries:
            registry.get("integrations.engagement_per_subscriber").values(march, ids)
            registry.get("integrations.social_posts").values(march, ids)
        assert len(queries) <= 4


def test_telegram_channel_posts_seen_by_polling(fake):
    channel = ChannelFactory(platform=Channel.Platform.TELEGRAM, url="https://t.me/prof_chan")
    updates = [
        {
            "update_id": 50,
            "channel_post": {
                "message_id": 7,
                "date": NOW,
                "text": "Новость",
                "chat": {"id": -100, "username": "prof_chan"},
            },
        },
        {
            "update_id": 51,
            "channel_post": {
                "message_id": 1,
                "date": NOW,
                "chat": {"id": -200, "username": "someone_else"},
            },
        },
    ]
    fake.routes["/tg/bot123:bot/getUpdates"] = json_answer({"ok": True, "result": updates})
    assert telegram_updates_poll() == 1
    assert SocialPost.objects.get(channel=channel).url == "https://t.me/prof_chan/7"
    telegram_updates_poll()
    assert fake.requests[-1]["form"]["offset"] == "52"  # confirmed: not read twice
    assert social_link_check("https://t.me/prof_chan/7") == (
        "Пост Telegram найден (его видел бот портала)."
    )
    assert "не найден" in social_link_check("https://t.me/prof_chan/8")


def test_vk_link_check(fake):
    fake.routes["/vk/method/wall.getById"] = lambda r: (
        200,
        {},
        {"response": {"items": [{"id": 1}] if r["form"]["posts"] == "-5_12" else []}},
    )
    assert social_link_check("https://vk.com/wall-5_12") == "Запись ВКонтакте найдена."
    assert social_link_check("https://vk.com/club5?w=wall-5_13") == (
        "Запись ВКонтакте не найдена: проверьте ссылку."
    )
    assert social_link_check("https://example.org/x") == (
        "Это не ссылка на запись ВКонтакте или пост Telegram."
    )


def test_cross_posting_to_vk_with_photo(fake, settings):
    settings.VK_COMMUNITY_TOKEN, settings.VK_COMMUNITY_ID = "admin-token", 5
    fake.routes["/vk/method/photos.getWallUploadServer"] = json_answer(
        {"response": {"upload_url": fake.url + "/upload"}}
    )
    fake.routes["/upload"] = json_answer({"server": 1, "photo": "[]", "hash": "h"})
    fake.routes["/vk/method/photos.saveWallPhoto"] = json_answer(
        {"response": [{"owner_id": -5, "id": 77}]}
    )
    fake.routes["/vk/method/wall.post"] = json_answer({"response": {"post_id": 31}})
    url = vk.wall_post("Текст новости", ("photo.jpg", b"\xff\xd8jpeg"), "https://portal/news/1/")
    assert url == "https://vk.com/wall-5_31"
    posted = fake.requests[-1]["form"]
    assert (posted["access_token"], posted["owner_id"], posted["message"]) == (
        "admin-token",
        "-5",
        "Текст новости",
    )
    assert posted["attachments"] == "photo-5_77,https://portal/news/1/"


def test_cross_posting_without_admin_token_is_refused(fake):
    with pytest.raises(IntegrationError, match="токен администратора"):
        vk.wall_post("Текст")


def test_cross_posting_to_telegram(fake, settings):
    settings.TELEGRAM_CHANNEL = "@chro_news"
    fake.routes["/tg/bot123:bot/sendPhoto"] = json_answer(
        {"ok": True, "result": {"message_id": 44}}
    )
    url = telegram.send_post("Новость", ("p.jpg", b"jpeg"), "https://portal/news/1/")
    assert url == "https://t.me/chro_news/44"
    assert b"https://portal/news/1/" in fake.requests[0]["raw"]


PAGE = """<html><head><script>var t = Date.now()</script></head><body><nav>Меню</nav>
<h1>Первичная профсоюзная организация</h1><p>{news}</p></body></html>"""


def test_union_page_monitor_records_state_and_change(fake):
    content = {"news": "Собрание 12.02.2025. Отчёт 3 марта 2025 года."}
    fake.routes["/prof"] = lambda r: (301, {"Location": "/profsoyuz/"}, b"")
    fake.routes["/profsoyuz/"] = lambda r: (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        PAGE.format(**content),
    )
    organization = OrganizationFactory(union_page_url=fake.url + "/prof")
    check = union_page_check(organization=organization)
    assert (check.status, check.http_status, check.final_url) == (
        "ok",
        200,
        fake.url + "/profsoyuz/",
    )
    assert check.newest_item_date == dt.date(2025, 3, 3)
    first_change = check.content_changed_at
    union_page_check(organization=organization)
    check.refresh_from_db()
    assert check.content_changed_at == first_change  # same text: not changed
    content["news"] = "Собрание 20.03.2025."
    union_page_check(organization=organization)
    check.refresh_from_db()
    assert check.content_changed_at > first_change
    assert check.newest_item_date == dt.date(2025, 3, 20)


@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/", "http://10.0.0.1/"])
def test_monitor_refuses_redirect_to_private_addresses(fake, target):
    fake.routes["/prof"] = lambda r: (302, {"Location": target.format(port=fake.port + 1)}, b"")
    organization = OrganizationFactory(union_page_url=fake.url + "/prof")
    check = union_page_check(organization=organization)
    assert check.status == UnionPageCheck.Status.BLOCKED
    assert "внутреннюю сеть" in check.error


def test_monitor_records_http_errors_huge_and_slow_pages(fake, settings):
    settings.OUTBOUND_MAX_BYTES = 50_000
    settings.OUTBOUND_TIMEOUT_SECONDS = 0.3
    settings.OUTBOUND_RETRIES = 0
    fake.routes["/gone"] = lambda r: (404, {}, b"nope")
    fake.routes["/huge"] = endless()

    def slow(request):
        import time

        time.sleep(1)
        return 200, {}, b"late"

    fake.routes["/slow"] = slow
    orgs = {
        path: OrganizationFactory(union_page_url=fake.url + path)
        for path in ("/gone", "/huge", "/slow")
    }
    summary = check_union_pages.apply().get()
    assert summary == {"http_error": 1, "unreachable": 2}
    assert UnionPageCheck.objects.get(organization=orgs["/gone"]).error == "Сайт ответил кодом 404."
    assert "больше допустимого" in UnionPageCheck.objects.get(organization=orgs["/huge"]).error
    assert "не ответил вовремя" in UnionPageCheck.objects.get(organization=orgs["/slow"]).error


def test_staff_table_lists_stale_pages_first(client, world):
    now = timezone.now()
    fresh = OrganizationFactory(short_name="Свежая", union_page_url="https://a.example/p")
    stale = OrganizationFactory(short_name="Старая", union_page_url="https://b.example/p")
    broken = OrganizationFactory(short_name="Сломанная", union_page_url="https://c.example/p")
    for organization, status, changed in (
        (fresh, "ok", now),
        (stale, "ok", now - dt.timedelta(days=400)),
        (broken, "http_error", None),
    ):
        UnionPageCheck.objects.create(
            organization=organization,
            url=organization.union_page_url,
            status=status,
            checked_at=now,
            content_changed_at=changed,
        )
    client.force_login(world.staff)
    html = client.get(reverse("integrations:union_pages")).content.decode()
    assert html.index("Сломанная") < html.index("Старая") < html.index("Свежая")
    assert "давно не обновлялась" in html
    values = registry.get("integrations.union_page_current").values(
        Period.current_month(), [fresh.pk, stale.pk, broken.pk]
    )
    assert values == {fresh.pk: 1, stale.pk: 0, broken.pk: 0}
