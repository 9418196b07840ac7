from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from portal.access import public
from portal.corrections import open_months
from portal.due import due_items_counted
from portal.first_steps import first_steps, first_steps_dismiss
from portal.forms import NameSearchForm, apply_validation_error
from portal.pagecache import PublicPageCacheMixin

from . import selectors, services
from .access import OfficerRequiredMixin
from .forms import ChannelForm, MembershipForm, SubscriberCountForm
from .models import Channel


@public
class OrganizationListView(PublicPageCacheMixin, ListView):
    """The catalogue: 50 PPOs a page, searched by name."""

    page_cache_groups = ("ppo",)

    template_name = "ppo/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.search_form = NameSearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.organization_directory(self.search_form.query())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        context["searched"] = self.search_form.query()
        context["filter_query"] = (
            urlencode({"q": context["searched"]}) if context["searched"] else ""
        )
        return context


@public
class OrganizationDetailView(PublicPageCacheMixin, DetailView):
    template_name = "ppo/organization_detail.html"
    page_cache_groups = ("ppo", "news")
    context_object_name = "organization"

    def get_queryset(self):
        return selectors.organizations_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = selectors.public_channels_of(self.object)
        context["chro_channels"] = selectors.chro_public_channels()
        return context


@public
class OrganizationSuggestView(PublicPageCacheMixin, View):
    """Names of PPOs for a typed text (the news filter's suggestions, JSON; at most 10)."""

    page_cache_groups = ("ppo",)

    def get(self, request, *args, **kwargs):
        text = " ".join(request.GET.get("q", "").split())[:200]
        found = selectors.organizations_matching(text) if len(text) >= 2 else []
        return JsonResponse(
            {"results": [{"name": o.short_name, "detail": o.medical_organization} for o in found]},
            json_dumps_params={"ensure_ascii": False},
        )


class CabinetView(OfficerRequiredMixin, TemplateView):
    template_name = "ppo/cabinet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Both read only when the kept figures of the page are rendered afresh (a template calls
        # a callable: the membership is read once per request).
        context["channels"] = selectors.channels_of(self.organization)
        context["membership"] = partial(selectors.latest_membership, self.organization)
        context["due_items"] = due_items_counted(self.organization)
        context["first_steps"] = first_steps(self.request.user, self.organization)
        return context


class FirstStepsDismissView(OfficerRequiredMixin, View):
    """The officer closes the first-steps checklist of the cabinet home."""

    def post(self, request):
        first_steps_dismiss(user=request.user)
        messages.success(request, _("Первые шаги скрыты. Что нужно сделать, всегда видно ниже."))
        return redirect("ppo:cabinet")


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
    """The channel's subscriber history, with the form to add a count or correct the count of
    a date (``?date=`` from the history's «Исправить»; the day's count is prefilled)."""

    template_name = "ppo/channel_detail.html"
    form_class = SubscriberCountForm

    def get_initial(self):
        day = _date_param(self.request.GET.get("date")) or timezone.localdate()
        existing = selectors.subscriber_history(self.get_channel()).filter(date=day).first()
        return {"date": day, "count": existing.count if existing else None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.subscriber_history(self.get_channel())
        context["open_month_keys"] = {f"{m:%Y-%m}" for m in open_months(self.organization.pk)}
        form = context["form"]
        day = form.initial.get("date") if not form.is_bound else None
        context["correcting"] = day and form.initial.get("count") is not None
        return context

    def form_valid(self, form):
        channel = self.get_channel()
        try:
            record = services.subscriber_count_record(
                user=self.request.user, channel=channel, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _changed(record.last_change, _("Число подписчиков сохранено."))
        )
        return redirect("ppo:channel_detail", pk=channel.pk)


def _date_param(value):
    """A date from the query string (the history's «Исправить» links); None if absent or wrong."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _changed(change, entered: str) -> str:
    if change is None:
        return _("Данные не изменились.")
    if change.action == change.Action.CORRECTED:
        return _("Исправлено: %(what)s.") % {
            "what": "; ".join(
                f"{label.lower()} {before} → {after}" for label, before, after in change.differences
            )
        }
    return entered


class MembershipView(OfficerRequiredMixin, FormView):
    """The PPO's membership by month, with the form to enter a month or correct it
    (``?month=YYYY-MM`` from the history's «Исправить»; the month's figures are prefilled)."""

    template_name = "ppo/membership.html"
    form_class = MembershipForm

    def get_initial(self):
        month = _date_param(
            f"{self.request.GET['month']}-01" if "month" in self.request.GET else None
        )
        month = (month or timezone.localdate()).replace(day=1)
        initial = {"month": month}
        existing = selectors.membership_history(self.organization).filter(month=month).first()
        if existing:
            initial.update({name: getattr(existing, name) for name in services.MEMBERSHIP_FIELDS})
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.membership_history(self.organization)
        context["open_month_keys"] = {f"{m:%Y-%m}" for m in open_months(self.organization.pk)}
        form = context["form"]
        context["correcting"] = not form.is_bound and "employees" in form.initial
        return context

    def form_valid(self, form):
        try:
            snapshot = services.membership_record(
                user=self.request.user, organization=self.organization, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _changed(snapshot.last_change, _("Численность сохранена.")))
        return redirect(reverse("ppo:membership"))
