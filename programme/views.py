import datetime as dt
from functools import partial
from pathlib import PurePath
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.access import PresidiumOrStaffRequiredMixin, StaffRequiredMixin
from portal.files import file_response
from portal.forms import apply_validation_error, int_param
from portal.metrics import memoised, registry
from portal.permissions import is_staff_member
from ppo.access import OfficerRequiredMixin
from ppo.models import PrimaryOrganization

from . import execution, selectors, services, xlsx
from .forms import ExecutionRecordForm, PresidiumReportDateForm
from .models import (
    Activity,
    CommissionMeeting,
    ExecutionRecord,
    FinalResult,
    Measure,
    PresidiumReport,
    Programme,
    Training,
)
from .permissions import (
    can_download_commission_minutes,
    can_download_evidence,
    can_download_training_materials,
)
from .progress import STATUS_LABELS, STATUS_ORDER


class YearOutsideProgrammes(Exception):
    def __init__(self, year: int):
        self.year = year


class YearMixin:
    """The year viewed (?year=), within the years of the programmes in force. Without ?year=:
    the current year, or the nearest past year any programme covers. A year no programme covers
    is answered with a clear page (status 404) listing the years there are, never silently
    another year; a value that is not a number is ignored."""

    no_year_template = "programme/no_programme_year.html"

    def get_years(self) -> list[int]:
        return selectors.programme_years()

    def resolve_year(self) -> int:
        self.today = timezone.localdate()
        self.years = self.get_years()
        if not self.years:
            raise Http404(_("Программа ещё не загружена."))
        # Not a number at all (?year=², a typo): ignored, as every query string of the portal.
        year = int_param(self.request.GET.get("year"), minimum=-(10**9), maximum=10**9)
        if year is not None:
            if year not in self.years:
                raise YearOutsideProgrammes(year)
            return year
        return selectors.default_year(self.years, today=self.today)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except YearOutsideProgrammes as error:
            return render(
                request,
                self.no_year_template,
                {"asked": error.year, "years": self.years},
                status=404,
            )


class DashboardView(PresidiumOrStaffRequiredMixin, YearMixin, TemplateView):
    """The Presidium's answer in ten seconds: the three indicators against their targets, the
    overall and per-measure status against what was due, the lagging PPOs with their reasons.
    Its size and queries do not grow with the number of PPOs (lists are cut and paginated)."""

    template_name = "programme/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.resolve_year()
        programme = selectors.programme_for_year(year)
        context.update(
            selectors.dashboard_figures(
                programme,
                year,
                today=self.today,
                refresh=partial(services.dashboard_refresh, year),
            )
        )
        context.update(
            {
                "programme": programme,
                "year": year,
                "years": self.years,
                "today": self.today,
                "signal_months": selectors.signal_months(year, today=self.today),
                "trainings": selectors.trainings_of_year(year),
                "can_edit": is_staff_member(self.request.user),
                "status_legend": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
            }
        )
        return context


def _metric_label(activity) -> str:
    key = activity.metric_key
    if not key or key not in registry:
        return ""
    metric = registry.get(key)
    return f"{metric.label}, {metric.unit}" if metric.unit else metric.label


class DashboardOrganizationListView(PresidiumOrStaffRequiredMixin, YearMixin, TemplateView):
    """Every PPO of the year with its signals: searchable, sortable, paginated."""

    template_name = "programme/dashboard_organizations.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.resolve_year()
        query = self.request.GET.get("q", "").strip()[:100]
        organizations = None
        if query:
            organizations = selectors.organizations_of_year_named(year, query)
        with memoised():
            rows = selectors.ppo_signals(year, today=self.today, organizations=organizations)
        rows, sort = selectors.sort_rows(rows, self.request.GET.get("sort", ""))
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            {
                "year": year,
                "years": self.years,
                "today": self.today,
                "query": query,
                "sort": sort,
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "rows": page.object_list,
                "filter_query": urlencode(
                    {k: v for k, v in (("year", year), ("q", query), ("sort", sort)) if v}
                ),
                "signal_columns": selectors.SIGNALS,
                "signal_months": selectors.signal_months(year, today=self.today),
                "can_edit": is_staff_member(self.request.user),
            }
        )
        return context


class DashboardOrganizationView(PresidiumOrStaffRequiredMixin, YearMixin, TemplateView):
    """One PPO for staff and the Presidium: its programme lines, its figures month by month and
    its signals."""

    template_name = "programme/dashboard_organization.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = get_object_or_404(PrimaryOrganization, pk=self.kwargs["pk"])
        year = self.resolve_year()
        context.update(
            {
                "organization": organization,
                "year": year,
                "years": self.years,
                "today": self.today,
                "row": selectors.ppo_signals(year, today=self.today, organizations=[organization])[
                    0
                ],
                "lines": selectors.organization_lines(organization, year, today=self.today),
                "figures": selectors.organization_months(organization, year, today=self.today),
                "can_edit": is_staff_member(self.request.user),
            }
        )
        return context


class ActivityCountView(PresidiumOrStaffRequiredMixin, YearMixin, TemplateView):
    """A line's drill-down: the PPOs it counted and those it did not (searchable, paginated)."""

    template_name = "programme/activity_count.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = get_object_or_404(
            Activity.objects.select_related("measure__section__programme"), pk=self.kwargs["pk"]
        )
        year = self.resolve_year()
        programme = activity.measure.section.programme
        if year not in programme.years:
            year = programme.years[-1]
        count = selectors.line_count(activity, year, today=self.today)
        query = self.request.GET.get("q", "").strip()[:100]
        lists = {}
        for name, ids in (("counted", count.counted), ("not_counted", count.not_counted)):
            page = Paginator(selectors.organizations_by_ids(ids, query), self.paginate_by).get_page(
                self.request.GET.get(f"{name}_page")
            )
            lists[name] = {
                "page": page,
                "total": len(ids),
                "items": [(o, count.values.get(o.pk)) for o in page.object_list],
            }
        context.update(
            {
                "activity": activity,
                "measure": activity.measure,
                "count": count,
                "lists": lists,
                "query": query,
                "year": year,
                "years": programme.years,
                "base_query": urlencode({k: v for k, v in (("year", year), ("q", query)) if v}),
            }
        )
        return context


class MeasureDetailView(PresidiumOrStaffRequiredMixin, YearMixin, TemplateView):
    template_name = "programme/measure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = get_object_or_404(
            Measure.objects.select_related("section__programme"), pk=self.kwargs["pk"]
        )
        year = self.resolve_year()
        programme = measure.section.programme
        if year not in programme.years:
            year = programme.years[-1]
        # The tree the dashboard shows, kept as its figures are (computing it is the page's time).
        node = selectors.find_node(
            selectors.programme_tree_kept(programme, year, today=self.today), measure.pk
        )
        records = selectors.records_of_measure(measure, year)
        context.update(
            {
                "measure": measure,
                "node": node,
                "activities": [
                    (child, records.get(child.item.pk, []), _metric_label(child.item))
                    for child in node.children
                ],
                "year": year,
                "years": programme.years,
                "can_edit": is_staff_member(self.request.user),
            }
        )
        return context


class CabinetProgrammeView(OfficerRequiredMixin, FormView):
    """The officer records what their PPO did on the programme's PPO lines, with evidence."""

    template_name = "programme/cabinet.html"
    form_class = ExecutionRecordForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["activities"] = selectors.ppo_activities(self.programme)
        return kwargs

    def dispatch(self, request, *args, **kwargs):
        self.programme = selectors.active_programme()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = self.programme
        context["records"] = selectors.records_of_organization(self.organization)[:50]
        context["lines"] = selectors.ppo_lines_for(self.organization, today=timezone.localdate())
        return context

    def form_valid(self, form):
        try:
            services.execution_record_create(
                user=self.request.user, organization=self.organization, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error("activity", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Отметка об исполнении сохранена."))
        return redirect("programme:cabinet")


def _download_name(stem: str, field_file) -> str:
    extension = PurePath(field_file.name).suffix.lstrip(".").lower() or "bin"
    return f"{stem}.{extension}"


class EvidenceFileView(View):
    """An execution record's evidence file, as an attachment: staff, the Presidium and the
    officer of the record's PPO; anyone else gets 404 (they need not know it exists)."""

    def get(self, request, pk):
        record = get_object_or_404(ExecutionRecord.objects.exclude(evidence_file=""), pk=pk)
        if not can_download_evidence(request.user, record):
            raise Http404
        return file_response(
            record.evidence_file,
            _download_name(f"podtverzhdenie-{record.pk}", record.evidence_file),
        )


class TrainingMaterialsFileView(View):
    """A training's materials file, as an attachment: any logged-in user."""

    def get(self, request, pk):
        training = get_object_or_404(Training.objects.exclude(materials_file=""), pk=pk)
        if not can_download_training_materials(request.user):
            raise Http404
        return file_response(
            training.materials_file,
            _download_name(f"materialy-{training.pk}", training.materials_file),
        )


class CommissionMinutesFileView(View):
    """The minutes of a meeting of the commission on information work: staff and the Presidium
    (others get 404, as if there were no such file)."""

    def get(self, request, pk):
        meeting = get_object_or_404(CommissionMeeting.objects.exclude(minutes_file=""), pk=pk)
        if not can_download_commission_minutes(request.user):
            raise Http404
        return file_response(
            meeting.minutes_file, _download_name(f"protokol-{meeting.pk}", meeting.minutes_file)
        )


# --- Programmes, final results, reports to the Presidium ------------------------------------


class ProgrammeListView(PresidiumOrStaffRequiredMixin, TemplateView):
    """Every programme in force or past, with its final report once closed."""

    template_name = "programme/programme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = selectors.programmes_list()
        context["can_edit"] = is_staff_member(self.request.user)
        return context


class FinalResultMixin(PresidiumOrStaffRequiredMixin):
    def get_final_result(self) -> FinalResult:
        return get_object_or_404(
            FinalResult.objects.select_related("programme", "closed_by"),
            programme__pk=self.kwargs["pk"],
            programme__status=Programme.Status.CLOSED,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.get_final_result()
        context.update(
            {
                "programme": result.programme,
                "result": result,
                "report": execution_view(result.data),
                "status_legend": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
            }
        )
        return context


def execution_view(data: dict) -> dict:
    """The stored report with its dates as dates and its years in order, for the template."""
    data = dict(data)
    data["as_of"] = dt.date.fromisoformat(data["as_of"])
    years = list(range(data["programme"]["year_from"], data["programme"]["year_to"] + 1))
    data["years"] = years
    data["indicators"] = [
        {
            **indicator,
            "by_year": [
                (y, indicator["targets"].get(str(y)), indicator["values"].get(str(y)))
                for y in years
            ],
        }
        for indicator in data["indicators"]
    ]
    for section in data["sections"]:
        for measure in section["measures"]:
            for line in measure["lines"]:
                line["records"] = [
                    {**r, "date": dt.date.fromisoformat(r["date"])} for r in line["records"]
                ]
    return data


class FinalReportView(FinalResultMixin, TemplateView):
    template_name = "programme/final_report.html"


class FinalReportPrintView(FinalResultMixin, TemplateView):
    template_name = "programme/final_report_print.html"


class FinalReportXlsxView(FinalResultMixin, View):
    def get(self, request, pk):
        result = self.get_final_result()
        content = xlsx.final_report_workbook(result)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"itogi-programmy-{result.programme.year_from}-{result.programme.year_to}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PresidiumReportMixin(PresidiumOrStaffRequiredMixin):
    """The report to the Presidium on the active programme's execution for a chosen date
    (?date=ДД.ММ.ГГГГ or ГГГГ-ММ-ДД; today by default), generated from the same progress code."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = selectors.active_programme()
        today = timezone.localdate()
        form = PresidiumReportDateForm(
            self.request.GET or None, initial={"as_of": today}, programme=programme
        )
        as_of = form.cleaned_data["as_of"] if form.is_bound and form.is_valid() else today
        context.update(
            {
                "programme": programme,
                "form": form,
                "as_of": as_of,
                "report": execution_view(execution.programme_execution(programme, as_of=as_of))
                if programme is not None and not form.errors
                else None,
                "versions": programme.presidium_reports.select_related("created_by")
                if programme is not None
                else [],
                "can_save": is_staff_member(self.request.user),
                "status_legend": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
            }
        )
        return context


class PresidiumReportView(PresidiumReportMixin, TemplateView):
    template_name = "programme/presidium_report.html"


class PresidiumReportPrintView(PresidiumReportMixin, TemplateView):
    template_name = "programme/presidium_report_print.html"


class PresidiumReportSaveView(StaffRequiredMixin, View):
    """Staff save the generated report for a date as a frozen, dated version."""

    def get(self, request):
        return redirect("programme:presidium_report")

    def post(self, request):
        programme = selectors.active_programme()
        if programme is None:
            messages.error(request, _("Нет действующей программы."))
            return redirect("programme:presidium_report")
        form = PresidiumReportDateForm(request.POST, programme=programme)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("as_of", [])))
            return redirect("programme:presidium_report")
        try:
            report = services.presidium_report_save(
                programme=programme, as_of=form.cleaned_data["as_of"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("programme:presidium_report")
        messages.success(
            request,
            _("Отчёт на %(date)s сохранён.") % {"date": f"{report.as_of:%d.%m.%Y}"},
        )
        return redirect(report)


class PresidiumReportVersionMixin(PresidiumOrStaffRequiredMixin):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = get_object_or_404(
            PresidiumReport.objects.select_related("programme", "created_by"), pk=self.kwargs["pk"]
        )
        context.update(
            {
                "version": version,
                "programme": version.programme,
                "as_of": version.as_of,
                "report": execution_view(version.data),
                "status_legend": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
            }
        )
        return context


class PresidiumReportDetailView(PresidiumReportVersionMixin, TemplateView):
    template_name = "programme/presidium_report_detail.html"


class PresidiumReportVersionPrintView(PresidiumReportVersionMixin, TemplateView):
    template_name = "programme/presidium_report_print.html"
