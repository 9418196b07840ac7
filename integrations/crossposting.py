"""Cross-posting to the ЧРО's own VK wall and Telegram channel, for other apps to call.

Publications import this module (one way: nothing here knows about publications). A target is
offered only when its settings are in place: VK needs ``VK_COMMUNITY_TOKEN`` (a community
administrator's token with the wall right) and ``VK_COMMUNITY_ID``; Telegram needs
``TELEGRAM_BOT_TOKEN`` and ``TELEGRAM_CHANNEL`` (the bot is the channel's administrator)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.organization import named_lazy

from . import telegram, vk
from .errors import IntegrationError

VK = "vk"
TELEGRAM = "telegram"
LABELS = {VK: named_lazy(_("ВКонтакте {name}")), TELEGRAM: named_lazy(_("Telegram-канал {name}"))}

__all__ = ["LABELS", "TELEGRAM", "VK", "IntegrationError", "send", "targets"]


def targets() -> list[str]:
    """The platforms the portal can post to with the current settings."""
    found = []
    if settings.VK_COMMUNITY_TOKEN and settings.VK_COMMUNITY_ID:
        found.append(VK)
    if settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_CHANNEL:
        found.append(TELEGRAM)
    return found


def send(platform: str, *, text: str, photo: tuple[str, bytes] | None, link: str) -> str:
    """Post and return the post's address; an ``IntegrationError`` carries the Russian reason."""
    if platform == VK:
        return vk.wall_post(text, photo, link)
    if platform == TELEGRAM:
        return telegram.send_post(text, photo, link)
    raise ValueError(f"Unknown cross-posting platform {platform!r}")
