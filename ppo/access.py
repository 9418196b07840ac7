"""Access of officers to their PPO's cabinet: the one mixin every app's cabinet view uses."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import selectors


class OfficerRequiredMixin:
    """The officer's cabinet: only a user with an appointment in force, for their own PPO."""

    def dispatch(self, request, *args, **kwargs):
        self.organization = selectors.officer_organization(request.user)
        if self.organization is None:
            raise PermissionDenied(
                _("Личный кабинет доступен ответственным по информационной работе ППО.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organization"] = self.organization
        return context
