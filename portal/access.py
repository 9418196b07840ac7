"""How views declare who may see them.

Everything needs a login (LoginRequiredMiddleware) unless the view is marked ``@public``.
Logged-in views pick one of the role mixins below."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.utils.decorators import method_decorator

from .permissions import can_view_everything, is_presidium_member, is_staff_member

public = method_decorator(login_not_required, name="dispatch")


class StaffRequiredMixin(UserPassesTestMixin):
    """Committee staff only."""

    raise_exception = True

    def test_func(self):
        return is_staff_member(self.request.user)


class PresidiumOrStaffRequiredMixin(UserPassesTestMixin):
    """The Presidium (read-only) and staff."""

    raise_exception = True

    def test_func(self):
        return can_view_everything(self.request.user)


# Where a person lands after logging in. Apps add the places of their own roles in their
# AppConfig.ready (the spine adds the officer's cabinet); the first predicate that holds wins.
_landing_pages: list[tuple[Callable[[object], bool], str]] = []


def register_landing_page(predicate: Callable[[object], bool], url_name: str) -> None:
    if (predicate, url_name) not in _landing_pages:
        _landing_pages.append((predicate, url_name))


def landing_page(user) -> str:
    """The URL name of the place of a user's role."""
    for predicate, url_name in _landing_pages:
        if predicate(user):
            return url_name
    if is_staff_member(user):
        return "admin:index"
    if is_presidium_member(user):
        return "programme:dashboard"
    return "portal:home"
