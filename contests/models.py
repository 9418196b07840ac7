"""Contests among PPOs with a jury: nominations, criteria, entries, scores, frozen results."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage
from portal.uploads import UploadValidator

from .files import PhotoName

# Criteria a new contest gets by kind (DESIGN.md, contest practice); staff may edit them.
DEFAULT_CRITERIA = {
    "photo": [
        ("Соответствие теме", 10),
        ("Композиция", 10),
        ("Выразительность", 10),
        ("Оригинальность", 10),
    ],
    "video": [
        ("Соответствие теме", 10),
        ("Сценарий и монтаж", 10),
        ("Выразительность", 10),
        ("Оригинальность", 10),
    ],
    "blogger": [
        ("Регулярность публикаций", 10),
        ("Качество материалов", 10),
        ("Активность аудитории", 10),
        ("Рост аудитории", 10),
    ],
    "information": [
        ("Системность информационной работы", 10),
        ("Качество материалов", 10),
        ("Охват и вовлечённость", 10),
    ],
    "other": [("Соответствие теме", 10), ("Качество", 10)],
}


class Contest(models.Model):
    class Kind(models.TextChoices):
        BLOGGER = "blogger", _("Профсоюзный блогер")
        PHOTO = "photo", _("Фотоконкурс")
        VIDEO = "video", _("Конкурс видеороликов")
        INFORMATION = "information", _("Конкурс по информационной работе")
        OTHER = "other", _("Другой")

    title = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=80, unique=True)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("описание"), blank=True)
    rules_url = models.URLField(
        _("положение о конкурсе"),
        blank=True,
        help_text=_("Ссылка на положение, например в открытой библиотеке документов."),
    )
    submission_starts = models.DateField(_("приём работ с"))
    submission_ends = models.DateField(_("приём работ по"))
    judging_starts = models.DateField(_("оценка жюри с"))
    judging_ends = models.DateField(_("оценка жюри по"))
    max_files_per_entry = models.PositiveSmallIntegerField(
        _("фотографий в работе, не более"), default=5
    )
    max_video_minutes = models.PositiveSmallIntegerField(
        _("длительность видео, минут, не более"), default=3
    )
    is_public = models.BooleanField(_("показывать на сайте"), default=True)
    results_published_at = models.DateTimeField(_("итоги опубликованы"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("конкурс")
        verbose_name_plural = _("конкурсы")
        ordering = ["-submission_starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_ends__gte=F("submission_starts")),
                name="contests_submission_period_order",
                violation_error_message=_("Приём работ не может закончиться раньше начала."),
            ),
            models.CheckConstraint(
                condition=Q(judging_ends__gte=F("judging_starts"))
                & Q(judging_starts__gte=F("submission_starts")),
                name="contests_judging_period_order",
                violation_error_message=_(
                    "Оценка жюри должна идти после начала приёма работ и заканчиваться после "
                    "своего начала."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contests:contest_detail", kwargs={"slug": self.slug})

    def accepts_entries(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.submission_starts <= today <= self.submission_ends

    def is_judging(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.judging_starts <= today <= self.judging_ends and not self.results_published

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    @property
    def needs_link(self) -> bool:
        return self.kind != self.Kind.PHOTO


class Nomination(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("конкурс")
    )
    title = models.CharField(_("номинация"), max_length=200)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("номинация")
        verbose_name_plural = _("номинации")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("конкурс")
    )
    title = models.CharField(_("критерий"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("максимальный балл"), default=10)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий оценки")
        verbose_name_plural = _("критерии оценки")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=1),
                name="contests_criterion_max_positive",
                violation_error_message=_("Максимальный балл должен быть не меньше 1."),
            )
        ]

    def __str__(self):
        return f"{self.title} (до {self.max_score})"


class Juror(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("конкурс")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jury_seats",
        verbose_name=_("член жюри"),
    )
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("своя ППО"),
        help_text=_(
            "ППО, в которой состоит член жюри: её работы он не увидит и не оценит. "
            "ППО, где человек — ответственный, исключается и без этого."
        ),
    )
    is_chair = models.BooleanField(_("председатель"), default=False)

    class Meta:
        verbose_name = _("член жюри")
        verbose_name_plural = _("жюри")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "user"],
                name="contests_one_seat_per_user",
                violation_error_message=_("Этот человек уже в жюри конкурса."),
            )
        ]

    def __str__(self):
        return str(self.user)


class Entry(models.Model):
    """A work submitted by a PPO's officer; editable until the submission deadline."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="entries", verbose_name=_("конкурс")
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("номинация"),
    )
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.PROTECT,
        related_name="contest_entries",
        verbose_name=_("ППО"),
    )
    title = models.CharField(_("название работы"), max_length=200)
    author = models.CharField(_("автор"), max_length=200, help_text=_("Фамилия, имя, должность"))
    description = models.TextField(_("описание"), blank=True)
    link = models.URLField(
        _("ссылка"), blank=True, help_text=_("Блог, сообщество или видео (VK, Telegram, RuTube)")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("подал"),
    )
    submitted_at = models.DateTimeField(_("подана"), default=timezone.now)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    # Frozen when the results are published (see services.contest_publish_results).
    score = models.DecimalField(
        _("средний балл"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    place = models.PositiveSmallIntegerField(_("место"), null=True, blank=True)

    class Meta:
        verbose_name = _("конкурсная работа")
        verbose_name_plural = _("конкурсные работы")
        ordering = ["contest", "nomination", "pk"]

    def __str__(self):
        return f"{self.title} ({self.organization})"

    def clean(self):
        if self.nomination_id and self.nomination.contest_id != self.contest_id:
            raise ValidationError({"nomination": _("Номинация другого конкурса.")})


class EntryPhoto(models.Model):
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="photos", verbose_name=_("работа")
    )
    file = models.ImageField(
        _("фотография"),
        upload_to=PhotoName(),
        storage=private_storage,
        validators=[UploadValidator("contest_entry")],
        max_length=200,
    )

    class Meta:
        verbose_name = _("фотография работы")
        verbose_name_plural = _("фотографии работ")
        ordering = ["pk"]

    def __str__(self):
        return self.file.name


class Score(models.Model):
    """A juror's score of an entry on one criterion. Only the juror writes it."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="scores", verbose_name=_("работа")
    )
    juror = models.ForeignKey(
        Juror, on_delete=models.CASCADE, related_name="scores", verbose_name=_("член жюри")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("критерий")
    )
    value = models.PositiveSmallIntegerField(_("балл"))
    scored_at = models.DateTimeField(_("оценено"), auto_now=True)

    class Meta:
        verbose_name = _("оценка")
        verbose_name_plural = _("оценки")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "juror", "criterion"], name="contests_one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.entry} / {self.criterion}: {self.value}"
