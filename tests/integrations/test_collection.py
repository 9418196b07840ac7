"""Subscriber counts collected from the fake VK and Telegram APIs."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.models import ChannelCollection
from integrations.services import subscriber_count_collect
from integrations.tasks import collect_subscriber_counts
from portal.metrics import registry
from portal.periods import Period
from ppo.models import Channel, SubscriberCount
from tests.factories import ChannelFactory, OrganizationFactory, SubscriberCountFactory
from tests.integrations.fakes import json_answer

pytestmark = pytest.mark.django_db


def vk_groups(request):
    name = request["form"]["group_id"]
    if request["form"].get("access_token") != "service-token":
        return 200, {}, {"error": {"error_code": 5, "error_msg": "User authorization failed"}}
    if name == "closed_club":
        return 200, {}, {"response": {"groups": [{"id": 7, "is_closed": 1}]}}
    if name == "missing_club":
        return 200, {}, {"error": {"error_code": 100, "error_msg": "group_id is undefined"}}
    if name == "busy_club":
        return 200, {}, {"error": {"error_code": 6, "error_msg": "Too many requests per second"}}
    return 200, {}, {"response": {"groups": [{"id": 1, "name": name, "members_count": 1234}]}}


def tg_count(request):
    chat = request["form"]["chat_id"]
    if chat == "@missing_chan":
        return (
            400,
            {},
            {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
        )
    if chat == "@busy_chan":
        return (
            429,
            {"Retry-After": "1"},
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            },
        )
    return 200, {}, {"ok": True, "result": 321}


@pytest.fixture
def apis(fake):
    fake.routes["/vk/method/groups.getById"] = vk_groups
    fake.routes["/tg/bot123:bot/getChatMemberCount"] = tg_count
    return fake


def vk(name, **kwargs):
    return ChannelFactory(platform=Channel.Platform.VK, url=f"https://vk.com/{name}", **kwargs)


def tg(name, **kwargs):
    return ChannelFactory(platform=Channel.Platform.TELEGRAM, url=f"https://t.me/{name}", **kwargs)


def test_beat_run_collects_every_api_channel_and_records_failures(apis):
    good_vk, good_tg = vk("prof_rkb"), tg("prof_rkb_chan")
    closed, missing, busy = vk("closed_club"), vk("missing_club"), vk("busy_club")
    tg_missing, tg_busy = tg("missing_chan"), tg("busy_chan")
    ChannelFactory(platform=Channel.Platform.ODNOKLASSNIKI, url="https://ok.ru/group/1")
    vk("retired_club", retired_on=dt.date(2024, 1, 1))

    summary = collect_subscriber_counts.apply().get()

    assert summary == {"ok": 2, "manual_kept": 0, "failed": 5}
    today = timezone.localdate()
    assert SubscriberCount.objects.get(channel=good_vk, date=today).count == 1234
    tg_count_row = SubscriberCount.objects.get(channel=good_tg, date=today)
    assert (tg_count_row.count, tg_count_row.source) == (321, "api")
    assert tg_count_row.collected_at is not None
    reasons = {c.channel_id: c.error for c in ChannelCollection.objects.filter(status="failed")}
    assert "закрыто" in reasons[closed.pk]
    assert reasons[missing.pk] == "Сообщество ВКонтакте не найдено."
    assert "лимит запросов" in reasons[busy.pk]
    assert reasons[tg_missing.pk] == "Канал или группа Telegram не найдены."
    assert "лимит запросов" in reasons[tg_busy.pk]
    # VK error 6 and Telegram 429 were retried with backoff (1 + OUTBOUND_RETRIES attempts).
    busy_calls = [r for r in apis.requests if r["form"].get("group_id") == "busy_club"]
    assert len(busy_calls) == 3
    tg_busy_calls = [r for r in apis.requests if r["form"].get("chat_id") == "@busy_chan"]
    assert len(tg_busy_calls) == 3
    # No channel outside VK/Telegram, and no retired one, was asked about.
    assert not [r for r in apis.requests if r["form"].get("group_id") == "retired_club"]


def test_indicator_1_moves_with_collected_counts(apis):
    organization = OrganizationFactory()
    channel = vk("prof_rkb", organization=organization)
    SubscriberCountFactory(channel=channel, date=dt.date(2020, 1, 1), count=10)
    period = Period.current_month()
    metric = registry.get("ppo.subscribers")
    before = metric.values(period, [organization.pk])[organization.pk]
    subscriber_count_collect(channel=channel)
    assert (before, metric.values(period, [organization.pk])[organization.pk]) == (10, 1234)


def test_manual_count_of_the_day_is_kept_and_api_value_set_aside(apis):
    channel = vk("prof_rkb")
    SubscriberCountFactory(channel=channel, date=timezone.localdate(), count=999)
    collection = subscriber_count_collect(channel=channel)
    assert collection.status == ChannelCollection.Status.MANUAL_KEPT
    assert collection.api_count == 1234
    record = SubscriberCount.objects.get(channel=channel, date=timezone.localdate())
    assert (record.count, record.source) == (999, "manual")


def test_second_api_collection_of_the_day_updates_the_api_count(apis):
    channel = tg("prof_rkb_chan")
    subscriber_count_collect(channel=channel)
    apis.routes["/tg/bot123:bot/getChatMemberCount"] = json_answer({"ok": True, "result": 400})
    subscriber_count_collect(channel=channel)
    assert SubscriberCount.objects.get(channel=channel).count == 400


def test_missing_token_is_a_russian_reason_without_any_request(apis, settings):
    settings.VK_SERVICE_TOKEN = ""
    collection = subscriber_count_collect(channel=vk("prof_rkb"))
    assert collection.error == "Не задан токен ВКонтакте: сбор не настроен."
    assert apis.requests == []


def test_refresh_button_on_the_officers_channel_page(apis, client, world):
    channel = world.objects["channel"]
    channel.url = "https://vk.com/prof_rkb"
    channel.save(update_fields=["url"])
    client.force_login(world.officer_a)
    page = client.get(reverse("ppo:channel_detail", kwargs={"pk": channel.pk}))
    assert "Обновить сейчас" in page.content.decode()
    response = client.post(
        reverse("integrations:channel_refresh", kwargs={"pk": channel.pk}), follow=True
    )
    html = response.content.decode()
    assert "Число подписчиков обновлено: 1234." in html
    assert re.search(r"подписчиков: 1\D?234", html)  # the panel shows the last collection
    assert "API площадки" in html  # the history shows the source


def test_staff_collection_page_shows_failure_reason(apis, client, world):
    vk("missing_club")
    collect_subscriber_counts.apply()
    client.force_login(world.staff)
    html = client.get(reverse("integrations:channels")).content.decode()
    assert "Сообщество ВКонтакте не найдено." in html
