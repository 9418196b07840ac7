"""VK API client over portal.http: subscriber counts, wall posts, cross-posting.

Reads use the service token (``VK_SERVICE_TOKEN``); ``wall.post`` needs a community
administrator's token with the wall right (``VK_COMMUNITY_TOKEN``)."""

from __future__ import annotations

import re
import time

from django.conf import settings

from portal import http

from .errors import IntegrationError

SCREEN_NAME = re.compile(r"^https?://(?:www\.|m\.)?vk\.(?:com|ru)/([A-Za-z0-9_.]+)/?$", re.I)
WALL_LINK = re.compile(r"^https?://(?:www\.|m\.)?vk\.(?:com|ru)/.*wall(-?\d+)_(\d+)", re.I)
MAX_WALL_PAGES = 20

# VK error codes -> (our code, Russian reason)
ERRORS = {
    5: (IntegrationError.TOKEN_INVALID, "Токен ВКонтакте недействителен или отозван."),
    6: (IntegrationError.RATE_LIMIT, "ВКонтакте: превышен лимит запросов, попробуем позже."),
    9: (IntegrationError.RATE_LIMIT, "ВКонтакте: слишком много однотипных действий."),
    15: (IntegrationError.CLOSED, "Сообщество закрыто: данные доступны только его участникам."),
    18: (IntegrationError.NOT_FOUND, "Страница ВКонтакте удалена или заблокирована."),
    100: (IntegrationError.NOT_FOUND, "Сообщество ВКонтакте не найдено."),
    203: (IntegrationError.CLOSED, "Сообщество закрыто: данные доступны только его участникам."),
    30: (IntegrationError.CLOSED, "Профиль или сообщество закрыто."),
}


def screen_name(url: str) -> str:
    match = SCREEN_NAME.match(url.strip())
    if not match:
        raise IntegrationError(
            IntegrationError.BAD_ADDRESS, "Из адреса канала не понять имя сообщества ВКонтакте."
        )
    name = match[1]
    club = re.match(r"^(?:club|public|event)(\d+)$", name)
    return club[1] if club else name


def call(method: str, *, token: str, **params):
    """One VK method; error 6 (rate limit) is retried with backoff."""
    if not token:
        raise IntegrationError(
            IntegrationError.TOKEN_MISSING, "Не задан токен ВКонтакте: сбор не настроен."
        )
    params = {**params, "access_token": token, "v": settings.VK_API_VERSION}
    retries = settings.OUTBOUND_RETRIES
    for attempt in range(retries + 1):
        try:
            answer = http.post(settings.VK_API_URL + method, data=params, mode="api").json()
        except http.TransientError as error:
            raise IntegrationError(IntegrationError.UNAVAILABLE, str(error)) from error
        except http.HttpError as error:
            raise IntegrationError(IntegrationError.FAILED, str(error)) from error
        if "error" not in answer:
            return answer.get("response")
        code = answer["error"].get("error_code")
        if code in (6, 9) and attempt < retries:
            time.sleep(settings.OUTBOUND_BACKOFF_SECONDS * (2**attempt))
            continue
        our, reason = ERRORS.get(
            code,
            (IntegrationError.FAILED, "ВКонтакте ответил ошибкой %s." % code),
        )
        raise IntegrationError(our, reason)
    raise AssertionError("unreachable")


def members_count(url: str) -> int:
    response = call(
        "groups.getById",
        token=settings.VK_SERVICE_TOKEN,
        group_id=screen_name(url),
        fields="members_count",
    )
    groups = response.get("groups", []) if isinstance(response, dict) else (response or [])
    if not groups:
        raise IntegrationError(IntegrationError.NOT_FOUND, "Сообщество ВКонтакте не найдено.")
    group = groups[0]
    if group.get("deactivated"):
        raise IntegrationError(
            IntegrationError.NOT_FOUND, "Сообщество ВКонтакте удалено или заблокировано."
        )
    if group.get("is_closed") and "members_count" not in group:
        raise IntegrationError(
            IntegrationError.CLOSED, "Сообщество закрыто: данные доступны только его участникам."
        )
    if "members_count" not in group:
        raise IntegrationError(IntegrationError.FAILED, "ВКонтакте не сообщил число участников.")
    return int(group["members_count"])


def wall_posts(url: str, *, since: int, until: int) -> list[dict]:
    """Posts of a community published in [since, until) (unix times), newest first."""
    posts, offset = [], 0
    owner = screen_name(url)
    for _page in range(MAX_WALL_PAGES):
        params = {"count": 100, "offset": offset}
        params["owner_id" if owner.isdigit() else "domain"] = (
            f"-{owner}" if owner.isdigit() else owner
        )
        response = call("wall.get", token=settings.VK_SERVICE_TOKEN, **params)
        items = response.get("items", [])
        for item in items:
            if item.get("is_pinned") and item["date"] < since:
                continue
            if since <= item["date"] < until:
                posts.append(item)
        older = [item for item in items if not item.get("is_pinned")]
        if not items or (older and older[-1]["date"] < since):
            break
        offset += len(items)
    return posts


def post_url(owner_id: int, post_id: int) -> str:
    return f"https://vk.com/wall{owner_id}_{post_id}"


def post_exists(url: str) -> bool:
    match = WALL_LINK.match(url.strip())
    if not match:
        raise IntegrationError(IntegrationError.BAD_ADDRESS, "Это не ссылка на запись ВКонтакте.")
    response = call("wall.getById", token=settings.VK_SERVICE_TOKEN, posts=f"{match[1]}_{match[2]}")
    items = response.get("items", []) if isinstance(response, dict) else (response or [])
    return bool(items)


def wall_post(text: str, photo: tuple[str, bytes] | None = None, link: str = "") -> str:
    """Post on the ЧРО's community wall (admin token with the wall right); returns the post URL."""
    token = settings.VK_COMMUNITY_TOKEN
    group_id = settings.VK_COMMUNITY_ID
    if not token or not group_id:
        raise IntegrationError(
            IntegrationError.TOKEN_MISSING,
            "Не задан токен администратора сообщества ВКонтакте или номер сообщества.",
        )
    attachments = []
    if photo is not None:
        server = call("photos.getWallUploadServer", token=token, group_id=group_id)
        try:
            uploaded = http.post(server["upload_url"], files={"photo": photo}, mode="api").json()
        except http.HttpError as error:
            raise IntegrationError(IntegrationError.FAILED, str(error)) from error
        saved = call(
            "photos.saveWallPhoto",
            token=token,
            group_id=group_id,
            photo=uploaded.get("photo", ""),
            server=uploaded.get("server", ""),
            hash=uploaded.get("hash", ""),
        )
        attachments.append(f"photo{saved[0]['owner_id']}_{saved[0]['id']}")
    if link:
        attachments.append(link)
    response = call(
        "wall.post",
        token=token,
        owner_id=-group_id,
        from_group=1,
        message=text,
        attachments=",".join(attachments),
    )
    return post_url(-group_id, response["post_id"])
