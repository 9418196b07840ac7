"""Admin of the material base: the equipment register (with import), movements, acts, budgets."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from portal.organization import named, short_name

from .models import Budget, Equipment, EquipmentIssue, TransferAct
from .resources import EquipmentResource
from .services import act_next_number


class _Download:
    """A stored file as the file widget shows it: its link is the permission-checked view."""

    def __init__(self, url: str):
        self.url = url

    def __str__(self):
        return str(_("скачать"))


class PrivateFileWidget(AdminFileWidget):
    """The admin's file input for a private file: «На данный момент» links to the checked view
    (``download_url``, set per object by the model admin), never to a storage URL."""

    download_url = None

    def format_value(self, value):
        if value and getattr(value, "name", None) and self.download_url:
            return _Download(self.download_url)
        return None  # nothing stored, or no view to link: no storage URL either

    def is_initial(self, value):
        # Never asks the storage for a URL (an object storage would sign one).
        return isinstance(value, _Download) or bool(value and getattr(value, "name", None))


def private_file_form(form, field: str, url: str | None):
    """The admin form class with ``field``'s widget linking to ``url`` (the checked view)."""
    if field in form.base_fields:
        widget = PrivateFileWidget()
        widget.download_url = url
        form.base_fields[field].widget = widget
    return form


def download_link(field_file, url: str):
    if not field_file:
        return "—"
    return format_html('<a href="{}">{}</a>', url, _("скачать"))


class EquipmentIssueInline(admin.TabularInline):
    model = EquipmentIssue
    extra = 0
    fields = ["organization", "holder", "act", "issued_on", "ended_on", "end_reason", "end_note"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-issued_on"]

    def has_add_permission(self, request, obj=None):
        return False


class IssuedFilter(admin.SimpleListFilter):
    title = _("где находится")
    parameter_name = "where"

    def lookups(self, request, model_admin):
        return [
            ("issued", _("выдано ППО")),
            ("store", named(_("на складе {name}"))),
            ("off", _("списано")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "issued":
            return queryset.filter(_issued=True)
        if self.value() == "store":
            return queryset.filter(_issued=False, written_off_on__isnull=True)
        if self.value() == "off":
            return queryset.filter(written_off_on__isnull=False)
        return queryset


@admin.register(Equipment)
class EquipmentAdmin(ImportExportModelAdmin):
    resource_classes = [EquipmentResource]
    list_display = [
        "inventory_number",
        "kind",
        "make_model",
        "serial_number",
        "condition",
        "is_issued",
        "written_off_on",
        "card_link",
    ]
    list_filter = [IssuedFilter, "kind", "condition", "funding_source"]
    search_fields = ["inventory_number", "serial_number", "make_model", "notes"]
    date_hierarchy = "purchase_date"
    readonly_fields = ["written_off_on", "write_off_reason", "write_off_document_link"]
    fieldsets = [
        (None, {"fields": ["kind", "make_model", "serial_number", "inventory_number"]}),
        (_("Приобретение"), {"fields": ["purchase_date", "cost", "funding_source"]}),
        (_("Состояние"), {"fields": ["condition", "notes"]}),
        (
            _("Списание (оформляется в карточке оборудования)"),
            {"fields": ["written_off_on", "write_off_reason", "write_off_document_link"]},
        ),
    ]
    inlines = [EquipmentIssueInline]
    actions = ["issue_to_ppo"]

    def get_queryset(self, request):
        open_issue = EquipmentIssue.objects.filter(equipment=OuterRef("pk"), ended_on__isnull=True)
        return super().get_queryset(request).annotate(_issued=Exists(open_issue))

    @admin.action(description=_("Выдать выбранное ППО (оформить акт)"))
    def issue_to_ppo(self, request, queryset):
        query = urlencode([("item", pk) for pk in queryset.values_list("pk", flat=True)])
        return redirect(reverse("material:equipment_issue") + "?" + query)

    @admin.display(description=_("акт списания"))
    def write_off_document_link(self, obj):
        url = reverse("material:equipment_write_off_document", args=[obj.pk]) if obj.pk else ""
        return download_link(obj.write_off_document, url)

    @admin.display(description=_("выдано"), boolean=True, ordering="_issued")
    def is_issued(self, obj):
        return obj._issued

    @admin.display(description=_("движение"))
    def card_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("material:equipment_detail", args=[obj.pk]),
            _("карточка"),
        )


@admin.register(EquipmentIssue)
class EquipmentIssueAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("выдачу оборудования")
    list_display = [
        "equipment",
        "organization",
        "holder",
        "act",
        "issued_on",
        "ended_on",
        "end_reason",
    ]
    list_filter = [("ended_on", admin.EmptyFieldListFilter), "end_reason", "organization"]
    search_fields = [
        "equipment__inventory_number",
        "equipment__serial_number",
        "organization__short_name",
        "holder__full_name",
    ]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["equipment", "organization", "holder"]
    list_select_related = ["equipment", "organization", "holder", "act"]
    raw_id_fields = ["act"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        url = None
        if obj is not None and obj.end_document:
            url = reverse("material:equipment_issue_document", args=[obj.pk])
        form = super().get_form(request, obj, change=change, **kwargs)
        return private_file_form(form, "end_document", url)


class ActItemInline(admin.TabularInline):
    model = EquipmentIssue
    extra = 0
    fields = ["equipment", "issued_on", "ended_on", "end_reason"]
    readonly_fields = fields
    can_delete = False
    verbose_name = _("предмет акта")
    verbose_name_plural = _("предметы акта")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TransferAct)
class TransferActAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "organization",
        "recipient",
        "issued_by",
        "confirmed_at",
        "has_scan",
        "print_link",
    ]
    list_filter = ["year", ("confirmed_at", admin.EmptyFieldListFilter), "organization"]
    search_fields = ["number", "organization__short_name", "recipient__full_name"]
    date_hierarchy = "date"
    autocomplete_fields = ["organization", "recipient", "issued_by"]
    list_select_related = ["organization", "recipient", "issued_by"]
    readonly_fields = ["year", "number", "confirmed_at"]
    fields = [
        "year",
        "number",
        "date",
        "organization",
        "recipient",
        "issued_by",
        "signed_scan",
        "confirmed_at",
    ]
    inlines = [ActItemInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        url = None
        if obj is not None and obj.signed_scan:
            url = reverse("material:transfer_act_scan", args=[obj.pk])
        form = super().get_form(request, obj, change=change, **kwargs)
        return private_file_form(form, "signed_scan", url)

    def save_model(self, request, obj, form, change):
        if not change:  # a new act takes the next number of its year
            obj.year = obj.date.year
            obj.number = act_next_number(obj.year)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("скан"), boolean=True)
    def has_scan(self, obj):
        return bool(obj.signed_scan)

    @admin.display(description=_("печать"))
    def print_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("material:transfer_act", args=[obj.pk]), _("акт")
        )


class BelowMinimumFilter(admin.SimpleListFilter):
    title = _("5 % на информационную работу")
    parameter_name = "share"

    def lookups(self, request, model_admin):
        return [("below", _("ниже нормы")), ("ok", _("норма выполнена"))]

    def queryset(self, request, queryset):
        if self.value() not in ("below", "ok"):
            return queryset
        ids = [b.pk for b in queryset if bool(b.meets_minimum) == (self.value() == "ok")]
        return queryset.filter(pk__in=ids)


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("смету на информационную работу")
    list_display = [
        "owner",
        "year",
        "total",
        "planned_total_label",
        "actual_total_label",
        "share_label",
        "meets_minimum_label",
    ]
    list_filter = ["year", BelowMinimumFilter, ("organization", admin.EmptyFieldListFilter)]
    search_fields = ["organization__short_name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    fieldsets = [
        (None, {"fields": ["organization", "year", "total"]}),
        (
            _("План расходов на информационную работу"),
            {
                "fields": [
                    "planned_equipment",
                    "planned_printing",
                    "planned_subscriptions",
                    "planned_training",
                    "planned_contests",
                    "planned_promotion",
                    "planned_other",
                ]
            },
        ),
        (
            _("Фактические расходы на информационную работу"),
            {
                "fields": [
                    "actual_equipment",
                    "actual_printing",
                    "actual_subscriptions",
                    "actual_training",
                    "actual_contests",
                    "actual_promotion",
                    "actual_other",
                ]
            },
        ),
    ]

    @admin.display(description=_("организация"), ordering="organization__short_name")
    def owner(self, obj):
        return obj.organization or short_name()

    @admin.display(description=_("план, руб."))
    def planned_total_label(self, obj):
        return obj.planned_total

    @admin.display(description=_("факт, руб."))
    def actual_total_label(self, obj):
        return obj.actual_total

    @admin.display(description=_("доля, %"))
    def share_label(self, obj):
        return obj.actual_share

    @admin.display(description=_("не менее 5 %"), boolean=True)
    def meets_minimum_label(self, obj):
        return obj.meets_minimum
