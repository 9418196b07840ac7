"""PPO monthly reports and the monthly report to the Central Committee."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import GeneratedName
from portal.periods import MOSCOW, Period
from portal.storage import private_storage
from portal.uploads import UploadValidator


def deadline_day() -> int:
    return int(getattr(settings, "REPORTS_DEADLINE_DAY", 5))


def report_deadline(period: Period) -> dt.date:
    """The last day on which a month's report counts as filed on time."""
    following = period.next().first_day
    return following.replace(day=min(max(deadline_day(), 1), 28))


class PpoMonthlyReport(models.Model):
    """A PPO's report on its information work for one month."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("отправлен")
        ACCEPTED = "accepted", _("принят")
        RETURNED = "returned", _("возвращён на доработку")

    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        verbose_name=_("ППО"),
    )
    month = models.DateField(_("месяц"), help_text=_("Первое число месяца"))
    status = models.CharField(
        _("состояние"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Figures the portal already knows (metrics), frozen when the report is saved:
    # {metric key: {"label": ..., "unit": ..., "value": ...}}.
    figures = models.JSONField(_("показатели портала"), default=dict, blank=True)

    social_posts = models.TextField(
        _("публикации в социальных сетях"),
        blank=True,
        help_text=_("Ссылки на публикации, по одной в строке"),
    )
    union_page_checked = models.BooleanField(
        _("профсоюзная страница на сайте медорганизации проверена"), default=False
    )
    union_page_url = models.URLField(
        _("адрес профсоюзной страницы"),
        blank=True,
        help_text=_("Например, https://rkb.med.cap.ru/profsoyuz"),
    )
    union_page_updated = models.BooleanField(_("страница обновлялась в этом месяце"), default=False)
    stand_updates = models.PositiveIntegerField(_("обновлений профсоюзного стенда"), default=0)
    printed_materials = models.TextField(_("печатные материалы (листовки, буклеты)"), blank=True)
    subscriptions_solidarnost = models.PositiveIntegerField(
        _("подписка на «Солидарность», экз."), default=0
    )
    subscriptions_vremya = models.PositiveIntegerField(_("подписка на «Время», экз."), default=0)
    subscriptions_puls = models.PositiveIntegerField(
        _("подписка на «Пульс Профсоюза», экз."), default=0
    )
    subscriptions_tema = models.PositiveIntegerField(
        _("подписка на «Профсоюзная тема», экз."), default=0
    )
    events_covered = models.TextField(_("освещённые мероприятия"), blank=True)
    contests = models.TextField(_("участие в конкурсах"), blank=True)
    problems = models.TextField(_("проблемы и просьбы"), blank=True)

    first_submitted_at = models.DateTimeField(_("впервые отправлен"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("отправил"),
    )
    reviewed_at = models.DateTimeField(_("рассмотрен"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("рассмотрел"),
    )
    review_comment = models.TextField(_("комментарий аппарата"), blank=True)
    # The differences between ``figures`` and the same metrics recomputed today (see frozen.py):
    # [{"figure", "unit", "organization", "old", "new"}]; empty while they agree.
    changes = models.JSONField(_("изменения данных"), default=list, blank=True)
    changes_checked_at = models.DateTimeField(_("данные сверены"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("ежемесячный отчёт ППО")
        verbose_name_plural = _("ежемесячные отчёты ППО")
        ordering = ["-month", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month"],
                name="reports_one_monthly_report_per_ppo_and_month",
                violation_error_message=_("Отчёт этой ППО за этот месяц уже есть."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="reports_monthly_first_day"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""),
                name="reports_returned_has_comment",
                violation_error_message=_("При возврате отчёта нужен комментарий."),
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.period}"

    @property
    def period(self) -> Period:
        return Period.month(self.month.year, self.month.month)

    @property
    def deadline(self) -> dt.date:
        return report_deadline(self.period)

    @property
    def is_filed(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def is_on_time(self) -> bool | None:
        """True/False once filed; None while never filed."""
        if self.first_submitted_at is None:
            return None
        return timezone.localtime(self.first_submitted_at, MOSCOW).date() <= self.deadline

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    def social_post_links(self) -> list[str]:
        return [line.strip() for line in self.social_posts.splitlines() if line.strip()]

    @property
    def is_stale(self) -> bool:
        """Accepted, and the portal's figures of its month have changed since."""
        return self.status == self.Status.ACCEPTED and bool(self.changes)


class CentralCommitteeReport(models.Model):
    """The ЧРО's monthly report on information work to the Central Committee (отчёт в ЦК).

    A month has one report, recompiled in place until it is sent; a sent one is never changed,
    and when its month's data change afterwards it is followed by a corrected version
    («исправленный отчёт», ``version`` 2, 3, ...) that names the version it corrects."""

    class Status(models.TextChoices):
        COMPILED = "compiled", _("сформирован")
        SENT = "sent", _("отправлен в ЦК")

    month = models.DateField(_("месяц"), help_text=_("Первое число месяца"))
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("исправляет отчёт"),
    )
    # What this version changes in the one it corrects (the same shape as ``changes``).
    corrections = models.JSONField(_("что исправлено"), default=list, blank=True)
    status = models.CharField(
        _("состояние"), max_length=16, choices=Status.choices, default=Status.COMPILED
    )
    snapshot = models.JSONField(_("данные отчёта"), default=dict, blank=True)
    commentary = models.TextField(_("пояснения аппарата"), blank=True)
    compiled_at = models.DateTimeField(_("сформирован"), null=True, blank=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("сформировал"),
        help_text=_("Пусто — по расписанию"),
    )
    compile_count = models.PositiveIntegerField(_("сколько раз формировался"), default=0)
    sent_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("отправил"),
    )
    sent_to = models.EmailField(_("адрес ЦК"), blank=True)
    emailed_at = models.DateTimeField(_("письмо ушло"), null=True, blank=True)
    # The month's data recomputed and compared with the snapshot (see frozen.py).
    changes = models.JSONField(_("изменения данных"), default=list, blank=True)
    changes_checked_at = models.DateTimeField(_("данные сверены"), null=True, blank=True)

    class Meta:
        verbose_name = _("отчёт в ЦК")
        verbose_name_plural = _("отчёты в ЦК")
        ordering = ["-month", "-version"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="reports_cc_first_day"),
            models.UniqueConstraint(
                fields=["month", "version"],
                name="reports_cc_one_version_number",
                violation_error_message=_("Такая версия отчёта за этот месяц уже есть."),
            ),
            # Generating twice for one month never makes two reports: one unsent at a time.
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(status="compiled"),
                name="reports_cc_one_unsent_per_month",
            ),
            models.CheckConstraint(
                condition=Q(version=1, corrects__isnull=True)
                | Q(version__gt=1, corrects__isnull=False),
                name="reports_cc_correction_names_its_original",
            ),
        ]

    def __str__(self):
        if self.is_correction:
            return _("Исправленный отчёт в ЦК за %(period)s") % {"period": self.period}
        return _("Отчёт в ЦК за %(period)s") % {"period": self.period}

    @property
    def period(self) -> Period:
        return Period.month(self.month.year, self.month.month)

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_correction(self) -> bool:
        return self.version > 1

    @property
    def is_stale(self) -> bool:
        return bool(self.changes)

    @property
    def filename(self) -> str:
        suffix = f"-v{self.version}" if self.is_correction else ""
        return f"otchet-ck-{self.period.code}{suffix}.xlsx"


def metric_choices():
    """The registered metrics, offered by label (the registry is filled at start-up)."""
    from portal.metrics import registry

    return registry.choices()


class RatingCriterion(models.Model):
    """A criterion of a year's rating of PPOs: a metric, a weight and a scoring rule.

    Every criterion gives 0-100 points; the total is the sum of the points weighted by the
    normalised weights (weight / sum of the year's weights), so the total is 0-100 too."""

    class Rule(models.TextChoices):
        LINEAR = "linear", _("линейно до цели")
        BANDS = "bands", _("по диапазонам")
        YES_NO = "yes_no", _("да/нет")

    year = models.PositiveSmallIntegerField(_("год"))
    metric_key = models.CharField(_("показатель"), max_length=100, choices=metric_choices)
    title = models.CharField(
        _("название в рейтинге"), max_length=200, blank=True, help_text=_("Пусто — как показатель")
    )
    weight = models.DecimalField(_("вес"), max_digits=6, decimal_places=2)
    rule = models.CharField(_("правило"), max_length=16, choices=Rule.choices)
    params = models.JSONField(
        _("параметры правила"),
        default=dict,
        blank=True,
        help_text=_(
            'Линейно: {"target": 24} — 100 баллов при достижении цели. '
            'Диапазоны: {"bands": [[91, 100], [81, 80], [0, 20]]} — баллы первого порога, '
            'который не выше значения. Да/нет: {"threshold": 1}.'
        ),
    )
    evidence = models.CharField(
        _("чем подтверждается"), max_length=200, blank=True, help_text=_("Ссылка, файл, отчёт")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий рейтинга")
        verbose_name_plural = _("критерии рейтинга")
        ordering = ["-year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "metric_key"],
                name="reports_rating_criterion_once_per_year",
                violation_error_message=_("Этот показатель уже есть в рейтинге года."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="reports_rating_weight_positive"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.display_title}"

    def clean(self):
        from .rating import validate_params

        validate_params(self.rule, self.params)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        from portal.metrics import registry

        return (
            registry.get(self.metric_key).label if self.metric_key in registry else self.metric_key
        )


class Rating(models.Model):
    """One computation of a year's rating: recomputed in place until it is published; a
    published one is never changed, and when its year's data change afterwards it is followed by
    a corrected version that names the version it corrects."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("не опубликован")
        PUBLISHED = "published", _("опубликован")

    year = models.PositiveSmallIntegerField(_("год"))
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    status = models.CharField(
        _("состояние"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("исправляет версию"),
    )
    corrections = models.JSONField(_("что исправлено"), default=list, blank=True)
    # The criteria as they were used: [{"key", "title", "weight", "rule", "params"}].
    criteria = models.JSONField(_("критерии"), default=list, blank=True)
    # The metric values the results were computed from: {metric key: {str(PPO id): value}},
    # with "ppo.employees" for the size groups.
    inputs = models.JSONField(_("исходные данные"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("рассчитан"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("рассчитал"),
        help_text=_("Пусто — по расписанию"),
    )
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("опубликовал"),
    )
    changes = models.JSONField(_("изменения данных"), default=list, blank=True)
    changes_checked_at = models.DateTimeField(_("данные сверены"), null=True, blank=True)

    class Meta:
        verbose_name = _("расчёт рейтинга")
        verbose_name_plural = _("расчёты рейтинга")
        # Made, recomputed and published by the services only; the admin reads them.
        default_permissions = ("view",)
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"], name="reports_rating_one_version_number"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status="draft"),
                name="reports_rating_one_draft_per_year",
            ),
            models.CheckConstraint(
                condition=Q(version=1, corrects__isnull=True)
                | Q(version__gt=1, corrects__isnull=False),
                name="reports_rating_correction_names_its_original",
            ),
        ]

    def __str__(self):
        if self.is_correction:
            return _("Исправленный рейтинг %(year)s года (версия %(version)s)") % {
                "year": self.year,
                "version": self.version,
            }
        return _("Рейтинг %(year)s года") % {"year": self.year}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_correction(self) -> bool:
        return self.version > 1

    @property
    def is_stale(self) -> bool:
        return bool(self.changes)


class RatingResult(models.Model):
    """A PPO's frozen place in a year's rating, with the points per criterion."""

    class SizeGroup(models.TextChoices):
        SMALL = "small", _("до 300 работников")
        MEDIUM = "medium", _("300–999 работников")
        LARGE = "large", _("1000 работников и больше")
        UNKNOWN = "unknown", _("численность неизвестна")

    rating = models.ForeignKey(
        Rating,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("расчёт"),
    )
    year = models.PositiveSmallIntegerField(_("год"))
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.CASCADE,
        related_name="rating_results",
        verbose_name=_("ППО"),
    )
    total = models.DecimalField(_("итоговый балл"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("место"))
    size_group = models.CharField(
        _("группа по численности"), max_length=16, choices=SizeGroup.choices
    )
    group_rank = models.PositiveIntegerField(_("место в группе"))
    # [{"key", "title", "raw", "points", "weight", "weighted"}] in the criteria's order.
    breakdown = models.JSONField(_("баллы по критериям"), default=list)
    computed_at = models.DateTimeField(_("рассчитан"))

    class Meta:
        verbose_name = _("результат рейтинга")
        verbose_name_plural = _("результаты рейтинга")
        ordering = ["-year", "rank", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "organization"], name="reports_rating_result_once_per_rating"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.organization} — {self.rank}"


class FrozenOutputEvent(models.Model):
    """The record of what happened to a frozen output (a CC report, a rating, an accepted
    monthly report): who compiled, recompiled, corrected, published or re-accepted it, and
    which differences that resolved."""

    class Kind(models.TextChoices):
        CC_REPORT = "cc_report", _("отчёт в ЦК")
        RATING = "rating", _("рейтинг")
        MONTHLY_REPORT = "monthly_report", _("ежемесячный отчёт ППО")

    class Action(models.TextChoices):
        COMPILED = "compiled", _("сформирован")
        RECOMPILED = "recompiled", _("сформирован заново")
        CORRECTED = "corrected", _("сформирована исправленная версия")
        SENT = "sent", _("отправлен")
        PUBLISHED = "published", _("опубликован")
        ACCEPTED = "accepted", _("принят")
        REACCEPTED = "reaccepted", _("принят заново с новыми данными")

    kind = models.CharField(_("что"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("номер"))
    action = models.CharField(_("действие"), max_length=16, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    at = models.DateTimeField(_("когда"))
    changes = models.JSONField(_("изменения"), default=list, blank=True)

    class Meta:
        verbose_name = _("событие отчёта")
        verbose_name_plural = _("события отчётов")
        default_permissions = ("view",)
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="reports_event_object")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}: {self.get_action_display()}"


class Survey(models.Model):
    """A survey of PPOs' information resources (анкета), answered by the officers."""

    title = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("пояснение"), blank=True)
    deadline = models.DateField(_("ответить до"))
    for_all = models.BooleanField(_("для всех ППО"), default=True)
    organizations = models.ManyToManyField(
        "ppo.PrimaryOrganization",
        blank=True,
        related_name="surveys",
        verbose_name=_("ППО"),
        help_text=_("Если анкета не для всех ППО"),
    )
    is_published = models.BooleanField(
        _("открыта для ответов"), default=False, help_text=_("Пока нет — ППО её не видят")
    )
    feeds_score = models.BooleanField(
        _("даёт оценку информационных ресурсов"),
        default=False,
        help_text=_("Баллы ответов «да» идут в показатель «Оценка информационных ресурсов ППО»"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["-deadline", "title"]

    def __str__(self):
        return self.title


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("да/нет")
        NUMBER = "number", _("число")
        TEXT = "text", _("текст")
        SINGLE = "single", _("один вариант")
        MULTIPLE = "multiple", _("несколько вариантов")
        LINK = "link", _("ссылка")
        FILE = "file", _("файл")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("анкета")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    text = models.CharField(_("вопрос"), max_length=300)
    kind = models.CharField(_("тип ответа"), max_length=16, choices=Kind.choices)
    options = models.TextField(
        _("варианты"), blank=True, help_text=_("Для выбора из вариантов: по одному в строке")
    )
    required = models.BooleanField(_("обязательный"), default=True)
    score = models.PositiveSmallIntegerField(
        _("баллы за «да»"), default=0, help_text=_("Для оценки информационных ресурсов")
    )

    class Meta:
        verbose_name = _("вопрос анкеты")
        verbose_name_plural = _("вопросы анкеты")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.text

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class SurveyResponse(models.Model):
    """A PPO's answers to a survey: saved and come back to, then submitted."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("анкета")
    )
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("ППО"),
    )
    # {str(question id): value} — a bool, number, text or list of options; file answers are
    # SurveyFileAnswer rows (``file_answers``), never kept here.
    answers = models.JSONField(_("ответы"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("отправлены"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ответил"),
    )
    updated_at = models.DateTimeField(_("изменены"), auto_now=True)

    class Meta:
        verbose_name = _("ответы ППО на анкету")
        verbose_name_plural = _("ответы ППО на анкеты")
        ordering = ["survey", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organization"], name="reports_one_response_per_ppo"
            ),
        ]

    def __str__(self):
        return f"{self.survey}: {self.organization}"


class SurveyFileAnswer(models.Model):
    """A PPO's answer to a survey's file question: a file of the upload pipeline (checked by
    content, images re-encoded) in the private storage under a generated name, downloaded only
    through ``reports:survey_file``. One per response and question; a new upload replaces it."""

    response = models.ForeignKey(
        SurveyResponse,
        on_delete=models.CASCADE,
        related_name="file_answers",
        verbose_name=_("ответы ППО"),
    )
    question = models.ForeignKey(
        SurveyQuestion,
        on_delete=models.CASCADE,
        related_name="file_answers",
        verbose_name=_("вопрос"),
    )
    file = models.FileField(
        _("файл"),
        upload_to=GeneratedName("surveys"),
        storage=private_storage,
        validators=[UploadValidator("survey_answer")],
        max_length=200,
    )
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("загружен"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )

    class Meta:
        verbose_name = _("файл ответа на анкету")
        verbose_name_plural = _("файлы ответов на анкеты")
        ordering = ["response", "question__order", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="reports_one_file_per_survey_answer"
            ),
        ]

    def __str__(self):
        return self.original_name or self.file.name
