from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from portal.forms import apply_validation_error
from portal.metrics import registry
from portal.resources import SafeExportResource

from . import services
from .models import (
    Activity,
    Attendance,
    CommissionMeeting,
    ExecutionRecord,
    Indicator,
    IndicatorTarget,
    Measure,
    Programme,
    Section,
    Training,
)
from .progress import WeightError, normalise_weights


def metric_choices(current: str = "") -> list[tuple[str, str]]:
    choices = [("", "—")] + registry.choices()
    if current and current not in registry:
        # Bound by key to a metric another app has not registered yet: keep it selectable.
        choices.append((current, _("%(key)s (показатель пока не подключён)") % {"key": current}))
    return choices


class MetricKeyFormMixin:
    metric_field = "metric_key"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.metric_field in self.fields:
            current = self.initial.get(self.metric_field) or ""
            self.fields[self.metric_field] = forms.ChoiceField(
                label=self.fields[self.metric_field].label,
                help_text=self.fields[self.metric_field].help_text,
                choices=metric_choices(current),
                required=self.fields[self.metric_field].required,
            )


class ActivityForm(MetricKeyFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "measure",
            "order",
            "text",
            "responsible",
            "weight",
            "schedule_text",
            "schedule_kind",
            "year_from",
            "year_to",
            "due_month",
            "metric_key",
            "target_rule",
            "target_value",
            "evidence_text",
        ]


class IndicatorForm(MetricKeyFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "programme",
            "number",
            "title",
            "metric_key",
            "unit",
            "baseline_year",
            "baseline_value",
        ]


class WeightedInlineFormSet(forms.BaseInlineFormSet):
    """The weights of a parent's items must not all be zero (they are normalised to sum 1)."""

    def clean(self):
        super().clean()
        weights = [
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if weights:
            try:
                normalise_weights(weights)
            except WeightError as error:
                raise ValidationError(
                    _("Веса: %(error)s Задайте хотя бы одному пункту вес больше нуля.")
                    % {"error": error}
                ) from error


class SectionInline(admin.TabularInline):
    model = Section
    formset = WeightedInlineFormSet
    extra = 0
    fields = ["order", "number", "title", "responsible", "weight"]
    show_change_link = True


class MeasureInline(admin.TabularInline):
    model = Measure
    formset = WeightedInlineFormSet
    extra = 0
    fields = ["number", "title", "weight"]
    show_change_link = True


class ActivityInline(admin.StackedInline):
    model = Activity
    form = ActivityForm
    formset = WeightedInlineFormSet
    extra = 0
    fields = [
        ("order", "weight", "responsible"),
        "text",
        ("schedule_text", "schedule_kind"),
        ("year_from", "year_to", "due_month"),
        ("metric_key", "target_rule", "target_value"),
    ]
    show_change_link = True


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    form = IndicatorForm
    extra = 0
    fields = ["number", "title", "metric_key", "unit", "baseline_year", "baseline_value"]
    show_change_link = True


class ProgrammeCopyForm(forms.Form):
    title = forms.CharField(label=_("Наименование новой программы"), max_length=300)
    year_from = forms.IntegerField(label=_("Первый год"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("Последний год"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("Примечание"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("year_from")
            and cleaned.get("year_to")
            and cleaned["year_to"] < cleaned["year_from"]
        ):
            self.add_error("year_to", _("Последний год не может быть раньше первого."))
        return cleaned


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("программу")
    list_display = ["title", "year_from", "year_to", "status", "approved_on", "final_report_link"]
    list_filter = ["status"]
    search_fields = ["title", "approved_by"]
    readonly_fields = ["status", "copied_from", "activated_at", "closed_at"]
    actions = ["activate_selected", "close_selected", "copy_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    ("year_from", "year_to"),
                    "approved_by",
                    "approved_on",
                    "note",
                    ("status", "activated_at", "closed_at"),
                    "copied_from",
                ]
            },
        ),
        (
            _("Паспорт"),
            {
                "fields": [
                    "participants",
                    "coordinator",
                    "goals",
                    "indicators_text",
                    "period_text",
                    "financing",
                    "control",
                    "signed_by",
                ]
            },
        ),
    ]
    inlines = [SectionInline, IndicatorInline]

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="programme_programme_copy",
            )
        ]
        return urls + super().get_urls()

    @admin.display(description=_("итоги"))
    def final_report_link(self, obj):
        if obj.status != Programme.Status.CLOSED:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("programme:final_report", args=[obj.pk]),
            _("Итоги выполнения программы"),
        )

    def _one(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Выберите одну программу."), messages.ERROR)
            return None
        return queryset.get()

    @admin.action(description=_("Ввести в действие выбранную программу"))
    def activate_selected(self, request, queryset):
        programme = self._one(request, queryset)
        if programme is None:
            return
        try:
            services.programme_activate(programme=programme, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Программа «%(title)s» введена в действие.") % {"title": programme}
        )

    @admin.action(description=_("Завершить выбранную программу и зафиксировать итоги"))
    def close_selected(self, request, queryset):
        programme = self._one(request, queryset)
        if programme is None:
            return
        try:
            services.programme_close(programme=programme, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Программа «%(title)s» завершена, итоги зафиксированы.") % {"title": programme},
                reverse("programme:final_report", args=[programme.pk]),
                _("Итоги выполнения программы"),
            ),
        )

    @admin.action(description=_("Скопировать выбранную программу в проект новой"))
    def copy_selected(self, request, queryset):
        programme = self._one(request, queryset)
        if programme is None:
            return None
        return redirect("admin:programme_programme_copy", pk=programme.pk)

    def copy_view(self, request, pk):
        if not self.has_add_permission(request):
            raise PermissionDenied
        programme = get_object_or_404(Programme, pk=pk)
        length = programme.year_to - programme.year_from
        initial = {
            "year_from": programme.year_to + 1,
            "year_to": programme.year_to + 1 + length,
            "title": programme.title,
        }
        form = ProgrammeCopyForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.programme_copy(
                    programme=programme, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                self.message_user(
                    request,
                    _(
                        "Создан проект программы «%(title)s»: проверьте строки "
                        "и введите его в действие."
                    )
                    % {"title": copy},
                )
                return redirect("admin:programme_programme_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Копия программы «%(title)s»") % {"title": programme},
            "form": form,
            "original": programme,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/programme/programme_copy.html", context)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "responsible", "weight"]
    list_filter = ["programme", "responsible"]
    list_select_related = ["programme"]
    search_fields = ["title"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section", "weight", "activity_count"]
    list_filter = ["section__programme", "section"]
    search_fields = ["title", "activities__text"]
    list_select_related = ["section"]
    inlines = [ActivityInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(activity_total=Count("activities", distinct=True))
        )

    @admin.display(description=_("строк"), ordering="activity_total")
    def activity_count(self, obj):
        return obj.activity_total


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("строку мероприятия")
    form = ActivityForm
    list_display = [
        "text",
        "measure",
        "schedule_kind",
        "responsible",
        "weight",
        "metric_key",
        "target_rule",
    ]
    list_filter = ["measure__section", "schedule_kind", "responsible", "target_rule"]
    search_fields = ["text", "schedule_text", "metric_key"]
    list_select_related = ["measure__section"]
    fieldsets = [
        (None, {"fields": ["measure", "order", "text", "responsible", "weight"]}),
        (
            _("Срок"),
            {"fields": ["schedule_text", "schedule_kind", ("year_from", "year_to"), "due_month"]},
        ),
        (_("Показатель"), {"fields": ["metric_key", "target_rule", "target_value"]}),
        (
            _("Подтверждение"),
            {
                "fields": ["evidence_text"],
                "description": _("Для строки без показателя: что считается подтверждением."),
            },
        ),
    ]


class ExecutionRecordResource(SafeExportResource):
    class Meta:
        model = ExecutionRecord
        fields = [
            "id",
            "activity__measure__section__number",
            "activity__measure__number",
            "activity__text",
            "organization__short_name",
            "date",
            "text",
            "evidence_url",
            "recorded_by__email",
        ]


@admin.register(ExecutionRecord)
class ExecutionRecordAdmin(ExportMixin, admin.ModelAdmin):
    verbose_name_accusative = _("отметку об исполнении")
    resource_classes = [ExecutionRecordResource]
    list_display = ["date", "activity", "organization", "text", "has_file", "evidence_url"]
    list_filter = ["activity__measure__section", "organization"]
    search_fields = ["text", "activity__text", "organization__short_name"]
    date_hierarchy = "date"
    autocomplete_fields = ["activity", "organization"]
    list_select_related = ["activity", "organization"]
    readonly_fields = ["recorded_by", "created_at", "evidence_download"]
    fields = [
        "activity",
        "organization",
        "date",
        "text",
        "evidence_file",
        "evidence_download",
        "evidence_url",
        "recorded_by",
        "created_at",
    ]

    @admin.display(description=_("файл"), boolean=True)
    def has_file(self, obj):
        return bool(obj.evidence_file)

    @admin.display(description=_("скачать подтверждение"))
    def evidence_download(self, obj):
        if not obj or not obj.pk or not obj.evidence_file:  # an unsaved add form: no link
            return "—"
        url = reverse("programme:evidence_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("скачать файл"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = ["number", "title", "metric_key", "baseline_year", "baseline_value"]
    list_filter = ["programme"]
    search_fields = ["title"]
    inlines = [IndicatorTargetInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 1
    autocomplete_fields = ["user", "organization"]
    fields = ["user", "organization", "attended"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "format", "attendee_count"]
    list_filter = ["format"]
    search_fields = ["topic"]
    date_hierarchy = "date"
    autocomplete_fields = ["activity"]
    inlines = [AttendanceInline]
    readonly_fields = ["materials_download"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendee_total=Count(
                    "attendance", filter=Q(attendance__attended=True), distinct=True
                )
            )
        )

    @admin.display(description=_("участников"), ordering="attendee_total")
    def attendee_count(self, obj):
        return obj.attendee_total

    @admin.display(description=_("скачать материалы"))
    def materials_download(self, obj):
        if not obj or not obj.pk or not obj.materials_file:  # an unsaved add form: no link
            return "—"
        url = reverse("programme:training_materials", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("скачать файл"))


@admin.register(CommissionMeeting)
class CommissionMeetingAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("заседание комиссии по информационной работе")
    list_display = ["date", "agenda", "minutes_number", "has_minutes"]
    search_fields = ["agenda", "minutes_number"]
    date_hierarchy = "date"
    readonly_fields = ["minutes_download", "created_by", "created_at"]
    fields = [
        "date",
        "agenda",
        "minutes_number",
        "minutes_file",
        "minutes_download",
        "created_by",
        "created_at",
    ]

    @admin.display(description=_("протокол"), boolean=True)
    def has_minutes(self, obj):
        return bool(obj.minutes_file)

    @admin.display(description=_("скачать протокол"))
    def minutes_download(self, obj):
        if not obj or not obj.pk or not obj.minutes_file:  # an unsaved add form: no link
            return "—"
        url = reverse("programme:commission_minutes", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("скачать файл"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
