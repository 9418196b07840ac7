"""The electronic archive of photos and videos of events: albums and their items."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from portal.organization import abbreviation
from portal.storage import private_storage
from portal.uploads import UploadValidator


def _original_path(item, filename: str) -> str:
    # The name is already generated (uuid) by the cleaning step; the folder keeps it unguessable.
    return f"archive/originals/{uuid.uuid4().hex[:2]}/{filename.rsplit('/', 1)[-1]}"


def _rendition_path(item, filename: str) -> str:
    return f"archive/renditions/{uuid.uuid4().hex[:2]}/{filename.rsplit('/', 1)[-1]}"


def _export_path(export, filename: str) -> str:
    # Never the album's id in the name: the file is private anyway, the name gives nothing away.
    return f"archive/exports/{uuid.uuid4().hex}.zip"


class Album(models.Model):
    """An event's photos and videos, owned by a PPO or by the ЧРО itself (no organization)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Всем на сайте")
        INTERNAL = "internal", _("Только членам профсоюза (после входа)")
        STAFF = "staff", _("Только аппарату республиканской организации")

    title = models.CharField(_("мероприятие"), max_length=200)
    event_date = models.DateField(_("дата мероприятия"))
    place = models.CharField(_("место"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="albums",
        verbose_name=_("ППО"),
        help_text=_("Пусто — альбом республиканской организации."),
    )
    description = models.TextField(_("описание"), blank=True)
    visibility = models.CharField(
        _("кто видит"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    tags = TaggableManager(_("метки"), blank=True, help_text=_("Через запятую."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("альбом")
        verbose_name_plural = _("альбомы")
        ordering = ["-event_date", "-pk"]
        indexes = [models.Index(fields=["visibility", "-event_date"])]

    def __str__(self):
        return f"{self.title} ({self.event_date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("media_archive:album_detail", kwargs={"pk": self.pk})

    @property
    def owner_label(self) -> str:
        return self.organization.short_name if self.organization_id else abbreviation()


class MediaItem(models.Model):
    """A photo, an uploaded video file or a link to a video on VK Video / RuTube / YouTube."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Фото")
        VIDEO = "video", _("Видеофайл")
        VIDEO_LINK = "link", _("Видео по ссылке")

    class Rights(models.TextChoices):
        INTERNAL = "internal", _("Только для архива: согласия людей в кадре нет")
        SITE = "site", _("Можно публиковать на сайте")
        SOCIAL = "social", _("Можно на сайте и в социальных сетях")

    class Platform(models.TextChoices):
        VK = "vk", _("VK Видео")
        RUTUBE = "rutube", _("RuTube")
        YOUTUBE = "youtube", _("YouTube")

    album = models.ForeignKey(
        Album, on_delete=models.CASCADE, related_name="items", verbose_name=_("альбом")
    )
    kind = models.CharField(_("вид"), max_length=5, choices=Kind.choices)
    # Every file of the archive is private (never under MEDIA_URL): originals through
    # ItemOriginalView, renditions through ItemImageView, both asking can_view_item.
    original = models.FileField(
        _("оригинал"),
        upload_to=_original_path,
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("archive_photo", "archive_video")],
    )
    original_name = models.CharField(_("имя файла при загрузке"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    thumbnail = models.FileField(
        _("миниатюра"), upload_to=_rendition_path, storage=private_storage, blank=True
    )
    web = models.FileField(
        _("для сайта"), upload_to=_rendition_path, storage=private_storage, blank=True
    )
    width = models.PositiveIntegerField(_("ширина"), null=True, blank=True)
    height = models.PositiveIntegerField(_("высота"), null=True, blank=True)
    video_url = models.URLField(_("ссылка на видео"), blank=True)
    platform = models.CharField(_("площадка"), max_length=10, choices=Platform.choices, blank=True)
    embed_url = models.URLField(_("адрес встраивания"), blank=True)
    caption = models.CharField(_("подпись"), max_length=300, blank=True)
    author_credit = models.CharField(_("автор"), max_length=150, blank=True)
    rights = models.CharField(
        _("согласие и права"), max_length=10, choices=Rights.choices, default=Rights.SITE
    )
    taken_at = models.DateTimeField(_("дата съёмки"), null=True, blank=True)
    duration = models.DurationField(_("длительность"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("загрузил"),
    )
    created_at = models.DateTimeField(_("загружено"), auto_now_add=True)

    class Meta:
        verbose_name = _("фото или видео")
        verbose_name_plural = _("фото и видео")
        ordering = ["album", "taken_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="media_item_has_content",
                condition=(Q(kind="link") & ~Q(video_url="") & Q(original=""))
                | (Q(kind__in=["photo", "video"]) & ~Q(original="") & Q(video_url="")),
                violation_error_message=_("Нужен либо файл, либо ссылка на видео."),
            ),
        ]

    def __str__(self):
        return self.caption or self.original_name or self.video_url or f"#{self.pk}"

    @property
    def is_photo(self) -> bool:
        return self.kind == self.Kind.PHOTO

    @property
    def has_file(self) -> bool:
        return self.kind in (self.Kind.PHOTO, self.Kind.VIDEO)

    @property
    def download_name(self) -> str:
        extension = self.original.name.rsplit(".", 1)[-1] if self.original else ""
        stem = (self.original_name or "").rsplit(".", 1)[0] or f"item-{self.pk}"
        return f"{self.pk:05d}-{stem}.{extension}"


class AlbumExport(models.Model):
    """A ZIP of an album's originals built by a Celery task for one user (large albums)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Готовится")
        READY = "ready", _("Готов")
        FAILED = "failed", _("Ошибка")

    album = models.ForeignKey(
        Album, on_delete=models.CASCADE, related_name="exports", verbose_name=_("альбом")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("запросил"),
    )
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("архив"), upload_to=_export_path, storage=private_storage, blank=True)
    item_count = models.PositiveIntegerField(_("файлов"), default=0)
    created_at = models.DateTimeField(_("запрошен"), auto_now_add=True)
    finished_at = models.DateTimeField(_("готов"), null=True, blank=True)

    class Meta:
        verbose_name = _("ZIP-архив альбома")
        verbose_name_plural = _("ZIP-архивы альбомов")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.album} — {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("media_archive:export_download", kwargs={"pk": self.pk})
