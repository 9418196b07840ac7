"""The organization's record (``portal.models.Organization``) for templates, e-mails and code.

Read once per request (``portal.request_context.request_cached``) from the cache, where it is
kept per generation of the site's pages: a save of the record bumps it (``pagecache.SITE``), so
every process reads the new record on its next request. Outside a request (a Celery task) every
call asks the cache."""

from __future__ import annotations

from django.utils.functional import lazy

from . import pagecache
from .models import Organization
from .request_context import request_cached


def _load() -> Organization:
    organization = Organization.objects.filter(pk=Organization.SINGLETON_PK).first()
    # A database without the row (a test database just flushed): blank names rather than a 500.
    return organization or Organization()


def current_organization() -> Organization:
    """The organization running the portal (no query while the record is unchanged)."""
    return request_cached("organization", lambda: pagecache.kept("organization", (), _load))


def named(text: str) -> str:
    """``text`` with ``{name}`` replaced by the organization's short name, read now (so that a
    message or a label follows the record when it is edited in the admin)."""
    return str(text).replace("{name}", current_organization().abbreviation or "")


def abbreviation() -> str:
    """The organization's short name («ЧРО» in the demo), read now."""
    return current_organization().abbreviation or ""


def short_name() -> str:
    """The organization's short name with «Профсоюза» («ЧРО Профсоюза» in the demo), read now."""
    return current_organization().short_name or ""


# ``named`` for module-level labels (form fields, LABELS dicts): stays lazy, the record is read
# when the label is rendered. Not for model fields: a migration would freeze the rendered text.
named_lazy = lazy(named, str)
