from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import apply_validation_error
from portal.organization import short_name
from portal.resources import SpreadsheetImportExportAdmin

from . import services
from .models import (
    Channel,
    FigureChange,
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
    verbose_name_accusative = _("первичную профсоюзную организацию")
    resource_classes = [PrimaryOrganizationResource]
    list_display = [
        "short_name",
        "medical_organization",
        "locality",
        "channel_count",
        "joined_on",
        "left_on",
        "is_active",
    ]
    list_filter = ["is_active", HasOfficerFilter, "locality"]
    search_fields = ["full_name", "short_name", "medical_organization", "locality"]
    list_editable = ["is_active"]
    prepopulated_fields = {}
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "slug", "medical_organization", "locality"]}),
        (_("В интернете"), {"fields": ["union_page_url"]}),
        (_("Состояние"), {"fields": ["is_active", "joined_on", "left_on"]}),
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


class FigureChangeInline(admin.TabularInline):
    """The history of a figure: every entry and correction, with its author (read-only)."""

    model = FigureChange
    extra = 0
    fields = ["changed_at", "changed_by", "by_staff", "action", "before", "after"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-changed_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
        return obj.organization or short_name()

    def save_formset(self, request, form, formset, change):
        if formset.model is not SubscriberCount:
            return super().save_formset(request, form, formset, change)
        # Counts are entered and corrected through the service: the history records staff too.
        for count in formset.save(commit=False):
            services.subscriber_count_record(
                user=request.user, channel=form.instance, date=count.date, count=count.count
            )
        for count in formset.deleted_objects:
            count.delete()
        return None


class ServiceSavedForm(forms.ModelForm):
    """An admin form whose row is saved by a service that enters or corrects the figure of its
    key; the service's own checks run in ``clean`` so their messages show at the fields."""

    def validate_key(self, user, data) -> None:
        """The service's check of the row's key (may raise ValidationError)."""

    key_field = ""  # the field that, with the parent, makes a row's key (date, month)

    def _get_validation_exclusions(self):
        # The key's existing row is corrected by the service, not refused as a duplicate: the
        # model's one-per-key constraint is not checked here (the field's own checks still are).
        return {*super()._get_validation_exclusions(), self.key_field}

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.validate_key(self.user, data)
            except ValidationError as error:
                apply_validation_error(self, error)
        return data


class SubscriberCountAdminForm(ServiceSavedForm):
    key_field = "date"

    class Meta:
        model = SubscriberCount
        fields = ["channel", "date", "count"]

    def validate_key(self, user, data):
        services.subscriber_count_validate(
            user=user,
            channel=data.get("channel") or self.instance.channel,
            date=data.get("date") or self.instance.date,
        )


class MembershipAdminForm(ServiceSavedForm):
    key_field = "month"

    class Meta:
        model = MembershipSnapshot
        fields = ["organization", "month", "employees", "members", "joined", "left"]

    def validate_key(self, user, data):
        services.membership_validate(
            user=user,
            organization=data.get("organization") or self.instance.organization,
            month=data.get("month") or self.instance.month,
        )


class ServiceSavedAdmin(admin.ModelAdmin):
    """Saves through the service; the key (channel and date, PPO and month) of an existing row
    stays as it is: a correction changes the figures, not what they are of."""

    key_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.key_fields if obj else ())]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        saved = self.save_through_service(request.user, obj)
        obj.pk = saved.pk
        obj._state.adding = False

    def save_through_service(self, user, obj):
        raise NotImplementedError


@admin.register(SubscriberCount)
class SubscriberCountAdmin(ServiceSavedAdmin):
    form = SubscriberCountAdminForm
    key_fields = ("channel", "date")
    list_display = ["channel", "date", "count", "recorded_by", "changes_label"]
    list_filter = ["channel__platform", "channel__organization"]
    search_fields = ["channel__title", "channel__organization__short_name"]
    date_hierarchy = "date"
    autocomplete_fields = ["channel"]
    list_select_related = ["channel__organization", "recorded_by"]
    readonly_fields = ["recorded_by", "source"]
    inlines = [FigureChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(corrections=_corrections())

    @admin.display(description=_("исправлений"), ordering="corrections")
    def changes_label(self, obj):
        return obj.corrections or "—"

    def save_through_service(self, user, obj):
        return services.subscriber_count_record(
            user=user, channel=obj.channel, date=obj.date, count=obj.count
        )


def _corrections():
    return Count("changes", filter=Q(changes__action=FigureChange.Action.CORRECTED))


@admin.register(MembershipSnapshot)
class MembershipSnapshotAdmin(ServiceSavedAdmin):
    form = MembershipAdminForm
    key_fields = ("organization", "month")
    list_display = [
        "organization",
        "month_label",
        "employees",
        "members",
        "level_label",
        "joined",
        "left",
        "changes_label",
    ]
    list_filter = ["organization"]
    search_fields = ["organization__short_name"]
    date_hierarchy = "month"
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [FigureChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(corrections=_corrections())

    @admin.display(description=_("исправлений"), ordering="corrections")
    def changes_label(self, obj):
        return obj.corrections or "—"

    def save_through_service(self, user, obj):
        return services.membership_record(
            user=user,
            organization=obj.organization,
            month=obj.month,
            employees=obj.employees,
            members=obj.members,
            joined=obj.joined,
            left=obj.left,
        )

    @admin.display(description=_("месяц"), ordering="month")
    def month_label(self, obj):
        return obj.month.strftime("%m.%Y")

    @admin.display(description=_("уровень, %"))
    def level_label(self, obj):
        return obj.level
