"""Admin of publications: the full list for staff, with a link to the moderation queue."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.editor import AdminRichTextWidget

from .models import (
    CrossPost,
    ModerationEvent,
    OutsideMediaPublication,
    PrintedIssue,
    Publication,
    PublicationPhoto,
)
from .services import sanitize_body


class PublicationPhotoInline(admin.TabularInline):
    model = PublicationPhoto
    extra = 0
    fields = ["image", "caption", "credit", "order"]
    readonly_fields = ["image"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # photos go through portal.images (the cabinet or staff form)


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    fields = ["created_at", "actor", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CrossPostInline(admin.TabularInline):
    model = CrossPost
    extra = 0
    fields = ["platform", "status", "url", "error", "attempts", "attempted_at", "posted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("публикацию")
    change_list_template = "admin/publications/publication/change_list.html"
    list_display = ["title", "organization", "status", "category", "photos_count", "published_at"]
    list_filter = ["status", "category", "organization"]
    search_fields = ["title", "lead", "organization__short_name", "author__email"]
    date_hierarchy = "published_at"
    list_select_related = ["organization"]
    # State changes go through the moderation pages, which record the history.
    readonly_fields = [
        "status",
        "author",
        "submitted_at",
        "approved_at",
        "published_at",
        "publish_at",
        "created_at",
        "updated_at",
    ]
    fields = [
        "organization",
        "author",
        "title",
        "lead",
        "body",
        "event_date",
        "category",
        "vk_url",
        "telegram_url",
        "status",
        "publish_at",
        "submitted_at",
        "approved_at",
        "published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [PublicationPhotoInline, ModerationEventInline, CrossPostInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = AdminRichTextWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The same rules as the services: sanitised body; a new one is a draft by this user.
        obj.body = sanitize_body(obj.body)
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        if not change:
            ModerationEvent.objects.create(
                publication=obj,
                actor=request.user,
                from_status=obj.status,
                to_status=obj.status,
                comment="Черновик создан в администрировании",
            )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_photos=Count("photos"))

    @admin.display(description=_("фото"), ordering="_photos")
    def photos_count(self, obj):
        return obj._photos


class _RecordedByAdmin(admin.ModelAdmin):
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(OutsideMediaPublication)
class OutsideMediaPublicationAdmin(_RecordedByAdmin):
    verbose_name_accusative = _("публикацию во внешних СМИ")
    list_display = ["published_on", "outlet", "title", "kind", "organization"]
    list_filter = ["kind", "published_on"]
    search_fields = ["outlet", "title", "url", "organization__short_name"]
    date_hierarchy = "published_on"
    fields = [
        "kind",
        "outlet",
        "title",
        "published_on",
        "url",
        "organization",
        "created_by",
        "created_at",
    ]


@admin.register(PrintedIssue)
class PrintedIssueAdmin(_RecordedByAdmin):
    verbose_name_accusative = _("печатный выпуск")
    list_display = ["issued_on", "title", "kind", "copies", "has_social_links", "organization"]
    list_filter = ["kind", "has_social_links", "issued_on"]
    search_fields = ["title", "organization__short_name"]
    date_hierarchy = "issued_on"
    fields = [
        "kind",
        "title",
        "issued_on",
        "copies",
        "has_social_links",
        "organization",
        "created_by",
        "created_at",
    ]
