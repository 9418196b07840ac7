from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from portal.access import public
from portal.forms import apply_validation_error

from . import selectors, services
from .access import OfficerRequiredMixin
from .forms import ChannelForm, MembershipForm, SubscriberCountForm
from .models import Channel


@public
class OrganizationListView(ListView):
    template_name = "ppo/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return selectors.organization_directory()


@public
class OrganizationDetailView(DetailView):
    template_name = "ppo/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return selectors.organizations_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = selectors.public_channels_of(self.object)
        context["chro_channels"] = selectors.public_channels_of(None)
        return context


class CabinetView(OfficerRequiredMixin, TemplateView):
    template_name = "ppo/cabinet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = selectors.channels_of(self.organization)
        context["membership"] = selectors.membership_history(self.organization).first()
        return context


class ChannelCreateView(OfficerRequiredMixin, FormView):
    template_name = "ppo/channel_form.html"
    form_class = ChannelForm

    def form_valid(self, form):
        try:
            channel = services.channel_create(
                user=self.request.user, organization=self.organization, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Канал «%s» добавлен.") % channel.title)
        return redirect("ppo:channel_detail", pk=channel.pk)


class OwnChannelMixin(OfficerRequiredMixin):
    """Loads a channel of the officer's own PPO; another PPO's channel is 404."""

    def get_channel(self) -> Channel:
        if not hasattr(self, "channel"):
            self.channel = get_object_or_404(
                selectors.channels_of(self.organization), pk=self.kwargs["pk"]
            )
        return self.channel

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channel"] = self.get_channel()
        return context


class ChannelUpdateView(OwnChannelMixin, FormView):
    template_name = "ppo/channel_form.html"
    form_class = ChannelForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_channel()
        return kwargs

    def form_valid(self, form):
        channel = self.get_channel()
        try:
            services.channel_update(
                user=self.request.user,
                channel=channel,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Изменения сохранены."))
        return redirect("ppo:channel_detail", pk=channel.pk)


class ChannelRetireView(OwnChannelMixin, TemplateView):
    template_name = "ppo/channel_retire.html"

    def post(self, request, *args, **kwargs):
        channel = self.get_channel()
        try:
            if channel.retired_on:
                services.channel_restore(user=request.user, channel=channel)
                messages.success(request, _("Канал снова ведётся."))
            else:
                services.channel_retire(user=request.user, channel=channel)
                messages.success(request, _("Канал закрыт; его история сохранена."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("ppo:channel_detail", pk=channel.pk)


class ChannelDetailView(OwnChannelMixin, FormView):
    """The channel's subscriber history, with the form to add a count."""

    template_name = "ppo/channel_detail.html"
    form_class = SubscriberCountForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.subscriber_history(self.get_channel())
        return context

    def form_valid(self, form):
        channel = self.get_channel()
        try:
            services.subscriber_count_record(
                user=self.request.user, channel=channel, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Число подписчиков сохранено."))
        return redirect("ppo:channel_detail", pk=channel.pk)


class MembershipView(OfficerRequiredMixin, FormView):
    template_name = "ppo/membership.html"
    form_class = MembershipForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.membership_history(self.organization)
        return context

    def form_valid(self, form):
        try:
            services.membership_record(
                user=self.request.user, organization=self.organization, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Численность сохранена."))
        return redirect(reverse("ppo:membership"))
