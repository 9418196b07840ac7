"""Writes of the integrations: subscriber collection, posts, union page checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal import http
from ppo.models import Channel, PrimaryOrganization, SubscriberCount
from ppo.selectors import organizations_active

from . import pages, telegram, vk
from .errors import IntegrationError
from .models import ChannelCollection, SocialPost, TelegramPollState, UnionPageCheck
from .permissions import can_refresh_channel
from .selectors import api_channels

logger = logging.getLogger(__name__)

COLLECTORS = {
    Channel.Platform.VK: vk.members_count,
    Channel.Platform.TELEGRAM: telegram.member_count,
}


def _save_collection(channel: Channel, **values) -> ChannelCollection:
    collection, _ = ChannelCollection.objects.select_for_update(of=("self",)).get_or_create(
        channel=channel, defaults={"attempted_at": values["attempted_at"], "status": "failed"}
    )
    for name, value in values.items():
        setattr(collection, name, value)
    collection.full_clean()
    collection.save(update_fields=list(values))
    return collection


def subscriber_count_collect(*, channel: Channel) -> ChannelCollection:
    """Ask the channel's platform for its subscribers and record today's count.

    A count typed by hand for today stays: the API value is kept aside on the collection
    (status «оставлено ручное число») and shown next to it, never written over it."""
    collector = COLLECTORS.get(channel.platform)
    now = timezone.now()
    if collector is None:
        raise ValueError(f"Channel {channel.pk} has no API collector")
    try:
        count = collector(channel.url)
    except IntegrationError as error:
        logger.info("Collection of channel %s failed: %s", channel.pk, error.code)
        with transaction.atomic():
            return _save_collection(
                channel,
                status=ChannelCollection.Status.FAILED,
                attempted_at=now,
                error_code=error.code,
                error=error.message[:300],
            )
    # The request is made outside the transaction: no lock is held while waiting for an API.
    with transaction.atomic():
        return subscriber_count_store(channel=channel, count=count, now=now)


def subscriber_count_store(
    *, channel: Channel, count: int, now, source: str = SubscriberCount.Source.API
) -> ChannelCollection:
    """Record a collected count as today's (a manual one of today is kept; see above)."""
    today = timezone.localdate()
    existing = SubscriberCount.objects.select_for_update(of=("self",)).filter(
        channel=channel, date=today
    )
    record = existing.order_by().first()
    if record is not None and record.source == SubscriberCount.Source.MANUAL:
        return _save_collection(
            channel,
            status=ChannelCollection.Status.MANUAL_KEPT,
            attempted_at=now,
            succeeded_at=now,
            error_code="",
            error="",
            api_count=count,
        )
    if record is None:
        record = SubscriberCount(channel=channel, date=today, count=count)
    record.count, record.source, record.collected_at = count, source, now
    record.full_clean()
    if record.pk:
        record.save(update_fields=["count", "source", "collected_at"])
    else:
        record.save()
    return _save_collection(
        channel,
        is_demo=source == SubscriberCount.Source.DEMO,
        status=ChannelCollection.Status.OK,
        attempted_at=now,
        succeeded_at=now,
        error_code="",
        error="",
        api_count=count,
    )


def subscriber_count_refresh(*, user, channel: Channel) -> ChannelCollection:
    """«Обновить сейчас»: the officer of the channel's PPO or staff."""
    if not can_refresh_channel(user, channel):
        raise PermissionDenied("Нет прав на обновление этого канала.")
    return subscriber_count_collect(channel=channel)


def subscriber_counts_collect_all() -> dict[str, int]:
    """The daily run: every active VK and Telegram channel; one failure never stops the rest."""
    summary = {"ok": 0, "manual_kept": 0, "failed": 0}
    for channel in api_channels():
        collection = subscriber_count_collect(channel=channel)
        summary[collection.status] += 1
    return summary


@transaction.atomic
def vk_posts_collect(*, channel: Channel, since: dt.datetime, until: dt.datetime) -> int:
    """Store (or refresh the counters of) a VK community's posts of a period."""
    items = vk.wall_posts(channel.url, since=int(since.timestamp()), until=int(until.timestamp()))
    for item in items:
        values = {
            "url": vk.post_url(item["owner_id"], item["id"]),
            "posted_at": dt.datetime.fromtimestamp(item["date"], tz=dt.UTC),
            "text": (item.get("text") or "")[:10000],
            "views": (item.get("views") or {}).get("count"),
            "likes": (item.get("likes") or {}).get("count"),
            "reposts": (item.get("reposts") or {}).get("count"),
        }
        SocialPost.objects.update_or_create(
            channel=channel, external_id=str(item["id"]), defaults=values
        )
    return len(items)


def vk_posts_collect_all(*, since: dt.datetime, until: dt.datetime) -> dict[str, int]:
    summary = {"posts": 0, "failed": 0}
    for channel in api_channels().filter(platform=Channel.Platform.VK):
        try:
            summary["posts"] += vk_posts_collect(channel=channel, since=since, until=until)
        except IntegrationError as error:
            logger.info("VK posts of channel %s: %s", channel.pk, error.code)
            summary["failed"] += 1
    return summary


@transaction.atomic
def telegram_updates_poll() -> int:
    """Read the bot's channel_post updates and store the posts of the portal's Telegram channels.

    Polling (not a webhook) because it needs no public HTTPS address and works behind the
    ЧРО's firewall; the beat runs it every 10 minutes, well inside the 24 hours Telegram keeps
    updates."""
    state, _ = TelegramPollState.objects.select_for_update().get_or_create(pk=1)
    updates = telegram.updates(offset=state.next_offset or None)
    channels = {}
    for channel in api_channels().filter(platform=Channel.Platform.TELEGRAM):
        try:
            channels[telegram.chat_id(channel.url)[1:].lower()] = channel
        except IntegrationError:
            continue
    stored = 0
    for update in updates:
        state.next_offset = max(state.next_offset, update["update_id"] + 1)
        post = update.get("channel_post") or update.get("edited_channel_post")
        if not post:
            continue
        username = (post.get("chat", {}).get("username") or "").lower()
        channel = channels.get(username)
        if channel is None:
            continue
        SocialPost.objects.update_or_create(
            channel=channel,
            external_id=str(post["message_id"]),
            defaults={
                "url": telegram.post_url(post["chat"]["username"], post["message_id"]),
                "posted_at": dt.datetime.fromtimestamp(post["date"], tz=dt.UTC),
                "text": (post.get("text") or post.get("caption") or "")[:10000],
                "views": post.get("views"),
            },
        )
        stored += 1
    state.save(update_fields=["next_offset"])
    return stored


@dataclass(frozen=True)
class LinkStatus:
    """A checked link: ``found`` is True/False, or None when it could not be checked."""

    found: bool | None
    message: str


VK_LINK_CACHE_SECONDS = 15 * 60


def social_link_status(url: str) -> LinkStatus:
    """The status of a publication's VK/Telegram link, in Russian (moderation and the form).

    A VK answer is cached for a quarter of an hour (the page may be shown again and again); a
    Telegram post is looked up among the posts the bot has seen, so no request leaves."""
    url = (url or "").strip()
    if not url:
        return LinkStatus(None, "Ссылка не указана.")
    try:
        if vk.WALL_LINK.match(url):
            key = "integrations:vk-link:" + hashlib.sha256(url.encode()).hexdigest()
            exists = cache.get(key)
            if exists is None:
                exists = vk.post_exists(url)
                cache.set(key, exists, VK_LINK_CACHE_SECONDS)
            if exists:
                return LinkStatus(True, "Запись ВКонтакте найдена.")
            return LinkStatus(False, "Запись ВКонтакте не найдена: проверьте ссылку.")
        match = telegram.POST_LINK.match(url)
        if match:
            seen = SocialPost.objects.filter(
                channel__platform=Channel.Platform.TELEGRAM,
                channel__url__iregex=rf"/{match[1]}/?$",
                external_id=match[2],
            ).exists()
            if seen:
                return LinkStatus(True, "Пост Telegram найден (его видел бот портала).")
            return LinkStatus(
                False, "Пост Telegram не найден среди постов, которые видел бот портала."
            )
    except IntegrationError as error:
        return LinkStatus(None, "Проверить не удалось: %s" % error.message)
    return LinkStatus(False, "Это не ссылка на запись ВКонтакте или пост Telegram.")


def social_link_check(url: str) -> str:
    """The Russian status of a link (see social_link_status)."""
    return social_link_status(url).message


@transaction.atomic
def union_page_check(*, organization: PrimaryOrganization) -> UnionPageCheck | None:
    """Fetch the PPO's union page (SSRF-safe) and record what was found."""
    url = organization.union_page_url
    if not url:
        UnionPageCheck.objects.filter(organization=organization).delete()
        return None
    now = timezone.now()
    check = UnionPageCheck.objects.select_for_update().filter(organization=organization).first()
    check = check or UnionPageCheck(organization=organization)
    previous_hash = check.content_hash if check.url == url else ""
    check.url, check.checked_at, check.is_demo = url, now, False
    check.http_status, check.final_url, check.error = None, "", ""
    try:
        response = http.get(url, mode="monitor")
    except http.BlockedAddress as error:
        check.status, check.error = UnionPageCheck.Status.BLOCKED, str(error)
    except http.HttpError as error:
        check.status, check.error = UnionPageCheck.Status.UNREACHABLE, str(error)
    else:
        check.http_status, check.final_url = response.status_code, response.url
        if response.status_code >= 400:
            check.status = UnionPageCheck.Status.HTTP_ERROR
            check.error = "Сайт ответил кодом %s." % response.status_code
        else:
            check.status = UnionPageCheck.Status.OK
            text = pages.main_text(response.text)
            check.content_hash = pages.text_hash(text)
            if check.content_hash != previous_hash or check.content_changed_at is None:
                check.content_changed_at = now
            check.newest_item_date = pages.newest_date(text, today=timezone.localdate())
    check.full_clean()
    check.save()
    return check


def union_pages_check_all() -> dict[str, int]:
    summary: dict[str, int] = {}
    for organization in organizations_active().exclude(union_page_url=""):
        check = union_page_check(organization=organization)
        summary[check.status] = summary.get(check.status, 0) + 1
    return summary
