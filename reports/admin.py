from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from portal.resources import SafeExportResource

from . import services
from .models import (
    CentralCommitteeReport,
    PpoMonthlyReport,
    RatingCriterion,
    RatingResult,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)


class MonthlyReportResource(SafeExportResource):
    class Meta:
        model = PpoMonthlyReport
        fields = [
            "organization__short_name",
            "month",
            "status",
            "first_submitted_at",
            "social_posts",
            "union_page_checked",
            "union_page_url",
            "stand_updates",
            "events_covered",
            "contests",
            "problems",
        ]


@admin.register(PpoMonthlyReport)
class PpoMonthlyReportAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [MonthlyReportResource]
    list_display = ["organization", "month", "status", "first_submitted_at", "reviewed_by"]
    list_filter = ["status", "month"]
    search_fields = ["organization__short_name", "problems"]
    date_hierarchy = "month"
    list_select_related = ["organization", "reviewed_by"]
    readonly_fields = [
        "figures",
        "first_submitted_at",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
    ]
    autocomplete_fields = ["organization"]


@admin.register(CentralCommitteeReport)
class CentralCommitteeReportAdmin(admin.ModelAdmin):
    list_display = [
        "month",
        "version",
        "status",
        "compiled_at",
        "compile_count",
        "sent_at",
        "sent_by",
    ]
    list_filter = ["status"]
    date_hierarchy = "month"
    readonly_fields = [
        "version",
        "corrects",
        "corrections",
        "changes",
        "changes_checked_at",
        "snapshot",
        "compiled_at",
        "compiled_by",
        "compile_count",
        "sent_at",
        "sent_by",
        "sent_to",
        "emailed_at",
    ]
    actions = ["recompile"]

    @admin.action(description=_("Сформировать заново (кроме отправленных)"))
    def recompile(self, request, queryset):
        done = 0
        for report in queryset:
            try:
                services.cc_report_compile(period=report.period, user=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{report}: {' '.join(error.messages)}", messages.WARNING
                )
        if done:
            self.message_user(request, _("Сформировано отчётов: %d") % done, messages.SUCCESS)


@admin.register(RatingCriterion)
class RatingCriterionAdmin(admin.ModelAdmin):
    list_display = ["year", "display_title", "metric_key", "weight", "rule", "order"]
    list_filter = ["year", "rule"]
    list_editable = ["weight", "order"]
    search_fields = ["title", "metric_key"]
    actions = ["compute"]

    @admin.action(description=_("Рассчитать рейтинг за годы выбранных критериев"))
    def compute(self, request, queryset):
        for year in sorted(set(queryset.values_list("year", flat=True))):
            try:
                results = services.rating_compute(year=year, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
                continue
            self.message_user(
                request,
                _("Рейтинг %(year)s года рассчитан: %(count)d ППО.")
                % {"year": year, "count": len(results)},
                messages.SUCCESS,
            )


@admin.register(RatingResult)
class RatingResultAdmin(admin.ModelAdmin):
    list_display = ["year", "rank", "organization", "total", "size_group", "group_rank"]
    list_filter = ["year", "size_group"]
    search_fields = ["organization__short_name"]
    list_select_related = ["organization"]
    readonly_fields = [
        "rating",
        "year",
        "organization",
        "total",
        "rank",
        "size_group",
        "group_rank",
        "breakdown",
        "computed_at",
    ]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 1
    fields = ["order", "text", "kind", "options", "required", "score"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("анкету")
    list_display = ["title", "deadline", "for_all", "is_published", "feeds_score"]
    list_filter = ["is_published", "feeds_score"]
    search_fields = ["title"]
    date_hierarchy = "deadline"
    filter_horizontal = ["organizations"]
    inlines = [SurveyQuestionInline]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "organization", "submitted_at", "submitted_by"]
    list_filter = ["survey"]
    search_fields = ["organization__short_name", "survey__title"]
    list_select_related = ["survey", "organization", "submitted_by"]
    readonly_fields = ["answers", "submitted_at", "submitted_by"]
