"""Error reporting: a Sentry-compatible tracker when SENTRY_DSN is set, e-mail to ADMINS
otherwise (settings wire the AdminEmailHandler). Imported by the settings module, so this file
imports nothing from Django's configured state."""

from __future__ import annotations

from email.utils import getaddresses


def parse_admins(value: str) -> list[tuple[str, str]]:
    """«Имя <email>, other@example.org» -> [("Имя", "email"), ("other@example.org", ...)]."""
    admins = []
    for name, address in getaddresses([value]):
        if address and "@" in address:
            admins.append((name or address, address))
    return admins


def init_error_reporting(
    *, dsn: str, environment: str, release: str = "", traces_sample_rate: float = 0.0
) -> bool:
    """Start sentry-sdk when a DSN is given; returns whether it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Personal data is not sent: sentry-sdk's default (no cookies, users or request bodies).
        before_send=_tag_request_id,
    )
    return True


def _tag_request_id(event, hint):
    from .request_context import request_id

    event.setdefault("tags", {})["request_id"] = request_id()
    return event
