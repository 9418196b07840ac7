"""The one outbound HTTP client of the portal (VK, Telegram, monitored sites).

Every request: timeouts, redirects followed by hand (each hop re-checked), a size limit enforced
while streaming, retries with backoff on transient errors, a User-Agent naming the portal.
Two modes:

- ``api``: the host must be in ``OUTBOUND_API_HOSTS`` (VK and Telegram);
- ``monitor``: any public host, but the name is resolved and loopback, private, link-local,
  reserved and multicast addresses are refused (server-side request forgery), on the first
  request and on every redirect, unless ``OUTBOUND_ALLOWED_PRIVATE`` lists the exact host:port.

This module imports no app. Errors are ``HttpError`` subclasses with a Russian message.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings


class HttpError(Exception):
    """An outbound request failed; ``str(error)`` is a Russian message for the page."""

    transient = False


class BlockedAddress(HttpError):
    """The URL points to a host or address the portal must not call."""


class TooManyRedirects(HttpError):
    pass


class ResponseTooLarge(HttpError):
    pass


class TransientError(HttpError):
    """A timeout, a connection error or a 5xx/429 answer: worth retrying later."""

    transient = True

    def __init__(
        self, message: str, *, retry_after: float | None = None, status_code: int | None = None
    ):
        super().__init__(message)
        self.retry_after = retry_after
        self.status_code = status_code


@dataclass
class Response:
    status_code: int
    url: str  # the final URL after redirects
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        for encoding in (self._charset(), "utf-8", "cp1251"):
            if not encoding:
                continue
            try:
                return self.content.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.content.decode("utf-8", errors="replace")

    def _charset(self) -> str | None:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";"):
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset":
                return value.strip("\"'")
        return None

    def json(self):
        import json

        try:
            return json.loads(self.content)
        except ValueError as error:
            raise HttpError("Сервер ответил не в формате JSON.") from error


def _setting(name: str, default):
    return getattr(settings, name, default)


def _host_port(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedAddress("Разрешены только адреса http:// и https://.")
    if not parts.hostname:
        raise BlockedAddress("В адресе нет имени сервера.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise BlockedAddress("В адресе неверный порт.") from error
    return parts.hostname.lower().rstrip("."), port, parts.scheme


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str, *, mode: str) -> None:
    """Raise BlockedAddress unless the portal may call ``url`` in this mode."""
    host, port, _ = _host_port(url)
    if f"{host}:{port}" in set(_setting("OUTBOUND_ALLOWED_PRIVATE", [])):
        return
    if mode == "api":
        if host not in set(_setting("OUTBOUND_API_HOSTS", [])):
            raise BlockedAddress("Сервер %s не входит в список разрешённых API." % host)
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise HttpError("Сервер %s не найден (ошибка DNS)." % host) from error
    for info in infos:
        if not is_public_address(info[4][0]):
            raise BlockedAddress(
                "Адрес %s ведёт во внутреннюю сеть (%s): такие запросы запрещены."
                % (host, info[4][0])
            )


def _user_agent() -> str:
    return _setting("OUTBOUND_USER_AGENT", "ChroPortal/1.0")


def request(
    method: str,
    url: str,
    *,
    mode: str = "api",
    params: dict | None = None,
    data: dict | None = None,
    files: dict | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    retries: int | None = None,
    backoff: float | None = None,
) -> Response:
    """One request with retries on transient errors (timeouts, 5xx, 429)."""
    retries = _setting("OUTBOUND_RETRIES", 2) if retries is None else retries
    backoff = _setting("OUTBOUND_BACKOFF_SECONDS", 0.5) if backoff is None else backoff
    attempt = 0
    while True:
        try:
            return _request_once(
                method,
                url,
                mode=mode,
                params=params,
                data=data,
                files=files,
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
            )
        except TransientError as error:
            if attempt >= retries:
                raise
            delay = backoff * (2**attempt)
            if error.retry_after is not None:
                cap = _setting("OUTBOUND_MAX_RETRY_AFTER_SECONDS", 30)
                delay = max(delay, min(error.retry_after, cap))
            time.sleep(delay)
            attempt += 1


def get(url: str, **kwargs) -> Response:
    return request("GET", url, **kwargs)


def post(url: str, **kwargs) -> Response:
    return request("POST", url, **kwargs)


def _request_once(
    method, url, *, mode, params, data, files, timeout, max_bytes, max_redirects
) -> Response:
    timeout = _setting("OUTBOUND_TIMEOUT_SECONDS", 10) if timeout is None else timeout
    max_bytes = _setting("OUTBOUND_MAX_BYTES", 2 * 1024 * 1024) if max_bytes is None else max_bytes
    max_redirects = (
        _setting("OUTBOUND_MAX_REDIRECTS", 5) if max_redirects is None else max_redirects
    )
    headers = {"User-Agent": _user_agent()}
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(max_redirects + 1):
            check_url(url, mode=mode)
            try:
                with client.stream(
                    method, url, params=params, data=data, files=files, headers=headers
                ) as answer:
                    if answer.is_redirect:
                        location = answer.headers.get("location", "")
                        url = urljoin(str(answer.url), location)
                        # A redirect turns a POST into a GET without the body, as browsers do.
                        method, params, data, files = "GET", None, None, None
                        continue
                    content = _read_limited(answer, max_bytes)
            except httpx.TimeoutException as error:
                raise TransientError("Сервер не ответил вовремя.") from error
            except httpx.TransportError as error:
                raise TransientError("Не удалось соединиться с сервером.") from error
            if answer.status_code == 429:
                raise TransientError(
                    "Сервер просит подождать (слишком много запросов).",
                    retry_after=_retry_after(answer.headers.get("retry-after")),
                    status_code=429,
                )
            if answer.status_code >= 500:
                raise TransientError(
                    "Сервер ответил ошибкой %s." % answer.status_code,
                    status_code=answer.status_code,
                )
            return Response(answer.status_code, str(answer.url), answer.headers, content)
    raise TooManyRedirects("Слишком много перенаправлений (больше %s)." % max_redirects)


def _read_limited(answer: httpx.Response, max_bytes: int) -> bytes:
    declared = answer.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(_too_large(max_bytes))
    chunks, size = [], 0
    for chunk in answer.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ResponseTooLarge(_too_large(max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int) -> str:
    return "Ответ сервера больше допустимого (%s КБ)." % (max_bytes // 1024)


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
