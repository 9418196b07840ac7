"""The electronic document exchange with PPOs and the e-mail mailings of the ЧРО."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import GeneratedName
from portal.storage import private_storage
from portal.uploads import UploadValidator


class Document(models.Model):
    """A document the ЧРО sends to PPOs (all or chosen); its deliveries record who read it."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Постановление")
        LETTER = "letter", _("Письмо")
        METHODOLOGY = "methodology", _("Методические рекомендации")
        BRANDBOOK = "brandbook", _("Брендбук")
        TEMPLATE = "template", _("Шаблон формы")

    title = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("номер"), max_length=50, blank=True)
    dated = models.DateField(_("дата документа"), null=True, blank=True)
    description = models.TextField(_("краткое содержание"), blank=True)
    file = models.FileField(
        _("файл"),
        upload_to=GeneratedName("documents"),
        storage=private_storage,
        validators=[UploadValidator("document")],
        max_length=200,
    )
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("в открытой библиотеке"),
        default=False,
        help_text=_("Документ виден всем посетителям сайта в разделе «Документы»."),
    )
    acknowledge_by = models.DateField(
        _("ознакомиться до"),
        null=True,
        blank=True,
        help_text=_("Если указана дата, ППО должны подтвердить ознакомление до неё."),
    )
    sent_at = models.DateTimeField(_("разослан"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("отправитель"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ для ППО")
        verbose_name_plural = _("документы для ППО")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def requires_acknowledgement(self) -> bool:
        return self.acknowledge_by is not None

    def deadline_passed(self, today=None) -> bool:
        """The acknowledgement deadline is behind us (the deadline day itself still counts)."""
        deadline = self.acknowledge_by
        return bool(deadline) and (today or timezone.localdate()) > deadline


class Delivery(models.Model):
    """A document delivered to one PPO: when and by whom it was opened and acknowledged."""

    class State(models.TextChoices):
        SENT = "sent", _("отправлен")
        OPENED = "opened", _("открыт")
        ACKNOWLEDGED = "acknowledged", _("ознакомлены")
        OVERDUE = "overdue", _("просрочено")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("документ")
    )
    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.CASCADE,
        related_name="document_deliveries",
        verbose_name=_("ППО"),
    )
    delivered_at = models.DateTimeField(_("доставлен"), default=timezone.now)
    opened_at = models.DateTimeField(_("открыт"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто открыл"),
    )
    acknowledged_at = models.DateTimeField(_("ознакомлены"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто подтвердил"),
    )
    reminded_at = models.DateTimeField(_("последнее напоминание"), null=True, blank=True)

    class Meta:
        verbose_name = _("доставка документа")
        verbose_name_plural = _("доставки документов")
        ordering = ["organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organization"],
                name="documents_one_delivery_per_organization",
                violation_error_message=_("Этой ППО документ уже отправлен."),
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(opened_at__isnull=False),
                name="documents_acknowledged_after_opened",
                violation_error_message=_("Нельзя ознакомиться с неоткрытым документом."),
            ),
        ]

    def __str__(self):
        return f"{self.document} → {self.organization}"

    def state(self, today=None) -> str:
        """The cell of the matrix: acknowledged, overdue, opened or just sent."""
        if self.acknowledged_at:
            return self.State.ACKNOWLEDGED
        if self.document.deadline_passed(today):
            return self.State.OVERDUE
        if self.opened_at:
            return self.State.OPENED
        return self.State.SENT

    def is_overdue(self, today=None) -> bool:
        """Not acknowledged although the deadline has passed («просрочено»)."""
        return self.acknowledged_at is None and self.document.deadline_passed(today)

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def is_laggard(self) -> bool:
        """Has not done what the document asks: acknowledge it (or at least open it)."""
        if self.document.requires_acknowledgement:
            return self.acknowledged_at is None
        return self.opened_at is None


class Submission(models.Model):
    """A document a PPO sends to the ЧРО (a signed act, a profkom protocol, a report)."""

    class Kind(models.TextChoices):
        ACT = "act", _("Подписанный акт")
        PROTOCOL = "protocol", _("Протокол заседания профкома")
        REPORT = "report", _("Отчёт")
        OTHER = "other", _("Другое")

    class Status(models.TextChoices):
        NEW = "new", _("новый")
        PROCESSED = "processed", _("обработан")

    organization = models.ForeignKey(
        "ppo.PrimaryOrganization",
        on_delete=models.PROTECT,
        related_name="document_submissions",
        verbose_name=_("ППО"),
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=300)
    comment = models.TextField(_("комментарий"), blank=True)
    file = models.FileField(
        _("файл"),
        upload_to=GeneratedName("submissions"),
        storage=private_storage,
        validators=[UploadValidator("document")],
        max_length=200,
    )
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("отправил"),
    )
    submitted_at = models.DateTimeField(_("отправлен"), default=timezone.now)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    processed_at = models.DateTimeField(_("обработан"), null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто обработал"),
    )
    staff_note = models.TextField(_("отметка аппарата"), blank=True)

    class Meta:
        verbose_name = _("документ от ППО")
        verbose_name_plural = _("документы от ППО")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new", processed_at__isnull=True)
                | Q(status="processed", processed_at__isnull=False),
                name="documents_submission_processed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.organization})"


class DigestSubscriber(models.Model):
    """A member of the public subscribed to the news digest (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает подтверждения")
        CONFIRMED = "confirmed", _("подписан")
        UNSUBSCRIBED = "unsubscribed", _("отписался")

    email = models.EmailField(_("адрес электронной почты"), unique=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("оставил адрес"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("письмо с подтверждением"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("подтвердил"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("отписался"), null=True, blank=True)

    class Meta:
        verbose_name = _("подписчик дайджеста")
        verbose_name_plural = _("подписчики дайджеста")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class Mailing(models.Model):
    """An e-mail composed by staff for a segment of recipients, sent in batches by Celery."""

    class Segment(models.TextChoices):
        ALL_OFFICERS = "all_officers", _("Все ответственные ППО")
        CHOSEN_OFFICERS = "chosen_officers", _("Ответственные выбранных ППО")
        SIGNAL_OFFICERS = "signal_officers", _("Ответственные ППО с сигналом показателя")
        DIGEST = "digest", _("Подписчики дайджеста новостей")

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SENDING = "sending", _("отправляется")
        SENT = "sent", _("отправлена")

    subject = models.CharField(_("тема"), max_length=200)
    body_html = models.TextField(
        _("текст"),
        help_text=_(
            "Можно использовать абзацы, выделение, списки и ссылки; остальная разметка удаляется."
        ),
    )
    segment = models.CharField(_("получатели"), max_length=20, choices=Segment.choices)
    organizations = models.ManyToManyField(
        "ppo.PrimaryOrganization",
        blank=True,
        related_name="+",
        verbose_name=_("выбранные ППО"),
        help_text=_("Только для получателей «Ответственные выбранных ППО»."),
    )
    signal_metric = models.CharField(
        _("показатель сигнала"),
        max_length=100,
        blank=True,
        help_text=_(
            "Для сегмента с сигналом: письмо получат ППО, у которых за прошлый месяц "
            "значение показателя отсутствует или равно нулю (например, отчёт не сдан)."
        ),
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    started_at = models.DateTimeField(_("начата отправка"), null=True, blank=True)
    finished_at = models.DateTimeField(_("отправка завершена"), null=True, blank=True)

    class Meta:
        verbose_name = _("рассылка")
        verbose_name_plural = _("рассылки")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class MailingAttachment(models.Model):
    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("рассылка")
    )
    file = models.FileField(
        _("файл"),
        upload_to=GeneratedName("mailings"),
        storage=private_storage,
        validators=[UploadValidator("document")],
        max_length=200,
    )
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("вложение")
        verbose_name_plural = _("вложения")

    def __str__(self):
        return self.original_name or self.file.name


class MailingDelivery(models.Model):
    """One recipient of a mailing; the row exists once per address, so nobody gets it twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("в очереди")
        SENDING = "sending", _("отправляется")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("ошибка")

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("рассылка")
    )
    email = models.EmailField(_("адрес"))
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    error = models.CharField(_("причина ошибки"), max_length=500, blank=True)
    attempted_at = models.DateTimeField(_("попытка"), null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("получатель рассылки")
        verbose_name_plural = _("журнал отправки рассылок")
        ordering = ["mailing", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "email"],
                name="documents_mailing_once_per_address",
                violation_error_message=_("Этот адрес уже есть в рассылке."),
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="documents_mailing_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.mailing}: {self.email}"


class NewsDigest(models.Model):
    """The monthly news digest as it went to the confirmed subscribers: its content is frozen
    when it is compiled (the 1st of the next month), so a rerun sends the same letter, and
    ``portal.SentMail`` (key ``documents.news_digest:YYYY-MM``) records each address reached."""

    month = models.DateField(_("месяц"), unique=True, help_text=_("Первое число месяца"))
    subject = models.CharField(_("тема"), max_length=200)
    # [{"key", "title", "items": [{"title", "path", "date", "summary", "source"}]}]
    content = models.JSONField(_("содержание"), default=list)
    item_count = models.PositiveIntegerField(_("материалов"), default=0)
    recipient_count = models.PositiveIntegerField(_("получили письмо"), default=0)
    created_at = models.DateTimeField(_("составлен"), auto_now_add=True)
    finished_at = models.DateTimeField(_("отправка завершена"), null=True, blank=True)

    class Meta:
        verbose_name = _("дайджест новостей")
        verbose_name_plural = _("дайджесты новостей")
        ordering = ["-month"]
        # Compiled and sent by beat only: staff look at them, nobody writes one by hand.
        default_permissions = ("view",)

    def __str__(self):
        return self.subject

    @property
    def mail_key(self) -> str:
        return f"documents.news_digest:{self.month:%Y-%m}"
