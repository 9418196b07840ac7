from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.resources import SpreadsheetImportExportAdmin

from .models import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)
from .resources import PrimaryOrganizationResource


class AppointmentInline(admin.TabularInline):
    model = OfficerAppointment
    extra = 0
    fields = ["user", "starts_on", "ends_on", "basis"]
    autocomplete_fields = ["user"]
    ordering = ["-starts_on"]


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0
    fields = ["platform", "url", "title", "is_public", "retired_on"]
    show_change_link = True


class HasOfficerFilter(admin.SimpleListFilter):
    title = _("ответственный")
    parameter_name = "officer"

    def lookups(self, request, model_admin):
        return [("yes", _("назначен")), ("no", _("не назначен"))]

    def queryset(self, request, queryset):
        with_officer = OfficerAppointment.objects.in_force(timezone.localdate()).values(
            "organization"
        )
        if self.value() == "yes":
            return queryset.filter(pk__in=with_officer)
        if self.value() == "no":
            return queryset.exclude(pk__in=with_officer)
        return queryset


@admin.register(PrimaryOrganization)
class PrimaryOrganizationAdmin(SpreadsheetImportExportAdmin):
    resource_classes = [PrimaryOrganizationResource]
    list_display = ["short_name", "medical_organization", "locality", "channel_count", "is_active"]
    list_filter = ["is_active", HasOfficerFilter, "locality"]
    search_fields = ["full_name", "short_name", "medical_organization", "locality"]
    list_editable = ["is_active"]
    prepopulated_fields = {}
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "slug", "medical_organization", "locality"]}),
        (_("В интернете"), {"fields": ["union_page_url"]}),
        (_("Состояние"), {"fields": ["is_active"]}),
    ]
    inlines = [AppointmentInline, ChannelInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_channels=Count("channels", filter=Q(channels__retired_on__isnull=True)))
        )

    @admin.display(description=_("каналов"), ordering="_channels")
    def channel_count(self, obj):
        return obj._channels


@admin.register(OfficerAppointment)
class OfficerAppointmentAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "starts_on", "ends_on", "basis"]
    list_filter = [("ends_on", admin.EmptyFieldListFilter), "organization"]
    search_fields = ["user__full_name", "user__email", "organization__short_name"]
    autocomplete_fields = ["user", "organization"]
    date_hierarchy = "starts_on"
    list_select_related = ["user", "organization"]
    actions = ["end_today"]

    @admin.action(description=_("Завершить назначение сегодняшним днём"))
    def end_today(self, request, queryset):
        from .services import appointment_end

        today = timezone.localdate()
        ended = 0
        for appointment in queryset.filter(ends_on__isnull=True).filter(starts_on__lte=today):
            appointment_end(appointment=appointment, ends_on=today)
            ended += 1
        self.message_user(request, _("Завершено назначений: %d.") % ended)


class SubscriberCountInline(admin.TabularInline):
    model = SubscriberCount
    extra = 1
    fields = ["date", "count", "recorded_by"]
    readonly_fields = ["recorded_by"]
    ordering = ["-date"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "organization_label", "url", "is_public", "retired_on"]
    list_filter = [
        "platform",
        "is_public",
        ("organization", admin.EmptyFieldListFilter),
        ("retired_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "url", "organization__short_name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [SubscriberCountInline]

    @admin.display(description=_("владелец"), ordering="organization__short_name")
    def organization_label(self, obj):
        return obj.organization or _("ЧРО Профсоюза")


@admin.register(SubscriberCount)
class SubscriberCountAdmin(admin.ModelAdmin):
    list_display = ["channel", "date", "count", "recorded_by"]
    list_filter = ["channel__platform", "channel__organization"]
    search_fields = ["channel__title", "channel__organization__short_name"]
    date_hierarchy = "date"
    autocomplete_fields = ["channel"]
    list_select_related = ["channel__organization", "recorded_by"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MembershipSnapshot)
class MembershipSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "month_label",
        "employees",
        "members",
        "level_label",
        "joined",
        "left",
    ]
    list_filter = ["organization"]
    search_fields = ["organization__short_name"]
    date_hierarchy = "month"
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]

    @admin.display(description=_("месяц"), ordering="month")
    def month_label(self, obj):
        return obj.month.strftime("%m.%Y")

    @admin.display(description=_("уровень, %"))
    def level_label(self, obj):
        return obj.level
