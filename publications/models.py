"""News submitted by PPO officers (and the ЧРО's own), their photos and their moderation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import SplitStorage
from portal.uploads import UploadValidator
from ppo.models import PrimaryOrganization


class Publication(models.Model):
    """A news item. Moderated like Wagtail's workflow:
    draft -> submitted -> approved (scheduled) / published, changes requested, rejected."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        SUBMITTED = "submitted", _("На модерации")
        CHANGES_REQUESTED = "changes_requested", _("Нужны правки")
        APPROVED = "approved", _("Одобрена, ждёт публикации")
        PUBLISHED = "published", _("Опубликована")
        REJECTED = "rejected", _("Отклонена")

    class Category(models.TextChoices):
        EVENTS = "events", _("События и мероприятия")
        PROTECTION = "protection", _("Защита прав работников")
        LABOUR_SAFETY = "labour_safety", _("Охрана труда")
        SOCIAL = "social", _("Социальная поддержка")
        YOUTH = "youth", _("Молодёжь")
        SPORT_CULTURE = "sport_culture", _("Спорт и культура")
        TRAINING = "training", _("Обучение")
        AWARDS = "awards", _("Награды и поздравления")
        OTHER = "other", _("Другое")

    # States in which the author (an officer) may still change the text.
    AUTHOR_EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("ППО"),
        help_text=_("Пусто — новость самой республиканской организации"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("автор"),
    )
    # A draft may be saved without a title (nothing the author typed or uploaded is lost);
    # submission requires it (services._check_complete).
    title = models.CharField(_("заголовок"), max_length=200, blank=True)
    lead = models.TextField(
        _("анонс"),
        max_length=500,
        blank=True,
        help_text=_("Одно-два предложения: их видно в ленте и при репосте ВКонтакте и в Telegram."),
    )
    body = models.TextField(
        _("текст"),
        blank=True,
        help_text=_("Абзацы, списки и ссылки; остальное форматирование удаляется."),
    )
    event_date = models.DateField(_("дата события"), null=True, blank=True)
    category = models.CharField(_("рубрика"), max_length=20, choices=Category.choices, blank=True)
    vk_url = models.URLField(_("пост ВКонтакте"), max_length=300, blank=True)
    telegram_url = models.URLField(_("пост в Telegram"), max_length=300, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(_("опубликовать в"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("отправлена на модерацию"), null=True, blank=True)
    approved_at = models.DateTimeField(_("одобрена"), null=True, blank=True)
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("публикация")
        verbose_name_plural = _("публикации")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="ppo_pub_status_published"),
            models.Index(fields=["organization", "approved_at"], name="ppo_pub_org_approved"),
            # The public feed's order (``public_at``, newest first): the home page's and the
            # feed's first news are read off it instead of sorting every public news.
            models.Index(
                Coalesce("published_at", "publish_at").desc(),
                F("id").desc(),
                name="publications_public_at",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="ppo_publication_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title or str(_("Без заголовка"))

    def get_absolute_url(self):
        return reverse("publications:news_detail", kwargs={"pk": self.pk})

    @property
    def is_chro_news(self) -> bool:
        return self.organization_id is None

    @property
    def social_link_count(self) -> int:
        return int(bool(self.vk_url)) + int(bool(self.telegram_url))


# A photo's files are private (``private/...``, served by the permission-checked view
# publications:photo_file) until its news is published, public media after (see photos.py).
_photo_storage = SplitStorage(private_url_name="publications:photo_file")


def photo_storage():
    return _photo_storage


def _photo_path(instance, filename):
    name = f"publications/{instance.publication_id or 'new'}/{filename}"
    published = instance.publication_id and (
        instance.publication.status == Publication.Status.PUBLISHED
    )
    return name if published else SplitStorage.private_name(name)


def _rendition_path(instance, filename):
    """Next to the original: a rendition made before the news went live is private with it."""
    name = f"publications/{instance.publication_id}/renditions/{filename}"
    private = SplitStorage.is_private(instance.image.name)
    return SplitStorage.private_name(name) if private else name


class PublicationPhoto(models.Model):
    """A photo of a publication: the stored original is already a clean re-encoding."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="photos", verbose_name=_("публикация")
    )
    # No width_field/height_field: those make Django open the file on every reload.
    image = models.ImageField(
        _("оригинал"),
        upload_to=_photo_path,
        storage=photo_storage,
        validators=[UploadValidator("news_photo")],
    )
    width = models.PositiveIntegerField(_("ширина"), default=0)
    height = models.PositiveIntegerField(_("высота"), default=0)
    thumbnail = models.ImageField(
        _("миниатюра"), upload_to=_rendition_path, storage=photo_storage, blank=True
    )
    web = models.ImageField(
        _("для сайта"), upload_to=_rendition_path, storage=photo_storage, blank=True
    )
    original_name = models.CharField(_("имя загруженного файла"), max_length=255, blank=True)
    caption = models.CharField(_("подпись"), max_length=300, blank=True)
    credit = models.CharField(_("автор фото"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    # The archive item (media_archive.MediaItem) this photo was copied from, if any. A plain id,
    # not a foreign key: the photo is an independent copy, and the archive may change or delete
    # its item; the id only marks «already added» in the archive picker.
    archive_item_id = models.PositiveIntegerField(
        _("из фотоархива, №"), null=True, blank=True, editable=False
    )
    uploaded_at = models.DateTimeField(_("загружено"), auto_now_add=True)

    class Meta:
        verbose_name = _("фотография публикации")
        verbose_name_plural = _("фотографии публикаций")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.original_name or f"Фото {self.pk}"

    @property
    def has_renditions(self) -> bool:
        return bool(self.thumbnail and self.web)

    @property
    def files(self) -> list:
        """The photo's stored files (original and renditions made so far)."""
        return [file for file in (self.image, self.thumbnail, self.web) if file]


class Review(models.Model):
    """One round of moderation: opened on submission, closed by the moderator's decision."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Одобрена")
        CHANGES_REQUESTED = "changes_requested", _("Нужны правки")
        REJECTED = "rejected", _("Отклонена")

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("публикация")
    )
    opened_at = models.DateTimeField(_("отправлена"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("отправил"),
    )
    closed_at = models.DateTimeField(_("рассмотрена"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("модератор"),
    )
    outcome = models.CharField(_("решение"), max_length=20, choices=Outcome.choices, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("рассмотрение")
        verbose_name_plural = _("рассмотрения")
        ordering = ["opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(closed_at__isnull=True),
                name="ppo_one_open_review_per_publication",
                violation_error_message=_("Публикация уже на модерации."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""),
                name="ppo_closed_review_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.publication}: {self.opened_at:%d.%m.%Y}"


class PublicationVersion(models.Model):
    """The text of a publication as it was sent to moderation (one per submission), so the
    moderator can see what changed since the previous submission."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="versions", verbose_name=_("публикация")
    )
    number = models.PositiveIntegerField(_("номер версии"))
    title = models.CharField(_("заголовок"), max_length=200)
    lead = models.TextField(_("анонс"), blank=True)
    body = models.TextField(_("текст"), blank=True)
    submitted_at = models.DateTimeField(_("отправлена на модерацию"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("отправил"),
    )

    class Meta:
        verbose_name = _("версия публикации")
        verbose_name_plural = _("версии публикаций")
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="publications_version_number_once"
            ),
        ]

    def __str__(self):
        return f"{self.publication}: {self.number}"


class ModerationEvent(models.Model):
    """A transition of a publication: who, when, from which state to which, and why."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="events", verbose_name=_("публикация")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
        help_text=_("Пусто — портал сам (публикация по расписанию)"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)
    from_status = models.CharField(
        _("из состояния"), max_length=20, choices=Publication.Status.choices
    )
    to_status = models.CharField(
        _("в состояние"), max_length=20, choices=Publication.Status.choices
    )
    comment = models.TextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("событие модерации")
        verbose_name_plural = _("история модерации")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.publication}: {self.from_status} → {self.to_status}"


class CrossPost(models.Model):
    """The publication posted by the portal to the ЧРО's own VK wall or Telegram channel.

    Requested by staff at approval; sent (by a task) once the publication is live; a failure keeps
    its Russian reason until staff retry."""

    class Platform(models.TextChoices):
        VK = "vk", _("ВКонтакте организации")
        TELEGRAM = "telegram", _("Telegram-канал организации")

    class Status(models.TextChoices):
        WAITING = "waiting", _("ждёт отправки")
        SENDING = "sending", _("отправляется")
        POSTED = "posted", _("опубликовано")
        FAILED = "failed", _("не удалось")

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="crossposts",
        verbose_name=_("публикация"),
    )
    platform = models.CharField(_("куда"), max_length=10, choices=Platform.choices)
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    url = models.URLField(_("адрес записи"), max_length=300, blank=True)
    error = models.CharField(_("причина ошибки"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто поручил"),
    )
    requested_at = models.DateTimeField(_("поручено"), auto_now_add=True)
    attempted_at = models.DateTimeField(_("последняя попытка"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    posted_at = models.DateTimeField(_("опубликовано"), null=True, blank=True)

    class Meta:
        verbose_name = _("публикация в соцсетях организации")
        verbose_name_plural = _("публикации в соцсетях организации")
        ordering = ["publication", "platform"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "platform"], name="publications_one_crosspost_per_platform"
            ),
            models.CheckConstraint(
                condition=~Q(status="posted") | ~Q(url=""),
                name="publications_posted_crosspost_has_url",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="publications_crosspost_status")]

    def __str__(self):
        return f"{self.publication}: {self.get_platform_display()}"


class OutsideMediaPublication(models.Model):
    """A publication about the union in an outside outlet (news agency, newspaper, TV, a site)
    or in a union periodical, recorded by staff with its link (lines I.4.8 and I.5.5)."""

    class Kind(models.TextChoices):
        MEDIA = "media", _("СМИ или информационное агентство")
        UNION_PRESS = "union_press", _("Профсоюзное издание")

    kind = models.CharField(_("вид издания"), max_length=16, choices=Kind.choices)
    outlet = models.CharField(
        _("издание"),
        max_length=200,
        help_text=_("Газета, телеканал, радио, информационное агентство или сайт"),
    )
    title = models.CharField(_("заголовок"), max_length=300)
    published_on = models.DateField(_("дата выхода"))
    url = models.URLField(_("ссылка"), max_length=500)
    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outside_media",
        verbose_name=_("ППО"),
        help_text=_("Если материал о работе ППО или подготовлен ею; пусто — об организации."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("публикация во внешних СМИ")
        verbose_name_plural = _("публикации во внешних СМИ")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["published_on"], name="publications_outside_on")]

    def __str__(self):
        return f"{self.outlet}: {self.title}"

    def clean(self):
        if self.published_on and self.published_on > timezone.localdate():
            raise ValidationError(
                {"published_on": _("Дата выхода не может быть в будущем.")}, code="future"
            )


class PrintedIssue(models.Model):
    """A printed bulletin, leaflet, memo or booklet issued by the organization or a PPO, with its
    print run (lines I.3.7, I.5.1 and II.4.4)."""

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("Информационный бюллетень")
        LEAFLET = "leaflet", _("Информационный листок")
        MEMO = "memo", _("Памятка")
        BOOKLET = "booklet", _("Буклет или методичка")
        OTHER = "other", _("Другое")

    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=300)
    issued_on = models.DateField(_("дата выпуска"))
    copies = models.PositiveIntegerField(_("тираж, экз."))
    has_social_links = models.BooleanField(
        _("со ссылками на социальные сети"),
        default=False,
        help_text=_("Есть ссылки или QR-коды на группы ВКонтакте, Telegram."),
    )
    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="printed_issues",
        verbose_name=_("ППО"),
        help_text=_("Пусто — выпуск самой организации."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("печатный выпуск")
        verbose_name_plural = _("печатные выпуски")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(copies__gte=1),
                name="publications_printed_issue_copies",
                violation_error_message=_("Тираж — не меньше одного экземпляра."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.issued_on:%d.%m.%Y})"

    def clean(self):
        if self.issued_on and self.issued_on > timezone.localdate():
            raise ValidationError(
                {"issued_on": _("Дата выпуска не может быть в будущем.")}, code="future"
            )
