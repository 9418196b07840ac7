"""Demo of the integrations: counts «collected» from a demo source (marked as such), a few VK
posts with their counters, and union page checks in every state. No network is used."""

import datetime as dt
import random

from django.utils import timezone

from ppo.models import PrimaryOrganization, SubscriberCount

from .errors import IntegrationError
from .models import ChannelCollection, SocialPost, UnionPageCheck
from .selectors import api_channels
from .services import subscriber_count_store


def load(*, users) -> None:
    rng = random.Random(17)
    now = timezone.now()
    channels = list(api_channels().select_related("organization"))
    for index, channel in enumerate(channels):
        if index % 7 == 6:
            ChannelCollection.objects.update_or_create(
                channel=channel,
                defaults={
                    "status": ChannelCollection.Status.FAILED,
                    "attempted_at": now,
                    "error_code": IntegrationError.CLOSED,
                    "error": "Сообщество закрыто: данные доступны только его участникам. (демо)",
                },
            )
            continue
        # The PPO demo typed today's counts by hand; in the demo they came from the demo source.
        SubscriberCount.objects.filter(channel=channel, date=timezone.localdate()).update(
            source=SubscriberCount.Source.DEMO, collected_at=now
        )
        latest = SubscriberCount.objects.filter(channel=channel).order_by("-date").first()
        base = latest.count if latest else rng.randint(80, 900)
        subscriber_count_store(
            channel=channel,
            count=base + rng.randint(0, 12),
            now=now,
            source=SubscriberCount.Source.DEMO,
        )
        if channel.platform == "vk":
            for number in range(rng.randint(2, 6)):
                posted = now - dt.timedelta(days=rng.randint(0, 27), hours=number)
                SocialPost.objects.create(
                    channel=channel,
                    external_id=f"demo-{number}",
                    url=f"{channel.url}?w=wall-1_{number + 1}",
                    posted_at=posted,
                    text="Демо-запись сообщества",
                    views=rng.randint(80, 900),
                    likes=rng.randint(3, 60),
                    reposts=rng.randint(0, 8),
                )
    states = [
        ("ok", 200, now - dt.timedelta(days=12), ""),
        ("ok", 200, now - dt.timedelta(days=240), ""),
        ("http_error", 404, None, "Сайт ответил кодом 404."),
        ("unreachable", None, None, "Сервер не ответил вовремя."),
        (
            "blocked",
            None,
            None,
            "Адрес ведёт во внутреннюю сеть (10.0.0.5): такие запросы запрещены.",
        ),
    ]
    organizations = PrimaryOrganization.objects.exclude(union_page_url="").order_by("pk")
    for index, organization in enumerate(organizations[: len(states) * 2]):
        status, code, changed, error = states[index % len(states)]
        UnionPageCheck.objects.create(
            organization=organization,
            url=organization.union_page_url,
            status=status,
            http_status=code,
            final_url=organization.union_page_url if code else "",
            error=error,
            checked_at=now - dt.timedelta(days=index % 3),
            content_hash="демо" if changed else "",
            content_changed_at=changed,
            newest_item_date=changed.date() - dt.timedelta(days=2) if changed else None,
            is_demo=True,
        )
