from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from portal.access import PresidiumOrStaffRequiredMixin, StaffRequiredMixin
from portal.files import file_response
from portal.forms import NameSearchForm, apply_validation_error, int_param
from portal.organization import abbreviation
from portal.periods import Period
from portal.permissions import can_view_everything
from ppo.access import OfficerRequiredMixin
from ppo.selectors import officer_organization

from . import frozen, selectors, services
from . import surveys as surveys_module
from .forms import CommentaryForm, CompileForm, MonthlyReportForm, ReturnForm
from .models import (
    CentralCommitteeReport,
    FrozenOutputEvent,
    PpoMonthlyReport,
    Rating,
    RatingResult,
    Survey,
    SurveyFileAnswer,
    SurveyResponse,
)
from .permissions import can_edit_monthly_report, can_manage_frozen_outputs, can_send_cc_report
from .xlsx import cc_report_workbook, matrix_workbook, rating_workbook, survey_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MonthlyReportListView(OfficerRequiredMixin, TemplateView):
    template_name = "reports/monthly_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.officer_months(self.organization)
        return context


class MonthlyReportEditView(OfficerRequiredMixin, FormView):
    """The officer's report of a month: a draft to save and come back to, then submit."""

    template_name = "reports/monthly_form.html"
    form_class = MonthlyReportForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.period = Period.month(kwargs["year"], kwargs["month"])
        except ValueError as error:
            raise Http404 from error
        return super().dispatch(request, *args, **kwargs)

    def get_report(self) -> PpoMonthlyReport | None:
        return selectors.reports_of(self.organization).filter(month=self.period.first_day).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_report()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.get_report()
        context["period"] = self.period
        context["report"] = report
        context["deadline"] = services.report_deadline(self.period)
        context["figures"] = (
            report.figures
            if report and report.is_locked
            else selectors.monthly_figures(self.organization.pk, self.period)
        )
        context["can_edit"] = report is None or can_edit_monthly_report(self.request.user, report)
        # An accepted report keeps its figures; the officer sees what changed in them since.
        changes = []
        if report is not None and report.status == PpoMonthlyReport.Status.ACCEPTED:
            changes = services.monthly_report_check(report=report)
        context["changes"] = changes
        context["corrections"] = selectors.monthly_report_corrections(report) if changes else []
        return context

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            services.monthly_report_save(
                user=self.request.user,
                organization=self.organization,
                period=self.period,
                submit=submit,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        if submit:
            messages.success(
                self.request,
                _("Отчёт за %(period)s отправлен в аппарат %(name)s.")
                % {"period": self.period, "name": abbreviation()},
            )
            return redirect("reports:monthly_list")
        messages.success(self.request, _("Черновик сохранён."))
        return redirect("reports:monthly_edit", year=self.period.year, month=self.period.index)


def matrix_months(request) -> list[Period]:
    """The last 12 months up to the current one, oldest first (``?year=`` for a calendar year)."""
    year = int_param(request.GET.get("year"), minimum=2001, maximum=2099)
    if year is not None:
        return Period.for_year(year).months()
    return list(reversed(selectors.reportable_months(selectors.today())))


class ReportMatrixView(StaffRequiredMixin, ListView):
    """PPO × month: 50 PPOs a page, searched by name (the export holds every PPO found)."""

    template_name = "reports/matrix.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.months = matrix_months(request)
        self.search_form = NameSearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.matrix_organizations(self.months, self.search_form.query())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = self.months
        context["year"] = int_param(self.request.GET.get("year"), minimum=2001, maximum=2099)
        context["matrix"] = selectors.report_matrix(
            self.months, organizations=context["object_list"]
        )
        context["search_form"] = self.search_form
        context["searched"] = self.search_form.query()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = context["filter_query"] = query.urlencode()
        return context


class ReportMatrixExportView(StaffRequiredMixin, View):
    def get(self, request):
        months = matrix_months(request)
        found = selectors.matrix_organizations(months, NameSearchForm(request.GET).query())
        content = matrix_workbook(months, selectors.report_matrix(months, organizations=found))
        return xlsx_response(content, f"otchety-ppo-{months[0].code}-{months[-1].code}.xlsx")


class MonthlyReportReviewView(StaffRequiredMixin, DetailView):
    template_name = "reports/monthly_review.html"
    context_object_name = "report"

    def get_queryset(self):
        return PpoMonthlyReport.objects.select_related("organization", "submitted_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("return_form", ReturnForm())
        report = self.object
        changes = []
        if report.status == PpoMonthlyReport.Status.ACCEPTED:
            changes = services.monthly_report_check(report=report)
        elif report.status == PpoMonthlyReport.Status.SUBMITTED:
            changes = frozen.monthly_changes(report)
        context["changes"] = changes
        context["events"] = selectors.events_of(FrozenOutputEvent.Kind.MONTHLY_REPORT, [report.pk])
        return context

    def post(self, request, *args, **kwargs):
        self.object = report = self.get_object()
        try:
            if "accept" in request.POST:
                again = report.status == PpoMonthlyReport.Status.ACCEPTED
                services.monthly_report_accept(user=request.user, report=report)
                messages.success(
                    request,
                    _("Отчёт принят заново с новыми показателями.")
                    if again
                    else _("Отчёт принят."),
                )
            else:
                form = ReturnForm(request.POST)
                form.is_valid()
                services.monthly_report_return(
                    user=request.user, report=report, comment=form.cleaned_data.get("comment", "")
                )
                messages.success(request, _("Отчёт возвращён ППО."))
        except ValidationError as error:
            form = ReturnForm(request.POST)
            form.is_valid()
            apply_validation_error(form, error)
            return self.render_to_response(self.get_context_data(return_form=form))
        return redirect("reports:monthly_review", pk=report.pk)


class CentralCommitteeReportListView(PresidiumOrStaffRequiredMixin, ListView):
    """Every version of every month's report, the stale ones marked (stored differences)."""

    template_name = "reports/cc_list.html"
    context_object_name = "reports"

    def get_queryset(self):
        return selectors.cc_reports_listed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_compile"] = can_send_cc_report(self.request.user)
        context["compile_form"] = CompileForm(initial={"month": selectors.today().replace(day=1)})
        return context


class CentralCommitteeReportCompileView(StaffRequiredMixin, View):
    def get(self, request):
        return redirect("reports:cc_list")

    def post(self, request):
        form = CompileForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("month", [])))
            return redirect("reports:cc_list")
        month = form.cleaned_data["month"]
        try:
            report = services.cc_report_compile(
                period=Period.month(month.year, month.month), user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports:cc_list")
        messages.success(request, _("Отчёт сформирован."))
        return redirect("reports:cc_detail", pk=report.pk)


class CentralCommitteeReportDetailView(PresidiumOrStaffRequiredMixin, DetailView):
    """The report as compiled; for the month's latest version, the month recomputed now and the
    differences («Данные изменились после формирования»)."""

    template_name = "reports/cc_detail.html"
    context_object_name = "report"
    check_changes = True

    def get_queryset(self):
        return selectors.cc_reports()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        versions = selectors.cc_versions(report)
        later = [v for v in versions if v.version > report.version]
        changes = []
        if not later and self.check_changes:
            changes = services.cc_report_check(report=report)
        manage = can_manage_frozen_outputs(self.request.user)
        context.update(
            versions=versions,
            corrected_by=later[0] if later else None,
            changes=changes,
            can_send=can_send_cc_report(self.request.user) and not report.is_sent,
            can_recompile=manage and not report.is_sent,
            can_correct=manage and report.is_sent and not later and bool(changes),
            events=selectors.events_of(FrozenOutputEvent.Kind.CC_REPORT, [v.pk for v in versions]),
        )
        context.setdefault("form", CommentaryForm(instance=report))
        return context


class CentralCommitteeReportPrintView(CentralCommitteeReportDetailView):
    template_name = "reports/cc_print.html"
    check_changes = False


class CentralCommitteeReportRecompileView(StaffRequiredMixin, View):
    """POST: compile the unsent report again from its month's data as they are now."""

    def get(self, request, pk):
        return redirect("reports:cc_detail", pk=pk)

    def post(self, request, pk):
        report = get_object_or_404(CentralCommitteeReport, pk=pk)
        try:
            report = services.cc_report_recompile(user=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Отчёт сформирован заново по текущим данным."))
        return redirect("reports:cc_detail", pk=report.pk)


class CentralCommitteeReportCorrectView(StaffRequiredMixin, View):
    """POST: follow the sent report by a corrected version (the sent one is kept)."""

    def get(self, request, pk):
        return redirect("reports:cc_detail", pk=pk)

    def post(self, request, pk):
        report = get_object_or_404(CentralCommitteeReport, pk=pk)
        try:
            report = services.cc_report_correct(user=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Сформирован исправленный отчёт: проверьте его и отправьте в ЦК.")
            )
        return redirect("reports:cc_detail", pk=report.pk)


class CentralCommitteeReportXlsxView(PresidiumOrStaffRequiredMixin, View):
    def get(self, request, pk):
        report = get_object_or_404(selectors.cc_reports(), pk=pk)
        return xlsx_response(cc_report_workbook(report), report.filename)


class CentralCommitteeReportSendView(StaffRequiredMixin, View):
    """POST: save the commentary ("save") or save it and send the report ("send")."""

    def get(self, request, pk):
        return redirect("reports:cc_detail", pk=pk)

    def post(self, request, pk):
        report = get_object_or_404(selectors.cc_reports(), pk=pk)
        form = CommentaryForm(request.POST, instance=report)
        if form.is_valid():
            commentary = form.cleaned_data["commentary"]
            try:
                if "send" in request.POST:
                    services.cc_report_send(user=request.user, report=report, commentary=commentary)
                    messages.success(request, _("Отчёт отправлен в ЦК."))
                else:
                    services.cc_report_comment(
                        user=request.user, report=report, commentary=commentary
                    )
                    messages.success(request, _("Пояснения сохранены."))
                return redirect("reports:cc_detail", pk=report.pk)
            except ValidationError as error:
                apply_validation_error(form, error)
        report.refresh_from_db()
        view = CentralCommitteeReportDetailView(request=request, kwargs={"pk": pk}, object=report)
        view.object = report
        return view.render_to_response(view.get_context_data(form=form))


def _year(request, default: int) -> int:
    return int_param(request.GET.get("year"), default=default, minimum=2001, maximum=2099)


class OfficerRatingView(OfficerRequiredMixin, TemplateView):
    """The officer's own PPO in the rating, with the breakdown and last year's result."""

    template_name = "reports/rating_officer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = selectors.rating_years()
        year = _year(self.request, years[0] if years else selectors.today().year)
        context["year"] = year
        context["years"] = years
        context["result"] = selectors.rating_of(self.organization, year)
        context["previous"] = selectors.rating_of(self.organization, year - 1)
        context["criteria"] = selectors.rating_criteria(year)
        context["is_preview"] = year >= selectors.today().year
        return context


def _rating_version(request, year: int) -> tuple[list[Rating], Rating | None]:
    """The year's computations and the one asked for (``?version=``; by default the one
    everyone reads: the latest published, else the latest)."""
    versions = selectors.ratings_of_year(year)
    number = int_param(request.GET.get("version"), minimum=1, maximum=999)
    chosen = next((v for v in versions if v.version == number), None)
    return versions, chosen or selectors.rating_shown(versions)


class RatingTableView(PresidiumOrStaffRequiredMixin, TemplateView):
    template_name = "reports/rating_table.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = selectors.rating_years()
        year = _year(self.request, years[0] if years else selectors.today().year)
        versions, rating_run = _rating_version(self.request, year)
        results = selectors.rating_table(year, rating_run)
        group = self.request.GET.get("group", "")
        if group in RatingResult.SizeGroup.values:
            results = results.filter(size_group=group).order_by(
                "group_rank", "organization__short_name"
            )
        is_latest = rating_run is not None and rating_run == versions[-1]
        changes = services.rating_check(rating_run=rating_run) if is_latest else []
        manage = can_manage_frozen_outputs(self.request.user)
        newer = [v for v in versions if rating_run and v.version > rating_run.version]
        version_query = f"&version={rating_run.version}" if rating_run else ""
        context.update(
            year=year,
            years=years,
            results=results,
            group=group,
            groups=RatingResult.SizeGroup.choices,
            criteria=selectors.rating_criteria(year),
            query=self.request.GET.urlencode(),
            version_query=version_query,
            is_preview=year >= selectors.today().year,
            rating=rating_run,
            versions=versions,
            newer=newer[-1] if newer else None,
            changes=changes,
            can_recompute=manage and is_latest and not rating_run.is_published,
            can_publish=manage
            and is_latest
            and not rating_run.is_published
            and year < selectors.today().year,
            can_correct=manage and is_latest and rating_run.is_published and bool(changes),
            can_manage=manage,
            events=selectors.events_of(FrozenOutputEvent.Kind.RATING, [v.pk for v in versions]),
        )
        return context


class RatingExportView(PresidiumOrStaffRequiredMixin, View):
    def get(self, request):
        years = selectors.rating_years()
        year = _year(request, years[0] if years else selectors.today().year)
        _versions, rating_run = _rating_version(request, year)
        content = rating_workbook(
            year, selectors.rating_table(year, rating_run), selectors.rating_criteria(year)
        )
        suffix = f"-v{rating_run.version}" if rating_run and rating_run.is_correction else ""
        return xlsx_response(content, f"reiting-ppo-{year}{suffix}.xlsx")


class RatingActionView(StaffRequiredMixin, View):
    """POST on one computation of a rating: recompute, publish or correct it."""

    action = ""

    def get(self, request, pk):
        rating_run = get_object_or_404(Rating, pk=pk)
        return redirect(reverse("reports:rating_table") + f"?year={rating_run.year}")

    def post(self, request, pk):
        rating_run = get_object_or_404(Rating, pk=pk)
        try:
            if self.action == "recompute":
                services.rating_compute(year=rating_run.year, user=request.user)
                messages.success(request, _("Рейтинг рассчитан заново по текущим данным."))
            elif self.action == "publish":
                services.rating_publish(user=request.user, rating_run=rating_run)
                messages.success(request, _("Рейтинг опубликован."))
            else:
                rating_run = services.rating_correct(user=request.user, rating_run=rating_run)
                messages.success(
                    request, _("Рассчитана исправленная версия рейтинга: проверьте и опубликуйте.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.POST.get("back") == "preview":
            return redirect(_preview_url(rating_run.year))
        return redirect(
            reverse("reports:rating_table")
            + f"?year={rating_run.year}&version={rating_run.version}"
        )


def _preview_url(year: int) -> str:
    return reverse("reports:rating_preview") + f"?year={year}"


def _progress(state: dict | None) -> dict:
    """The state of a background computation as the page and its JSON show it."""
    if not state:
        return {"state": "none", "running": False, "done": 0, "total": 0, "percent": 0}
    total, done = state.get("total") or 0, state.get("done") or 0
    running = state["state"] in (services.QUEUED, services.RUNNING)
    percent = 100 if state["state"] == services.DONE else (100 * done // total if total else 0)
    return {**state, "running": running, "percent": percent}


class RatingPreviewView(StaffRequiredMixin, TemplateView):
    """Staff compute a year's rating in the background, follow its progress, preview the draft
    against the published version and publish it."""

    template_name = "reports/rating_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = selectors.today()
        years = sorted({*selectors.rating_years(), today.year, today.year - 1}, reverse=True)
        year = _year(self.request, today.year - 1)
        versions = selectors.ratings_of_year(year)
        draft = selectors.rating_draft(versions)
        published = selectors.rating_published(versions)
        progress = _progress(selectors.rating_preview_state(year))
        context.update(
            year=year,
            years=years,
            versions=versions,
            draft=draft,
            published=published,
            progress=progress,
            results=selectors.rating_table(year, draft) if draft else [],
            differences=(
                selectors.rating_result_differences(draft, published) if draft and published else []
            ),
            criteria=selectors.rating_criteria(year),
            can_publish=draft is not None and year < today.year,
            is_preview=year >= today.year,
        )
        return context


class RatingPreviewComputeView(StaffRequiredMixin, View):
    """POST: start the background computation of a year's rating (one at a time per year)."""

    def get(self, request):
        return redirect("reports:rating_preview")

    def post(self, request):
        year = int_param(request.POST.get("year"), minimum=2001, maximum=2099)
        if year is None:
            messages.error(request, _("Укажите год рейтинга."))
            return redirect("reports:rating_preview")
        try:
            started = services.rating_preview_start(user=request.user, year=year)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if started:
                started_message = _("Расчёт рейтинга за %(year)s запущен.")
                messages.success(request, started_message % {"year": year})
            else:
                messages.info(
                    request, _("Рейтинг за %(year)s уже рассчитывается.") % {"year": year}
                )
        return redirect(_preview_url(year))


class RatingPreviewProgressView(StaffRequiredMixin, View):
    """The progress of the year's computation as JSON, for the page's poll."""

    def get(self, request):
        year = _year(request, selectors.today().year - 1)
        progress = _progress(selectors.rating_preview_state(year))
        fields = ("state", "running", "done", "total", "percent", "stage", "message")
        response = JsonResponse({key: progress.get(key) for key in fields})
        response["Cache-Control"] = "no-store"
        return response


class FrozenOutputsStaleView(PresidiumOrStaffRequiredMixin, TemplateView):
    """The outputs whose data changed after they were made (stored differences, refreshed by
    the periodic check and by every view of an output)."""

    template_name = "reports/stale.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        monthly = selectors.stale_monthly_reports()
        context.update(
            cc_reports=selectors.stale_cc_reports(),
            ratings=selectors.stale_ratings(),
            monthly_reports=monthly[:200],
            monthly_count=monthly.count(),
            can_review=can_manage_frozen_outputs(self.request.user),
        )
        return context


class RatingCriteriaView(TemplateView):
    """The published criteria and normalised weights of a year (every logged-in user)."""

    template_name = "reports/rating_criteria.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = selectors.rating_years()
        year = _year(self.request, years[0] if years else selectors.today().year)
        context.update(year=year, years=years, criteria=selectors.rating_criteria(year))
        return context


# --- Surveys -----------------------------------------------------------------------------------


class SurveyListView(OfficerRequiredMixin, TemplateView):
    template_name = "reports/survey_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        surveys = list(surveys_module.surveys_for(self.organization))
        responses = {
            r.survey_id: r
            for r in SurveyResponse.objects.filter(
                organization=self.organization, survey__in=surveys
            )
        }
        context["rows"] = [(survey, responses.get(survey.pk)) for survey in surveys]
        return context


class SurveyAnswerView(OfficerRequiredMixin, FormView):
    """The officer answers a survey assigned to their PPO (another PPO's survey is 404)."""

    template_name = "reports/survey_answer.html"

    def get_survey(self) -> Survey:
        if not hasattr(self, "survey"):
            self.survey = get_object_or_404(
                surveys_module.surveys_for(self.organization), pk=self.kwargs["pk"]
            )
            self.response = SurveyResponse.objects.filter(
                survey=self.survey, organization=self.organization
            ).first()
        return self.survey

    def get_form(self, form_class=None):
        survey = self.get_survey()
        return surveys_module.SurveyAnswerForm(
            **self.get_form_kwargs(), questions=survey.questions.all(), response=self.response
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["survey"] = self.get_survey()
        context["response"] = self.response
        context["can_edit"] = not (self.response and self.response.submitted_at)
        return context

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            surveys_module.survey_response_save(
                user=self.request.user,
                organization=self.organization,
                survey=self.get_survey(),
                cleaned_data=form.cleaned_data,
                submit=submit,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Ответы отправлены.") if submit else _("Ответы сохранены.")
        )
        if submit:
            return redirect("reports:survey_list")
        return redirect("reports:survey_answer", pk=self.get_survey().pk)


def _survey_file_url(survey_pk: int, organization_pk: int, question_pk: int) -> str:
    return reverse(
        "reports:survey_file",
        kwargs={"pk": survey_pk, "organization": organization_pk, "question": question_pk},
    )


def _survey_table(survey: Survey, *, links: bool = False, request=None):
    """(questions, rows): one row per assigned PPO with its response and displayed answers.
    A file answer is a FileLink (name, download URL) with ``links``, else "name (absolute URL)"."""
    questions = list(survey.questions.all())
    responses = {r.organization_id: r for r in survey.responses.all()}
    files = surveys_module.file_answers_of(responses.values())
    rows = []
    for organization in surveys_module.assigned_organizations(survey):
        response = responses.get(organization.pk)
        answers = response.answers if response else {}
        values = []
        for q in questions:
            if q.kind == q.Kind.FILE:
                answer = files.get((response.pk, q.pk)) if response else None
            else:
                answer = answers.get(str(q.pk))
            value = surveys_module.display_value(q, answer)
            if value is not None and q.kind == q.Kind.FILE:
                url = _survey_file_url(survey.pk, organization.pk, q.pk)
                if links:
                    value = surveys_module.FileLink(value, url)
                elif request is not None:
                    value = f"{value} ({request.build_absolute_uri(url)})"
            values.append(value)
        rows.append((organization, response, values))
    return questions, rows


class SurveyResultsView(PresidiumOrStaffRequiredMixin, DetailView):
    template_name = "reports/survey_results.html"
    context_object_name = "survey"
    queryset = Survey.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questions"], context["rows"] = _survey_table(self.object, links=True)
        context["answered"] = sum(1 for _, r, _ in context["rows"] if r and r.submitted_at)
        return context


class SurveyExportView(PresidiumOrStaffRequiredMixin, View):
    def get(self, request, pk):
        survey = get_object_or_404(Survey, pk=pk)
        questions, rows = _survey_table(survey, request=request)
        content = survey_workbook(survey, questions, rows)
        return xlsx_response(content, f"anketa-{survey.pk}.xlsx")


class SurveyFileView(View):
    """A file answer of a PPO: to its officer, staff and the Presidium (anyone else: 404),
    as an attachment with its real type, never sniffed by the browser."""

    def get(self, request, pk, organization, question):
        user = request.user
        if not can_view_everything(user):
            own = officer_organization(user)
            if own is None or own.pk != organization:
                raise Http404
        answer = get_object_or_404(
            SurveyFileAnswer.objects.select_related("response"),
            response__survey_id=pk,
            response__organization_id=organization,
            question_id=question,
        )
        if not answer.file or not answer.file.storage.exists(answer.file.name):
            raise Http404
        download = file_response(answer.file, answer.original_name or "file")
        download["X-Content-Type-Options"] = "nosniff"
        return download


class SurveyIndexView(PresidiumOrStaffRequiredMixin, ListView):
    template_name = "reports/survey_index.html"
    context_object_name = "surveys"
    queryset = Survey.objects.order_by("-deadline")
