"""How views declare who may see them.

Everything needs a login (LoginRequiredMiddleware) unless the view is marked ``@public``.
Logged-in views pick one of the role mixins below."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.utils.decorators import method_decorator

from .permissions import can_view_everything, is_staff_member

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
