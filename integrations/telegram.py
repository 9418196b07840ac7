"""Telegram Bot API client over portal.http: member counts, channel posts seen, cross-posting.

The bot token is ``TELEGRAM_BOT_TOKEN``; the bot must be an administrator of a channel to see its
posts (``channel_post`` updates, read by polling ``getUpdates``)."""

from __future__ import annotations

import re

from django.conf import settings

from portal import http
from portal.organization import abbreviation

from .errors import IntegrationError

CHANNEL = re.compile(r"^https?://(?:www\.)?(?:t|telegram)\.me/(?:s/)?([A-Za-z0-9_]{4,})/?$", re.I)
POST_LINK = re.compile(
    r"^https?://(?:www\.)?(?:t|telegram)\.me/(?:s/)?([A-Za-z0-9_]{4,})/(\d+)/?$", re.I
)


def chat_id(url: str) -> str:
    match = CHANNEL.match(url.strip())
    if not match or match[1].lower() in ("joinchat", "addlist"):
        raise IntegrationError(
            IntegrationError.BAD_ADDRESS,
            "Из адреса канала не понять его имя (нужен публичный адрес вида https://t.me/имя).",
        )
    return "@" + match[1]


def call(method: str, *, files: dict | None = None, **params):
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise IntegrationError(
            IntegrationError.TOKEN_MISSING, "Не задан токен бота Telegram: сбор не настроен."
        )
    url = f"{settings.TELEGRAM_API_URL}bot{token}/{method}"
    try:
        answer = http.post(url, data=params, files=files, mode="api")
    except http.TransientError as error:
        if error.status_code == 429:
            raise IntegrationError(
                IntegrationError.RATE_LIMIT, "Telegram: превышен лимит запросов, попробуем позже."
            ) from error
        raise IntegrationError(IntegrationError.UNAVAILABLE, str(error)) from error
    except http.HttpError as error:
        raise IntegrationError(IntegrationError.FAILED, str(error)) from error
    body = answer.json()
    if body.get("ok"):
        return body["result"]
    description = (body.get("description") or "").lower()
    if answer.status_code == 401:
        raise IntegrationError(
            IntegrationError.TOKEN_INVALID, "Токен бота Telegram недействителен."
        )
    if "not found" in description:
        raise IntegrationError(IntegrationError.NOT_FOUND, "Канал или группа Telegram не найдены.")
    if answer.status_code == 403 or "private" in description:
        raise IntegrationError(
            IntegrationError.CLOSED,
            "Канал закрыт для бота: добавьте бота портала в канал администратором.",
        )
    raise IntegrationError(
        IntegrationError.FAILED,
        "Telegram ответил ошибкой %s." % (body.get("error_code") or answer.status_code),
    )


def member_count(url: str) -> int:
    return int(call("getChatMemberCount", chat_id=chat_id(url)))


def updates(*, offset: int | None) -> list[dict]:
    params = {"allowed_updates": '["channel_post","edited_channel_post"]', "timeout": 0}
    if offset is not None:
        params["offset"] = offset
    return call("getUpdates", **params)


def post_url(username: str, message_id: int) -> str:
    return f"https://t.me/{username}/{message_id}"


def send_post(text: str, photo: tuple[str, bytes] | None = None, link: str = "") -> str:
    """Post to the ЧРО's channel (``TELEGRAM_CHANNEL``, the bot is its admin); returns the URL."""
    channel = settings.TELEGRAM_CHANNEL.lstrip("@")
    if not channel:
        raise IntegrationError(
            IntegrationError.TOKEN_MISSING, f"Не задан канал Telegram {abbreviation()}."
        )
    body = f"{text}\n\n{link}" if link else text
    if photo is not None:
        # A caption holds at most 1024 characters; a longer text goes as a reply-less message.
        if len(body) <= 1024:
            message = call("sendPhoto", chat_id="@" + channel, caption=body, files={"photo": photo})
            return post_url(channel, message["message_id"])
        call("sendPhoto", chat_id="@" + channel, files={"photo": photo})
    message = call("sendMessage", chat_id="@" + channel, text=body[:4096])
    return post_url(channel, message["message_id"])
