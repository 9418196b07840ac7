from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Contest, Criterion, Entry, EntryPhoto, Juror, Nomination


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ["title", "order"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["title", "max_score", "order"]


class JurorInline(admin.TabularInline):
    model = Juror
    extra = 0
    fields = ["user", "organization", "is_chair"]
    autocomplete_fields = ["user"]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "submission_starts",
        "submission_ends",
        "judging_ends",
        "entry_count",
        "results_published_at",
        "page_link",
    ]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "description"]
    date_hierarchy = "submission_starts"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["results_published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "description", "rules_url", "is_public"]}),
        (
            _("Сроки"),
            {"fields": ["submission_starts", "submission_ends", "judging_starts", "judging_ends"]},
        ),
        (_("Ограничения"), {"fields": ["max_files_per_entry", "max_video_minutes"]}),
        (_("Итоги"), {"fields": ["results_published_at"]}),
    ]
    inlines = [NominationInline, CriterionInline, JurorInline]
    actions = ["publish_results"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_entries=Count("entries"))

    @admin.display(description=_("работ"), ordering="_entries")
    def entry_count(self, obj):
        return obj._entries

    @admin.display(description=_("страница"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("на сайте"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new contest without criteria gets the defaults of its kind.
        if services.contest_apply_default_criteria(contest=form.instance):
            self.message_user(
                request, _("Добавлены критерии оценки по умолчанию для этого вида конкурса.")
            )

    @admin.action(description=_("Опубликовать итоги"))
    def publish_results(self, request, queryset):
        for contest in queryset:
            try:
                count = services.contest_publish_results(user=request.user, contest=contest)
            except ValidationError as error:
                self.message_user(
                    request, f"«{contest}»: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("«%(contest)s»: итоги опубликованы, работ: %(n)d.")
                    % {"contest": contest, "n": count},
                    messages.SUCCESS,
                )


class EntryPhotoInline(admin.TabularInline):
    model = EntryPhoto
    extra = 0
    fields = ["preview"]
    readonly_fields = ["preview"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("фото"))
    def preview(self, obj):
        url = reverse("contests:entry_photo", args=[obj.pk])
        return format_html('<a href="{}"><img src="{}" width="120" alt=""></a>', url, url)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Staff see and correct entries (e.g. the nomination); scores are the jury's alone."""

    verbose_name_accusative = _("конкурсную работу")

    list_display = ["title", "contest", "nomination", "organization", "author", "score", "place"]
    list_filter = ["contest", "nomination"]
    search_fields = ["title", "author", "organization__short_name"]
    list_select_related = ["contest", "nomination", "organization"]
    readonly_fields = ["submitted_by", "submitted_at", "score", "place"]
    fields = [
        "contest",
        "nomination",
        "organization",
        "title",
        "author",
        "description",
        "link",
        "submitted_by",
        "submitted_at",
        "score",
        "place",
    ]
    inlines = [EntryPhotoInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    verbose_name_accusative = _("члена жюри")
    list_display = ["user", "contest", "organization", "is_chair"]
    list_filter = ["contest", "is_chair"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "contest", "organization"]
