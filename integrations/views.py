from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from portal.access import StaffRequiredMixin
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.selectors import channels_of, officer_organization

from . import selectors, services
from .models import ChannelCollection


class ChannelRefreshView(View):
    """«Обновить сейчас» on a channel's page: its PPO's officer or staff."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if is_staff_member(request.user):
            channel = get_object_or_404(selectors.api_channels(), pk=pk)
            back = redirect("integrations:channels")
        else:
            organization = officer_organization(request.user)
            if organization is None:
                raise PermissionDenied(
                    _("Обновлять каналы могут ответственные ППО и аппарат %(name)s.")
                    % {"name": abbreviation()}
                )
            channel = get_object_or_404(
                channels_of(organization).filter(platform__in=selectors.API_PLATFORMS), pk=pk
            )
            back = redirect("ppo:channel_detail", pk=channel.pk)
        collection = services.subscriber_count_refresh(user=request.user, channel=channel)
        if collection.status == ChannelCollection.Status.FAILED:
            messages.error(request, _("Не удалось обновить: %s") % collection.error)
        elif collection.status == ChannelCollection.Status.MANUAL_KEPT:
            messages.warning(
                request,
                _("Получено %s, но за сегодня уже внесено число вручную: оно оставлено.")
                % collection.api_count,
            )
        else:
            messages.success(request, _("Число подписчиков обновлено: %s.") % collection.api_count)
        return back

    def get(self, request, pk):  # pragma: no cover - http_method_names refuses it
        raise Http404


class ChannelCollectionListView(StaffRequiredMixin, TemplateView):
    template_name = "integrations/channel_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = selectors.channels_with_collection()
        return context


class UnionPageListView(StaffRequiredMixin, TemplateView):
    template_name = "integrations/union_page_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.union_pages_for_staff()
        return context
