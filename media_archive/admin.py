from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services, video
from .forms import MoveItemsForm
from .models import Album, MediaItem


class MediaItemInline(admin.TabularInline):
    model = MediaItem
    extra = 0
    fields = ["preview", "kind", "caption", "author_credit", "rights", "taken_at"]
    readonly_fields = ["preview", "kind", "taken_at"]
    show_change_link = True
    can_delete = True

    def has_add_permission(self, request, obj=None):
        # Photos come through the cabinet's upload, which validates and re-encodes them.
        return False

    @admin.display(description=_("миниатюра"))
    def preview(self, item):
        return _preview(item)


def _preview(item):
    if item.thumbnail:
        url = reverse("media_archive:item_image", kwargs={"pk": item.pk, "size": "thumbnail"})
        return format_html('<img src="{}" alt="" class="archive-admin-thumb">', url)
    return item.get_kind_display()


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    list_display = ["title", "event_date", "organization", "visibility", "item_count", "tag_list"]
    list_filter = ["visibility", "organization", "event_date"]
    search_fields = ["title", "place", "description", "tags__name"]
    date_hierarchy = "event_date"
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [MediaItemInline]
    actions = ["make_public", "make_internal"]

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .select_related("organization")
            .prefetch_related("tags")
            .annotate(n=Count("items"))
        )

    @admin.display(description=_("файлов"), ordering="n")
    def item_count(self, album):
        return album.n

    @admin.display(description=_("метки"))
    def tag_list(self, album):
        return ", ".join(tag.name for tag in album.tags.all())

    @admin.action(description=_("Открыть выбранные альбомы всем на сайте"))
    def make_public(self, request, queryset):
        count = queryset.update(visibility=Album.Visibility.PUBLIC)
        self.message_user(request, _("Открыто альбомов: %d.") % count)

    @admin.action(description=_("Показывать выбранные альбомы только членам профсоюза"))
    def make_internal(self, request, queryset):
        count = queryset.update(visibility=Album.Visibility.INTERNAL)
        self.message_user(request, _("Изменено альбомов: %d.") % count)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class MediaItemAdminForm(forms.ModelForm):
    """Staff add links to videos here; files come through the cabinet's checked upload."""

    class Meta:
        model = MediaItem
        fields = ["album", "video_url", "caption", "author_credit", "rights", "duration"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None or self.instance.kind == MediaItem.Kind.VIDEO_LINK:
            url = data.get("video_url")
            if not url:
                self.add_error("video_url", _("Укажите ссылку на видео."))
                return data
            try:
                self.instance.platform, self.instance.embed_url = video.embed_for(url)
            except ValidationError as error:
                self.add_error("video_url", error)
            self.instance.kind = MediaItem.Kind.VIDEO_LINK
        return data


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    form = MediaItemAdminForm
    list_display = ["preview", "__str__", "album", "kind", "rights", "author_credit", "taken_at"]
    list_display_links = ["__str__"]
    list_filter = ["kind", "rights", "album__organization", "album__visibility"]
    search_fields = ["caption", "author_credit", "original_name", "album__title"]
    date_hierarchy = "created_at"
    list_select_related = ["album", "album__organization"]
    autocomplete_fields = ["album"]
    actions = ["move_to_album"]

    def get_fields(self, request, obj=None):
        common = ["album", "caption", "author_credit", "rights", "duration"]
        if obj is None or obj.kind == MediaItem.Kind.VIDEO_LINK:
            return ["album", "video_url", *common[1:], "platform", "embed_url"]
        return [
            *common,
            "preview",
            "kind",
            "original_name",
            "file_size",
            "width",
            "height",
            "taken_at",
            "uploaded_by",
            "created_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["preview", "platform", "embed_url", "created_at"]
        if obj is not None and obj.kind != MediaItem.Kind.VIDEO_LINK:
            readonly += [
                "kind",
                "original_name",
                "file_size",
                "width",
                "height",
                "taken_at",
                "uploaded_by",
            ]
        return readonly

    @admin.display(description=_("миниатюра"))
    def preview(self, item):
        return _preview(item)

    @admin.action(description=_("Переместить в другой альбом…"))
    def move_to_album(self, request, queryset):
        form = MoveItemsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            moved = services.items_move(
                user=request.user, items=list(queryset), album=form.cleaned_data["album"]
            )
            self.message_user(
                request,
                _("Перемещено в альбом «%(album)s»: %(n)d.")
                % {"album": form.cleaned_data["album"].title, "n": moved},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/media_archive/move_items.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Переместить в другой альбом"),
                "opts": self.model._meta,
                "form": form,
                "items": queryset.select_related("album"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
