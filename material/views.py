"""Pages of the material base: staff issue equipment and print acts; officers confirm receipt,
take over equipment from a former officer and enter their PPO's budget."""

import re
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, View

from portal.access import PresidiumOrStaffRequiredMixin, StaffRequiredMixin
from portal.forms import apply_validation_error, int_param
from portal.metrics import registry
from portal.organization import short_name
from portal.periods import Period
from portal.permissions import is_staff_member
from portal.uploads import inline_response
from ppo.access import OfficerRequiredMixin

from . import selectors, services
from .forms import ActConfirmForm, BudgetForm, EquipmentIssueForm, EquipmentMovementForm
from .models import Budget, Equipment
from .models.budgets import min_info_share


class EquipmentIssueView(StaffRequiredMixin, FormView):
    """Staff issue items to a PPO: one act of transfer for all of them."""

    template_name = "material/issue_form.html"
    form_class = EquipmentIssueForm

    def get_initial(self):
        initial = super().get_initial()
        # Preselected from the register (the admin's action, an item's card): ?item=1&item=2
        items = (int_param(v, maximum=2**62) for v in self.request.GET.getlist("item"))
        initial["items"] = [pk for pk in items if pk is not None]
        return initial

    def form_valid(self, form):
        try:
            act = services.equipment_issue(
                user=self.request.user,
                organization=form.cleaned_data["organization"],
                items=list(form.cleaned_data["items"]),
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Оформлен акт № %s: распечатайте и подпишите его.") % act.label
        )
        return redirect("material:transfer_act", pk=act.pk)


class TransferActView(DetailView):
    """The print-ready act of transfer: staff and the Presidium see all, an officer their PPO's."""

    template_name = "material/act_print.html"
    context_object_name = "act"

    def get_queryset(self):
        return selectors.acts_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = selectors.act_items(self.object)
        context["chairman"] = _("Председатель %(name)s") % {"name": short_name()}
        return context


class TransferActScanView(View):
    """The signed scan of an act, for those who may see the act (never a public media URL)."""

    def get(self, request, pk):
        act = get_object_or_404(selectors.acts_visible_to(request.user), pk=pk)
        if not act.signed_scan:
            raise Http404(_("Скан акта ещё не загружен."))
        name = f"akt-{act.number}-{act.year}{PurePosixPath(act.signed_scan.name).suffix}"
        return _private_download(act.signed_scan, name)


def _private_download(field_file, filename: str):
    try:
        return inline_response(field_file, filename)
    except OSError as error:  # the record names a file that is not in the storage
        raise Http404(_("Файл не найден.")) from error


def _download_name(stem: str, field_file) -> str:
    safe = re.sub(r"[^\w-]+", "-", stem).strip("-") or "document"
    return f"{safe}{PurePosixPath(field_file.name).suffix.lower()}"


class EquipmentWriteOffDocumentView(View):
    """The act of write-off of an item: staff, the Presidium, the officer of the PPO that held
    it when it was written off (never a public media URL)."""

    def get(self, request, pk):
        equipment = get_object_or_404(selectors.written_off_visible_to(request.user), pk=pk)
        if not equipment.write_off_document:
            raise Http404(_("Акт списания не загружен."))
        name = _download_name(
            f"akt-spisaniya-{equipment.inventory_number}", equipment.write_off_document
        )
        return _private_download(equipment.write_off_document, name)


class EquipmentIssueDocumentView(View):
    """The document of an item's return, transfer or write-off: staff, the Presidium and the
    officer of the PPO whose issue it closed."""

    def get(self, request, pk):
        issue = get_object_or_404(selectors.issues_visible_to(request.user), pk=pk)
        if not issue.end_document:
            raise Http404(_("Документ не загружен."))
        name = _download_name(
            f"dokument-{issue.equipment.inventory_number}-{issue.ended_on:%Y-%m-%d}",
            issue.end_document,
        )
        return _private_download(issue.end_document, name)


class EquipmentDetailView(StaffRequiredMixin, FormView):
    """An item's card for staff: the current holder, the full history, and a movement form."""

    template_name = "material/equipment_detail.html"
    form_class = EquipmentMovementForm

    def get_equipment(self) -> Equipment:
        if not hasattr(self, "equipment"):
            self.equipment = get_object_or_404(Equipment, pk=self.kwargs["pk"])
        return self.equipment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        equipment = self.get_equipment()
        context["equipment"] = equipment
        context["current"] = selectors.current_issue(equipment)
        context["history"] = selectors.equipment_history(equipment)
        return context

    def form_valid(self, form):
        equipment, data = self.get_equipment(), form.cleaned_data
        common = {"user": self.request.user, "equipment": equipment, "on": data["on"]}
        try:
            if data["action"] == "return":
                services.equipment_return(**common, note=data["reason"], document=data["document"])
                messages.success(self.request, _("Возврат оформлен."))
            elif data["action"] == "transfer":
                act = services.equipment_transfer(
                    **common,
                    organization=data["organization"],
                    note=data["reason"],
                    document=data["document"],
                )
                messages.success(self.request, _("Оформлен акт № %s.") % act.label)
                return redirect("material:transfer_act", pk=act.pk)
            else:
                services.equipment_write_off(
                    **common, reason=data["reason"], document=data["document"]
                )
                messages.success(self.request, _("Оборудование списано."))
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        return redirect("material:equipment_detail", pk=equipment.pk)


class HandoverListView(PresidiumOrStaffRequiredMixin, TemplateView):
    """Equipment held by people whose appointment has ended: to hand over to the new officer."""

    template_name = "material/handover_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = selectors.issues_needing_handover()
        context["can_edit"] = is_staff_member(self.request.user)
        return context


class BudgetOverviewView(PresidiumOrStaffRequiredMixin, TemplateView):
    """Information-work budgets of the ЧРО and every PPO for a year; PPOs below 5% flagged."""

    template_name = "material/budget_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = int_param(
            self.request.GET.get("year"),
            default=timezone.localdate().year,
            minimum=2000,
            maximum=2100,
        )
        chro, organizations = selectors.budget_overview(year)
        # One definition of the 5% rule: the numbers come from the metric registry (a budget
        # with a zero total is neither at nor below the minimum, it is not counted).
        period = Period.for_year(year)
        ids = [o.pk for o in organizations]
        at_minimum = registry.get("ppo.ppos_at_5_percent").values(period, ids)
        for organization in organizations:
            organization.at_minimum = at_minimum.get(organization.pk)
        context.update(
            year=year,
            years=[year - 1, year, year + 1],
            chro=chro,
            organizations=organizations,
            ppo_share=registry.get("ppo.info_budget_share").total(period, ids),
            below=sum(1 for value in at_minimum.values() if not value),
            missing=sum(1 for o in organizations if o.year_budget is None),
            min_share=min_info_share(),
            can_edit=is_staff_member(self.request.user),
        )
        return context


class EquipmentCabinetView(OfficerRequiredMixin, TemplateView):
    template_name = "material/cabinet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        held = list(selectors.equipment_held_by(self.organization))
        context["held"] = held
        context["handover"] = [issue for issue in held if issue.needs_handover]
        acts = list(selectors.acts_of(self.organization)[:50])
        context["acts_to_confirm"] = list(selectors.acts_to_confirm(self.organization))
        context["acts"] = acts
        context["history"] = selectors.organization_equipment_history(self.organization).filter(
            ended_on__isnull=False
        )[:50]
        context["budget"] = (
            Budget.objects.filter(organization=self.organization).order_by("-year").first()
        )
        context["min_share"] = min_info_share()
        return context


class OwnActMixin(OfficerRequiredMixin):
    def get_act(self):
        if not hasattr(self, "act"):
            self.act = get_object_or_404(selectors.acts_of(self.organization), pk=self.kwargs["pk"])
        return self.act

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["act"] = self.get_act()
        context["items"] = selectors.act_items(self.get_act())
        return context


class TransferActConfirmView(OwnActMixin, FormView):
    """The officer confirms receipt of the items of an act (and may upload the signed scan)."""

    template_name = "material/act_confirm.html"
    form_class = ActConfirmForm

    def form_valid(self, form):
        try:
            services.act_confirm(
                user=self.request.user,
                act=self.get_act(),
                signed_scan=form.cleaned_data["signed_scan"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Получение оборудования подтверждено."))
        return redirect("material:equipment_cabinet")


class HandoverAcceptView(OfficerRequiredMixin, TemplateView):
    """The new officer takes over an item that the former officer of the PPO held."""

    template_name = "material/handover_accept.html"

    def get_issue(self):
        return get_object_or_404(
            selectors.equipment_held_by(self.organization), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issue"] = self.get_issue()
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.equipment_handover_accept(user=request.user, issue=self.get_issue())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Оборудование принято и числится за вами."))
        return redirect("material:equipment_cabinet")


class BudgetCabinetView(OfficerRequiredMixin, FormView):
    """The officer enters the PPO's budget and its information-work spending for a year."""

    template_name = "material/budget.html"
    form_class = BudgetForm

    def get_year(self) -> int:
        return int_param(
            self.request.GET.get("year"),
            default=timezone.localdate().year,
            minimum=2000,
            maximum=2100,
        )

    def get_initial(self):
        budget = Budget.objects.filter(organization=self.organization, year=self.get_year()).first()
        if budget is None:
            return {"year": self.get_year()}
        fields = [f.name for f in Budget._meta.fields if f.name not in ("id", "organization")]
        return {name: getattr(budget, name) for name in fields}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budgets"] = Budget.objects.filter(organization=self.organization).order_by("-year")
        context["min_share"] = min_info_share()
        return context

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        try:
            budget = services.budget_save(
                user=self.request.user,
                organization=self.organization,
                year=form.cleaned_data["year"],
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Смета на %s год сохранена.") % budget.year)
        return redirect(reverse("material:budget_cabinet") + f"?year={budget.year}")
