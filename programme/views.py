from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.access import PresidiumOrStaffRequiredMixin
from portal.files import file_response
from portal.forms import apply_validation_error
from portal.metrics import registry
from portal.periods import Period
from portal.permissions import is_staff_member
from ppo.access import OfficerRequiredMixin

from . import charts, selectors, services
from .forms import ExecutionRecordForm
from .models import ExecutionRecord, Measure, Programme, Training
from .permissions import can_download_evidence, can_download_training_materials
from .progress import STATUS_LABELS, STATUS_ORDER


class YearMixin:
    """The year viewed (?year=), within the programmes' years; defaults to the current year, or
    the last year of the latest programme once it has ended."""

    def get_years(self) -> list[int]:
        spans = Programme.objects.values_list("year_from", "year_to")
        return sorted({y for a, b in spans for y in range(a, b + 1)})

    def resolve_year(self) -> int:
        self.today = timezone.localdate()
        self.years = self.get_years()
        if not self.years:
            raise Http404(_("Программа ещё не загружена."))
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = self.today.year
        if year not in self.years:
            past = [y for y in self.years if y <= self.today.year]
            year = past[-1] if past else self.years[0]
        return year


class DashboardView(PresidiumOrStaffRequiredMixin, YearMixin, TemplateView):
    template_name = "programme/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.resolve_year()
        programme = selectors.programme_for_year(year)
        organization_ids = registry.organizations(Period.for_year(year))
        tree = selectors.programme_tree(
            programme, year, today=self.today, organization_ids=organization_ids
        )
        indicators = [
            {
                "series": series,
                "chart": charts.svg_data_uri(charts.indicator_chart_svg(series))
                if series.last_value is not None
                else None,
            }
            for series in selectors.indicator_series(programme, year, today=self.today)
        ]
        rows, sort = selectors.sort_rows(
            selectors.ppo_signals(year, today=self.today), self.request.GET.get("sort", "")
        )
        context.update(
            {
                "programme": programme,
                "year": year,
                "years": self.years,
                "today": self.today,
                "tree": tree,
                "indicators": indicators,
                "rows": rows,
                "sort": sort,
                "signal_columns": selectors.SIGNALS,
                "trainings": selectors.trainings_of_year(year),
                "can_edit": is_staff_member(self.request.user),
                "status_legend": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
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
        tree = selectors.programme_tree(programme, year, today=self.today)
        node = selectors.find_node(tree, measure.pk)
        records = selectors.records_of_measure(measure, year)
        context.update(
            {
                "measure": measure,
                "node": node,
                "activities": [(child, records.get(child.item.pk, [])) for child in node.children],
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
        kwargs["activities"] = selectors.ppo_activities()
        return kwargs

    def get_initial(self):
        return {"date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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
