from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.editor import AdminRichTextWidget
from portal.files import clean_original_name
from portal.metrics import registry
from portal.organization import current_organization
from portal.periods import Period
from ppo.selectors import organizations_active

from . import services
from .models import (
    Delivery,
    DigestSubscriber,
    Document,
    Mailing,
    MailingAttachment,
    MailingDelivery,
    NewsDigest,
    Submission,
)
from .services import reminder_cooldown_message, reminder_message


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["organization", "opened_at", "opened_by", "acknowledged_at", "acknowledged_by"]
    readonly_fields = fields
    ordering = ["organization__short_name"]

    def has_add_permission(self, request, obj=None):
        return False


class DocumentAdminForm(forms.ModelForm):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Кому отправить"),
        queryset=organizations_active(),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple(_("ППО"), is_stacked=False),
        help_text=_("Пусто — всем действующим ППО."),
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "kind",
            "number",
            "dated",
            "description",
            "file",
            "is_public",
            "acknowledge_by",
        ]

    def clean_acknowledge_by(self):
        value = self.cleaned_data.get("acknowledge_by")
        # A new document, or a deadline moved: never into the past (an old one may stay).
        if (self.instance.pk is None or "acknowledge_by" in self.changed_data) and value:
            try:
                services.validate_deadline(value)
            except ValidationError as error:
                raise ValidationError(services.PAST_DEADLINE, code="past_deadline") from error
        return value


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = [
        "title",
        "kind",
        "sent_at",
        "acknowledge_by",
        "is_public",
        "progress",
        "overdue",
        "matrix_link",
    ]
    list_filter = ["kind", "is_public", ("acknowledge_by", admin.EmptyFieldListFilter)]
    search_fields = ["title", "number", "description"]
    date_hierarchy = "created_at"
    readonly_fields = ["original_name", "sent_at", "created_by", "created_at", "download"]
    inlines = [DeliveryInline]
    actions = ["remind_laggards"]

    def get_fields(self, request, obj=None):
        fields = [
            "title",
            "kind",
            "number",
            "dated",
            "description",
            "file" if obj is None else "download",
            "is_public",
            "acknowledge_by",
        ]
        if obj is None:
            fields.append("recipients")
        else:
            fields += ["sent_at", "created_by"]
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _total=Count("deliveries"),
                _done=Count("deliveries", filter=Q(deliveries__acknowledged_at__isnull=False)),
                _opened=Count("deliveries", filter=Q(deliveries__opened_at__isnull=False)),
                _overdue=Count(
                    "deliveries",
                    filter=Q(
                        deliveries__acknowledged_at__isnull=True,
                        acknowledge_by__lt=timezone.localdate(),
                    ),
                ),
            )
        )

    @admin.display(description=_("ознакомились / открыли / всего"))
    def progress(self, obj):
        return f"{obj._done} / {obj._opened} / {obj._total}"

    @admin.display(description=_("просрочено"), ordering="_overdue")
    def overdue(self, obj):
        if not obj._overdue:
            return "—"
        return format_html('<strong class="text-danger">{} {}</strong>', obj._overdue, _("ППО"))

    @admin.display(description=_("доставка"))
    def matrix_link(self, obj):
        url = reverse("documents:document_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("по ППО"))

    @admin.display(description=_("файл"))
    def download(self, obj):
        if not obj.file:
            return "—"
        url = reverse("documents:staff_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name or _("скачать"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.original_name = clean_original_name(obj.file.name)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            organizations = form.cleaned_data.get("recipients") or organizations_active()
            services.deliveries_create(document=form.instance, organizations=list(organizations))

    @admin.action(description=_("Напомнить отстающим ППО"))
    def remind_laggards(self, request, queryset):
        results = [
            services.document_remind_laggards(user=request.user, document=document)
            for document in queryset
        ]
        mails = sum(result.mails for result in results)
        if mails or not any(result.laggards for result in results):
            self.message_user(request, reminder_message(mails), messages.SUCCESS)
        else:
            self.message_user(request, reminder_cooldown_message(), messages.INFO)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "submitted_at", "status", "download"]
    list_filter = ["status", "kind", "organization"]
    search_fields = ["title", "comment", "organization__short_name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["organization"]
    fields = [
        "organization",
        "kind",
        "title",
        "comment",
        "download",
        "submitted_by",
        "submitted_at",
        "status",
        "processed_at",
        "processed_by",
        "staff_note",
    ]
    readonly_fields = [
        "organization",
        "kind",
        "title",
        "comment",
        "download",
        "submitted_by",
        "submitted_at",
        "status",
        "processed_at",
        "processed_by",
    ]
    actions = ["mark_processed"]

    def get_fields(self, request, obj=None):
        if obj is None:  # a paper document brought to the office, registered by staff
            return ["organization", "kind", "title", "comment", "file"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
            obj.original_name = clean_original_name(obj.file.name)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("файл"))
    def download(self, obj):
        url = reverse("documents:inbox_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name or _("скачать"))

    @admin.action(description=_("Отметить как обработанные"))
    def mark_processed(self, request, queryset):
        done = 0
        for submission in queryset.filter(status=Submission.Status.NEW):
            services.submission_process(user=request.user, submission=submission)
            done += 1
        self.message_user(request, _("Обработано документов: %d.") % done, messages.SUCCESS)


class MailingAttachmentInline(admin.TabularInline):
    model = MailingAttachment
    extra = 1
    fields = ["file", "original_name"]
    readonly_fields = ["original_name"]


class MailingAdminForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["subject", "body_html", "segment", "organizations", "signal_metric"]
        widgets = {"body_html": AdminRichTextWidget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal_metric"] = forms.ChoiceField(
            label=_("Показатель сигнала"),
            choices=[("", "—")] + registry.choices(),
            required=False,
            help_text=Mailing._meta.get_field("signal_metric").help_text,
        )

    def clean_body_html(self):
        return services.sanitize_html(self.cleaned_data["body_html"])

    def clean(self):
        data = super().clean()
        probe = Mailing(
            segment=data.get("segment", ""),
            signal_metric=data.get("signal_metric", ""),
            body_html=data.get("body_html", ""),
        )
        try:
            services.mailing_validate(probe)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        if data.get("segment") == Mailing.Segment.CHOSEN_OFFICERS and not data.get("organizations"):
            self.add_error("organizations", _("Выберите хотя бы одну ППО."))
        return data


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("рассылку")
    form = MailingAdminForm
    list_display = ["subject", "segment", "status", "created_at", "finished_at", "log"]
    list_filter = ["status", "segment"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    filter_horizontal = ["organizations"]
    readonly_fields = [
        "preview",
        "status",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "log",
    ]
    fieldsets = [
        (None, {"fields": ["subject", "body_html", "preview"]}),
        (_("Получатели"), {"fields": ["segment", "organizations", "signal_metric"]}),
        (
            _("Отправка"),
            {"fields": ["status", "created_by", "created_at", "started_at", "finished_at", "log"]},
        ),
    ]
    inlines = [MailingAttachmentInline]
    actions = ["send", "retry_failed"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _sent=Count("deliveries", filter=Q(deliveries__status=MailingDelivery.Status.SENT)),
                _failed=Count(
                    "deliveries", filter=Q(deliveries__status=MailingDelivery.Status.FAILED)
                ),
                _total=Count("deliveries"),
            )
        )

    @admin.display(description=_("как увидит получатель"))
    def preview(self, obj):
        # The text is stored sanitised (nh3 allow-list), so it is safe to show as HTML.
        return mark_safe(services.sanitize_html(obj.body_html)) if obj.body_html else "—"  # noqa: S308

    @admin.display(description=_("журнал: отправлено / ошибок / всего"))
    def log(self, obj):
        if obj.pk is None:
            return "—"
        url = (
            reverse("admin:documents_mailingdelivery_changelist") + f"?mailing__id__exact={obj.pk}"
        )
        sent, failed, total = (
            getattr(obj, "_sent", None),
            getattr(obj, "_failed", None),
            getattr(obj, "_total", None),
        )
        if total is None:
            counts = obj.deliveries.aggregate(
                sent=Count("pk", filter=Q(status=MailingDelivery.Status.SENT)),
                failed=Count("pk", filter=Q(status=MailingDelivery.Status.FAILED)),
                total=Count("pk"),
            )
            sent, failed, total = counts["sent"], counts["failed"], counts["total"]
        return format_html('<a href="{}">{} / {} / {}</a>', url, sent, failed, total)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            upload = inline_form.cleaned_data.get("file") if inline_form.cleaned_data else None
            if upload and inline_form.has_changed():
                inline_form.instance.original_name = clean_original_name(upload.name)
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Отправить выбранные рассылки"))
    def send(self, request, queryset):
        for mailing in queryset:
            try:
                added = services.mailing_send(user=request.user, mailing=mailing)
            except ValidationError as error:
                self.message_user(
                    request, f"«{mailing}»: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("«%(subject)s»: в очередь поставлено адресов: %(n)d.")
                    % {"subject": mailing, "n": added},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Повторить отправку на адреса с ошибкой"))
    def retry_failed(self, request, queryset):
        total = sum(
            services.mailing_retry_failed(user=request.user, mailing=mailing)
            for mailing in queryset
        )
        self.message_user(request, _("Снова в очереди адресов: %d.") % total, messages.SUCCESS)


@admin.register(MailingDelivery)
class MailingDeliveryAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("получателя рассылки")
    list_display = ["email", "mailing", "status", "error", "attempted_at", "sent_at"]
    list_filter = ["status", "mailing"]
    search_fields = ["email", "error"]
    list_select_related = ["mailing"]
    date_hierarchy = "attempted_at"
    readonly_fields = ["mailing", "email", "status", "error", "attempted_at", "sent_at"]

    def get_fields(self, request, obj=None):
        # Adding a row puts one more address in the queue; «Отправить» sends it.
        return ["mailing", "email"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestSubscriber)
class DigestSubscriberAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("подписчика дайджеста")
    list_display = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "created_at", "confirmed_at", "unsubscribed_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # Staff too only leave the address: the person confirms it from the e-mail.
        subscriber = services.digest_subscribe(email=obj.email)
        obj.pk, obj.status, obj.created_at = subscriber.pk, subscriber.status, subscriber.created_at
        obj._state.adding = False


@admin.register(NewsDigest)
class NewsDigestAdmin(admin.ModelAdmin):
    """The monthly digests as they went out (compiled and sent by beat; nothing to edit)."""

    verbose_name_accusative = _("дайджест новостей")
    list_display = ["subject", "month_label", "item_count", "recipient_count", "finished_at"]
    date_hierarchy = "month"
    fields = ["subject", "month_label", "item_count", "recipient_count", "created_at", "letter"]
    readonly_fields = fields

    @admin.display(description=_("месяц"), ordering="month")
    def month_label(self, obj):
        return str(Period.month(obj.month.year, obj.month.month))

    @admin.display(description=_("письмо"))
    def letter(self, obj):
        return render_to_string(
            "documents/partials/news_digest_sections.html",
            {**services.news_digest_context(obj), "portal_organization": current_organization()},
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
