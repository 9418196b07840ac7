"""The programme of information work as data: its sections, measures and activity lines, the
execution records that prove the work, the target indicators and the trainings of officers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import GeneratedName
from portal.organization import short_name
from portal.storage import private_storage
from portal.uploads import UploadValidator


class Programme(models.Model):
    """A programme of information work. Its lifecycle: a draft (being prepared, usually a copy of
    the previous programme) becomes the active one (one at a time), and is closed with its final
    results frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("проект")
        ACTIVE = "active", _("действующая")
        CLOSED = "closed", _("завершена")

    title = models.CharField(_("наименование"), max_length=300)
    status = models.CharField(
        _("состояние"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("примечание"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("скопирована из"),
    )
    activated_at = models.DateTimeField(_("введена в действие"), null=True, blank=True)
    closed_at = models.DateTimeField(_("завершена"), null=True, blank=True)
    year_from = models.PositiveSmallIntegerField(_("первый год"))
    year_to = models.PositiveSmallIntegerField(_("последний год"))
    approved_by = models.CharField(
        _("утверждена"),
        max_length=300,
        help_text=_("Например: постановление Президиума от 12.10.2026 № 5"),
    )
    approved_on = models.DateField(_("дата утверждения"))
    participants = models.TextField(_("участники"), blank=True)
    coordinator = models.TextField(_("разработчик и координатор"), blank=True)
    goals = models.TextField(_("цель и задачи"), blank=True)
    indicators_text = models.TextField(_("важнейшие целевые индикаторы"), blank=True)
    period_text = models.CharField(_("сроки реализации"), max_length=200, blank=True)
    financing = models.TextField(_("объёмы и источники финансирования"), blank=True)
    control = models.TextField(_("контроль за исполнением"), blank=True)
    signed_by = models.CharField(_("подписал"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("программа")
        verbose_name_plural = _("программы")
        ordering = ["-year_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=F("year_from")),
                name="programme_years_ordered",
                violation_error_message=_("Последний год не может быть раньше первого."),
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="programme_one_active",
                violation_error_message=_(
                    "Действующая программа может быть только одна: сначала завершите текущую."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year_from}–{self.year_to})"

    def get_absolute_url(self):
        return reverse("programme:programme_detail", kwargs={"pk": self.pk})

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class FinalResult(models.Model):
    """The final results of a closed programme, frozen when it was closed: per line (progress,
    status, source, what was done), per indicator (start value, yearly targets and values, end
    value) and per PPO (its lines' results). Later changes of the data do not change them."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="final_result",
        verbose_name=_("программа"),
    )
    as_of = models.DateField(_("итоги на дату"))
    data = models.JSONField(_("итоги"), encoder=DjangoJSONEncoder)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("завершил"),
    )
    created_at = models.DateTimeField(_("сформированы"), auto_now_add=True)

    class Meta:
        verbose_name = _("итоги выполнения программы")
        verbose_name_plural = _("итоги выполнения программ")

    def __str__(self):
        return f"{_('Итоги выполнения программы')}: {self.programme}"


class PresidiumReport(models.Model):
    """A saved version of the periodic report to the Presidium on the programme's execution
    (line I.8.5) as of a date, frozen as it was generated."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="presidium_reports",
        verbose_name=_("программа"),
    )
    as_of = models.DateField(_("на дату"))
    data = models.JSONField(_("содержание"), encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("сохранил"),
    )
    created_at = models.DateTimeField(_("сохранён"), auto_now_add=True)

    class Meta:
        verbose_name = _("отчёт Президиуму о ходе программы")
        verbose_name_plural = _("отчёты Президиуму о ходе программы")
        ordering = ["-as_of", "-created_at"]

    def __str__(self):
        return f"{self.programme} — {self.as_of:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("programme:presidium_report_detail", kwargs={"pk": self.pk})


class Section(models.Model):
    class Responsible(models.TextChoices):
        CHRO = "chro", _("Республиканская организация")
        EACH_PPO = "each_ppo", _("каждая ППО")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sections", verbose_name=_("программа")
    )
    number = models.CharField(_("номер"), max_length=8, help_text=_("Например: I, II"))
    title = models.CharField(_("наименование"), max_length=300)
    responsible = models.CharField(
        _("исполнитель по умолчанию"), max_length=16, choices=Responsible.choices
    )
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("раздел программы")
        verbose_name_plural = _("разделы программы")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="programme_section_number_unique",
                violation_error_message=_("Раздел с таким номером в программе уже есть."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Measure(models.Model):
    """A numbered measure (мероприятие) of a section."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="measures", verbose_name=_("раздел")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("наименование"), max_length=500)
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["section__order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"],
                name="programme_measure_number_unique",
                violation_error_message=_("Мероприятие с таким номером в разделе уже есть."),
            ),
        ]

    def __str__(self):
        return f"{self.section.number}.{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("programme:measure_detail", kwargs={"pk": self.pk})


class Activity(models.Model):
    """One line of a measure, with its schedule as the document gives it."""

    class ScheduleKind(models.TextChoices):
        PERIOD = "period", _("в течение периода (годы с–по)")
        DURING_YEAR = "during_year", _("в течение года")
        PERMANENT = "permanent", _("постоянно")
        ANNUAL = "annual", _("ежегодно")
        MONTHLY = "monthly", _("ежемесячно")
        CALENDAR_PLAN = "calendar_plan", _("в соответствии с календарным планом")

    class TargetRule(models.TextChoices):
        AT_LEAST = "at_least", _("итог по организации не ниже цели")
        SHARE_OF_PPOS = "share_of_ppos", _("все ППО со значением не ниже цели (за квартал)")
        EVERY_MONTH = "every_month", _("итог по организации больше нуля каждый месяц")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="activities", verbose_name=_("мероприятие")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    text = models.TextField(_("текст строки"))
    schedule_text = models.CharField(
        _("срок по документу"),
        max_length=200,
        blank=True,
        help_text=_("Как написано в документе; пусто — в документе ячейка срока пуста."),
    )
    schedule_kind = models.CharField(_("вид срока"), max_length=16, choices=ScheduleKind.choices)
    year_from = models.PositiveSmallIntegerField(
        _("с года"), null=True, blank=True, help_text=_("Для сроков «в течение периода/года».")
    )
    year_to = models.PositiveSmallIntegerField(_("по год"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(
        _("месяц исполнения"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Для разовых и ежегодных строк: к концу какого месяца года она исполняется."),
    )
    responsible = models.CharField(
        _("исполнитель"), max_length=16, choices=Section.Responsible.choices
    )
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    metric_key = models.CharField(
        _("показатель"),
        max_length=100,
        blank=True,
        help_text=_("Если задан, выполнение считается по данным портала, а не по отметкам."),
    )
    target_rule = models.CharField(
        _("правило цели"), max_length=16, choices=TargetRule.choices, blank=True
    )
    target_value = models.DecimalField(
        _("целевое значение"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    evidence_text = models.TextField(
        _("что считается подтверждением"),
        blank=True,
        help_text=_(
            "Для строки без показателя: какие отметки об исполнении и какие файлы или ссылки "
            "подтверждают её выполнение."
        ),
    )

    class Meta:
        verbose_name = _("строка мероприятия")
        verbose_name_plural = _("строки мероприятий")
        ordering = ["measure__section__order", "measure__number", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(metric_key="") | ~Q(target_rule=""),
                name="programme_metric_needs_rule",
                violation_error_message=_("Для показателя укажите правило цели."),
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        if self.schedule_kind in (self.ScheduleKind.PERIOD, self.ScheduleKind.DURING_YEAR):
            if not self.year_from or not self.year_to:
                errors["year_from"] = _("Для такого срока укажите годы «с» и «по».")
            elif self.year_to < self.year_from:
                errors["year_to"] = _("Год «по» не может быть раньше года «с».")
        if self.metric_key and not self.target_rule:
            errors["target_rule"] = _("Для показателя укажите правило цели.")
        if self.target_rule in (self.TargetRule.AT_LEAST, self.TargetRule.SHARE_OF_PPOS) and (
            self.target_value is None
        ):
            errors["target_value"] = _("Для этого правила укажите целевое значение.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_for_each_ppo(self) -> bool:
        return self.responsible == Section.Responsible.EACH_PPO


def validate_evidence_size(file):
    """Retired: named only by old migrations. The pipeline's UploadValidator("evidence") checks
    the size (PROGRAMME_EVIDENCE_MAX_BYTES) and the type now, with one message."""


class ExecutionRecord(models.Model):
    """What was done on an activity (by the ЧРО when organization is empty), with evidence."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="records", verbose_name=_("строка")
    )
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programme_records",
        verbose_name=_("ППО"),
        help_text=_("Пусто — исполнила сама республиканская организация"),
    )
    date = models.DateField(_("дата"))
    text = models.TextField(_("что сделано"))
    evidence_file = models.FileField(
        _("подтверждающий файл"),
        upload_to=GeneratedName("programme/evidence", field="evidence_file"),
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("evidence")],
        help_text=_("PDF, DOCX, XLSX, ODT, JPEG или PNG; выдаётся только через портал."),
    )
    evidence_url = models.URLField(_("ссылка на подтверждение"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("внёс"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("отметка об исполнении")
        verbose_name_plural = _("отметки об исполнении")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["activity", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(evidence_file="") | ~Q(evidence_url=""),
                name="programme_record_has_evidence",
                violation_error_message=_("Приложите подтверждение: файл или ссылку."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.text[:60]}"

    def validate_constraints(self, exclude=None):
        # A missing evidence is reported by clean() next to the field; do not say it twice.
        if not self.evidence_file and not self.evidence_url:
            exclude = {*(exclude or ()), "evidence_url"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        if not self.evidence_file and not self.evidence_url:
            raise ValidationError(
                {"evidence_url": _("Приложите подтверждение: файл или ссылку.")},
                code="evidence_required",
            )
        if self.activity_id and self.organization_id is None and self.activity.is_for_each_ppo:
            raise ValidationError(
                {"organization": _("Эту строку исполняет каждая ППО: укажите ППО.")},
                code="organization_required",
            )
        if self.activity_id and self.organization_id and not self.activity.is_for_each_ppo:
            raise ValidationError(
                {
                    "organization": _("Эту строку исполняет %(name)s: ППО не указывается.")
                    % {"name": short_name()}
                },
                code="organization_forbidden",
            )


class Indicator(models.Model):
    """A target indicator of the programme's passport, measured by a metric."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("программа")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("наименование"), max_length=300)
    metric_key = models.CharField(_("показатель"), max_length=100)
    unit = models.CharField(_("единица"), max_length=20, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("базовый год"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("базовое значение"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("целевой индикатор")
        verbose_name_plural = _("целевые индикаторы")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="programme_indicator_number_unique"
            ),
        ]

    def __str__(self):
        return self.title


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("индикатор")
    )
    year = models.PositiveSmallIntegerField(_("год"))
    value = models.DecimalField(_("цель на конец года"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("цель на год")
        verbose_name_plural = _("цели по годам")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="programme_indicator_target_year_unique",
                violation_error_message=_("Цель на этот год уже задана."),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"


class Training(models.Model):
    """A seminar or training of the PPOs' information officers (measures I.6 and II.5)."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("очно")
        VIDEO = "video", _("по видеосвязи (ВКС)")

    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=300)
    format = models.CharField(_("формат"), max_length=16, choices=Format.choices)
    materials_file = models.FileField(
        _("материалы (файл)"),
        upload_to=GeneratedName("programme/trainings", field="materials_file"),
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("evidence")],
        help_text=_("PDF, DOCX, XLSX, ODT, JPEG или PNG; выдаётся только через портал."),
    )
    materials_url = models.URLField(_("материалы (ссылка)"), max_length=500, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("строка программы"),
    )

    class Meta:
        verbose_name = _("обучение ответственных")
        verbose_name_plural = _("обучение ответственных")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.topic}"


class Attendance(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("обучение")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_attendance",
        verbose_name=_("участник"),
    )
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_attendance",
        verbose_name=_("ППО"),
    )
    attended = models.BooleanField(_("присутствовал"), default=True)

    class Meta:
        verbose_name = _("участник обучения")
        verbose_name_plural = _("участники обучения")
        ordering = ["training", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"],
                name="programme_attendance_once",
                violation_error_message=_("Этот участник уже отмечен."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.training}"


class CommissionMeeting(models.Model):
    """A meeting of the organization's commission on information work (line I.6.5), with its
    minutes."""

    date = models.DateField(_("дата заседания"))
    agenda = models.TextField(_("повестка"))
    minutes_file = models.FileField(
        _("протокол (файл)"),
        upload_to=GeneratedName("programme/commission", field="minutes_file"),
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("evidence")],
        help_text=_("PDF, DOCX, XLSX, ODT, JPEG или PNG; выдаётся только через портал."),
    )
    minutes_number = models.CharField(_("номер протокола"), max_length=50, blank=True)
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
        verbose_name = _("заседание комиссии по информационной работе")
        verbose_name_plural = _("заседания комиссии по информационной работе")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.agenda[:60]}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Дата заседания не может быть в будущем.")})
