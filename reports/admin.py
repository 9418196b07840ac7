from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from portal.resources import SafeExportResource

from . import services
from .models import (
    CentralCommitteeReport,
    FrozenOutputEvent,
    PpoMonthlyReport,
    Rating,
    RatingCriterion,
    RatingResult,
    Survey,
    SurveyFileAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .surveys import survey_assigned_ids, survey_notify_assigned


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


class ReadOnlyAdminMixin:
    """Frozen outputs and their records are written by the services only: the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RatingResultInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RatingResult
    fields = ["rank", "organization", "total", "size_group", "group_rank"]
    readonly_fields = fields
    ordering = ["rank", "organization__short_name"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The versions of the years' ratings: computed, recomputed and published by the services
    (the staff rating page and the January job); here only read."""

    verbose_name_accusative = _("расчёт рейтинга")
    list_display = [
        "year",
        "version",
        "status",
        "computed_at",
        "computed_by",
        "published_at",
        "published_by",
        "stale",
    ]
    list_filter = ["year", "status"]
    list_select_related = ["computed_by", "published_by"]
    fields = [
        "year",
        "version",
        "status",
        "corrects",
        "computed_at",
        "computed_by",
        "published_at",
        "published_by",
        "changes_checked_at",
        "criteria",
        "corrections",
        "changes",
        "page",
    ]
    readonly_fields = fields
    inlines = [RatingResultInline]

    @admin.display(description=_("данные изменились"), boolean=True)
    def stale(self, obj):
        return obj.is_stale

    @admin.display(description=_("на сайте"))
    def page(self, obj):
        url = reverse("reports:rating_table") + f"?year={obj.year}&version={obj.version}"
        return format_html('<a href="{}">{}</a>', url, _("Открыть рейтинг"))


@admin.register(FrozenOutputEvent)
class FrozenOutputEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who compiled, recompiled, corrected, sent, published or accepted a frozen output."""

    verbose_name_accusative = _("событие отчёта")
    list_display = ["at", "kind", "object_id", "action", "user", "changed"]
    list_filter = ["kind", "action", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__full_name", "user__email"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    fields = ["kind", "object_id", "action", "user", "at", "changes"]
    readonly_fields = fields

    @admin.display(description=_("изменилось показателей"))
    def changed(self, obj):
        return len(obj.changes) or "—"


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

    def save_model(self, request, obj, form, change):
        # The PPOs asked before this change: those asked only now are notified (save_related).
        previous = Survey.objects.filter(pk=obj.pk).first() if change else None
        obj._assigned_before = survey_assigned_ids(previous)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        survey = form.instance
        survey_notify_assigned(survey=survey, before=getattr(survey, "_assigned_before", set()))


class SurveyFileAnswerInline(admin.TabularInline):
    """The response's file answers, read-only: each opens through the permission-checked
    download (the storage itself has no public address)."""

    model = SurveyFileAnswer
    extra = 0
    fields = ["question", "download", "uploaded_at", "uploaded_by"]
    readonly_fields = fields
    can_delete = False
    verbose_name = _("файл ответа")
    verbose_name_plural = _("файлы ответов")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("response", "question", "uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("файл"))
    def download(self, obj):
        url = reverse(
            "reports:survey_file",
            kwargs={
                "pk": obj.response.survey_id,
                "organization": obj.response.organization_id,
                "question": obj.question_id,
            },
        )
        return format_html('<a href="{}">{}</a>', url, obj.original_name or _("файл"))


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "organization", "submitted_at", "submitted_by"]
    list_filter = ["survey"]
    search_fields = ["organization__short_name", "survey__title"]
    list_select_related = ["survey", "organization", "submitted_by"]
    readonly_fields = ["answers", "submitted_at", "submitted_by"]
    inlines = [SurveyFileAnswerInline]
