import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from portal.access import public
from portal.forms import apply_validation_error
from portal.organization import abbreviation
from portal.pagecache import PublicPageCacheMixin
from portal.permissions import is_staff_member
from ppo.selectors import officer_organization

from . import selectors, services
from .forms import AlbumFilterForm, AlbumForm, PhotoUploadForm, VideoForm
from .models import Album, AlbumExport, MediaItem
from .permissions import can_manage_album, can_manage_archive, can_view_item


@public
class AlbumListView(PublicPageCacheMixin, ListView):
    """Public albums (and internal ones for logged-in users), searched and filtered."""

    page_cache_groups = ("archive", "ppo")

    template_name = "media_archive/album_list.html"
    context_object_name = "albums"

    def get_paginate_by(self, queryset):
        return settings.ARCHIVE_PAGE_SIZE

    def get_queryset(self):
        self.filter_form = AlbumFilterForm(self.request.GET or None)
        filters = selectors.AlbumFilters()
        if self.filter_form.is_bound:
            self.filter_form.is_valid()
            # The filters that are right apply; a wrong one is explained next to its field.
            data = self.filter_form.cleaned_data
            filters = selectors.AlbumFilters(
                text=data.get("q", "").strip(),
                tag=data.get("tag", ""),
                organization_id=data.get("organization"),
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                kind=data.get("kind", ""),
            )
        self.filters = filters
        return selectors.album_search(self.request.user, filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        choices = []
        for organization in self.filter_form.ppo_choices:
            query["organization"] = organization.slug
            choices.append((organization, query.urlencode()))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            ppo_choices=choices,
            filters=self.filters,
            tags=selectors.popular_tags(self.request.user),
            querystring=query.urlencode(),
            can_manage=can_manage_archive(self.request.user),
        )
        return context


@public
class AlbumDetailView(PublicPageCacheMixin, ListView):
    template_name = "media_archive/album_detail.html"
    page_cache_groups = ("archive", "ppo")
    context_object_name = "items"

    def get_paginate_by(self, queryset):
        return settings.ARCHIVE_PAGE_SIZE * 2

    def get_queryset(self):
        self.album = selectors.album_for_page(self.request.user, self.kwargs["pk"])
        if self.album is None:
            raise Http404
        return selectors.album_items(self.request.user, self.album)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        download_count, zip_is_async = selectors.album_zip_is_large(user, self.album)
        context.update(
            album=self.album,
            can_manage=can_manage_album(user, self.album),
            download_count=download_count,
            zip_is_async=zip_is_async,
        )
        return context


@public
class ItemOriginalView(View):
    """The original file, permission-checked (never a public media URL)."""

    def get(self, request, pk):
        item = get_object_or_404(
            MediaItem.objects.select_related("album").exclude(original=""), pk=pk
        )
        if not can_view_item(request.user, item):
            raise Http404
        inline = request.GET.get("inline") == "1" and item.kind == MediaItem.Kind.VIDEO
        response = FileResponse(
            item.original.open("rb"), as_attachment=not inline, filename=item.download_name
        )
        response["Cache-Control"] = "private, max-age=3600"
        return response


RENDITION_FIELDS = ("thumbnail", "web")


@public
class ItemImageView(View):
    """A rendition (thumbnail or web size) of a photo: every archive file is private, so even a
    public album's images pass this check (a photo without consent stays inside the union)."""

    def get(self, request, pk, size):
        if size not in RENDITION_FIELDS:
            raise Http404
        item = get_object_or_404(
            MediaItem.objects.select_related("album")
            .filter(kind=MediaItem.Kind.PHOTO)
            .exclude(**{size: ""}),
            pk=pk,
        )
        if not can_view_item(request.user, item):
            raise Http404
        response = FileResponse(getattr(item, size).open("rb"), content_type="image/jpeg")
        # Browsers may keep it; shared caches may not (the album's visibility can change).
        response["Cache-Control"] = "private, max-age=3600"
        return response


def _zip_name(album: Album) -> str:
    return f"{album.event_date:%Y-%m-%d}-{slugify(album.title, allow_unicode=True)[:60]}.zip"


@public
class AlbumZipView(View):
    """A small album is zipped at once; a large one by a task, with an e-mail when ready."""

    def get(self, request, pk):
        album = selectors.album_for_page(request.user, pk)
        if album is None:
            raise Http404
        items = selectors.album_download_items(request.user, album)
        if not selectors.album_zip_is_large(request.user, album)[1]:
            # FileResponse closes the file when the response is done.
            target = tempfile.TemporaryFile()  # noqa: SIM115
            services.album_zip_write(items, target)
            target.seek(0)
            return FileResponse(target, as_attachment=True, filename=_zip_name(album))
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        services.album_export_request(user=request.user, album=album)
        messages.info(
            request,
            _(
                "Альбом большой: архив готовится. Мы пришлём письмо на %(email)s, когда его "
                "можно будет скачать."
            )
            % {"email": request.user.email},
        )
        return redirect(album)


class ExportDownloadView(View):
    def get(self, request, pk):
        export = get_object_or_404(
            selectors.exports_of(request.user).exclude(file=""),
            pk=pk,
            status=AlbumExport.Status.READY,
        )
        if selectors.album_for_page(request.user, export.album_id) is None:
            raise Http404
        return FileResponse(
            export.file.open("rb"), as_attachment=True, filename=_zip_name(export.album)
        )


# --- The cabinet: officers (their PPO's albums) and staff (all albums) ---------------------------


class ArchiveManagerMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_archive(request.user):
            raise PermissionDenied(
                _("Фотоархив в кабинете доступен ответственным ППО и аппарату %(name)s.")
                % {"name": abbreviation()}
            )
        self.organization = officer_organization(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_album(self) -> Album:
        if not hasattr(self, "album"):
            self.album = get_object_or_404(
                selectors.albums_manageable_by(self.request.user).select_related("organization"),
                pk=self.kwargs["pk"],
            )
        return self.album

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organization"] = self.organization
        return context


class CabinetAlbumListView(ArchiveManagerMixin, ListView):
    template_name = "media_archive/cabinet_album_list.html"
    context_object_name = "albums"
    paginate_by = 30

    def get_queryset(self):
        return selectors.manageable_album_list(self.request.user)


class AlbumFormMixin(ArchiveManagerMixin):
    template_name = "media_archive/album_form.html"
    form_class = AlbumForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["can_choose_organization"] = is_staff_member(self.request.user)
        return kwargs


class CabinetAlbumCreateView(AlbumFormMixin, FormView):
    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            album = services.album_create(user=self.request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Альбом создан. Теперь добавьте фотографии."))
        return redirect("media_archive:cabinet_album_detail", pk=album.pk)


class CabinetAlbumUpdateView(AlbumFormMixin, FormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_album()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["album"] = self.get_album()
        return context

    def form_valid(self, form):
        album = self.get_album()
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "tags"}
        try:
            services.album_update(
                user=self.request.user, album=album, tags=form.cleaned_data["tags"], **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Изменения сохранены."))
        return redirect("media_archive:cabinet_album_detail", pk=album.pk)


class CabinetAlbumDetailView(ArchiveManagerMixin, TemplateView):
    """The album's items (renditions) with the bulk upload form."""

    template_name = "media_archive/cabinet_album_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_manage_context(self.get_album(), kwargs.get("upload_form")))
        return context


def _manage_context(album: Album, upload_form=None) -> dict:
    return {
        "album": album,
        "items": album.items.order_by("taken_at", "pk"),
        "upload_form": upload_form or PhotoUploadForm(),
    }


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class CabinetPhotoUploadView(ArchiveManagerMixin, TemplateView):
    """POST many photos: each file gets its own result (added / rejected and why).

    The script sends one file per request and reads JSON; the plain form sends them all."""

    template_name = "media_archive/upload_result.html"
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect("media_archive:cabinet_album_detail", pk=self.get_album().pk)

    def post(self, request, *args, **kwargs):
        album = self.get_album()
        form = PhotoUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            if _wants_json(request):
                return JsonResponse(
                    {
                        "ok": False,
                        "name": "",
                        "message": " ".join(form.errors.get("files", []))
                        or _("Проверьте поля формы."),
                    },
                    status=400,
                )
            return self.response_class(
                request=request,
                template=[CabinetAlbumDetailView.template_name],
                context={"organization": self.organization, **_manage_context(album, form)},
                using=self.template_engine,
            )
        results = []
        for upload in form.cleaned_data["files"]:
            results.append(self._add_one(album, upload, form.cleaned_data))
        if _wants_json(request):
            result = results[0]
            return JsonResponse(result, status=200 if result["ok"] else 422)
        added = sum(1 for r in results if r["ok"])
        return self.render_to_response(
            self.get_context_data(
                album=album, results=results, added=added, rejected=len(results) - added
            )
        )

    def _add_one(self, album, upload, data) -> dict:
        name = upload.name.rsplit("/", 1)[-1]
        try:
            item = services.photo_add(
                user=self.request.user,
                album=album,
                upload=upload,
                caption=data["caption"],
                author_credit=data["author_credit"],
                rights=data["rights"],
            )
        except ValidationError as error:
            return {"ok": False, "name": name, "message": " ".join(error.messages)}
        item.refresh_from_db(fields=["thumbnail"])
        return {
            "ok": True,
            "name": name,
            "message": _("Добавлено"),
            "id": item.pk,
            "thumbnail": reverse(
                "media_archive:item_image", kwargs={"pk": item.pk, "size": "thumbnail"}
            )
            if item.thumbnail
            else "",
        }


class CabinetVideoAddView(ArchiveManagerMixin, FormView):
    template_name = "media_archive/video_form.html"
    form_class = VideoForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["album"] = self.get_album()
        return context

    def form_valid(self, form):
        album = self.get_album()
        try:
            services.video_add(user=self.request.user, album=album, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Видео добавлено."))
        return redirect("media_archive:cabinet_album_detail", pk=album.pk)


class CabinetItemDeleteView(ArchiveManagerMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(
            MediaItem.objects.filter(album__in=selectors.albums_manageable_by(request.user)),
            pk=pk,
        )
        album_pk = item.album_id
        services.item_delete(user=request.user, item=item)
        messages.success(request, _("Удалено из альбома."))
        return redirect(reverse("media_archive:cabinet_album_detail", kwargs={"pk": album_pk}))
