from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import UploadValidator


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: committee staff, a Presidium member or a PPO officer.

    People log in by e-mail; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("ФИО"), max_length=200)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    # The bell's number, kept on the row that every request loads anyway (no query per page);
    # maintained by portal.notifications only. A database default too, so rows written by code
    # that does not know the column (older migrations' historical models) still insert.
    unread_notifications = models.PositiveIntegerField(
        _("непрочитанных уведомлений"), default=0, db_default=0, editable=False
    )
    # An officer closed the cabinet's first-steps checklist (portal.first_steps).
    first_steps_dismissed_at = models.DateTimeField(
        _("первые шаги скрыты"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="portal_user_email_ci_unique",
                violation_error_message=_("Учётная запись с таким e-mail уже есть."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organization(models.Model):
    """The regional organization that runs the portal: one row, edited in the admin.

    Every template and e-mail reads its names from here (see ``portal.organization``), so that
    another regional organization of the union runs the portal by editing this record only."""

    SINGLETON_PK = 1

    full_name = models.CharField(
        _("полное наименование"),
        max_length=300,
        help_text=_("Как в уставе, но с сокращением «РФ»: для шапки писем и подвала сайта."),
    )
    full_name_genitive = models.CharField(
        _("полное наименование в родительном падеже"),
        max_length=300,
        help_text=_("Отчёт (кого?) … — в заголовках отчётов и в письмах."),
    )
    legal_name = models.CharField(
        _("наименование по уставу"),
        max_length=400,
        help_text=_("Без сокращений: для актов и других документов."),
    )
    short_name = models.CharField(
        _("краткое наименование"),
        max_length=100,
        help_text=_("Аббревиатура со словом «Профсоюза» — подпись новостей и писем."),
    )
    abbreviation = models.CharField(
        _("аббревиатура"), max_length=20, help_text=_("Знак в шапке сайта и в темах писем.")
    )
    site_name = models.CharField(
        _("название портала"),
        max_length=200,
        help_text=_("Заголовок страниц и подпись писем."),
    )
    region = models.CharField(_("регион"), max_length=100)
    region_genitive = models.CharField(
        _("регион в родительном падеже"),
        max_length=100,
        help_text=_("Профсоюз здравоохранения (чего?) … — в шапке сайта."),
    )
    logo = models.ImageField(
        _("логотип"),
        upload_to="organization/",
        blank=True,
        validators=[UploadValidator("organization_logo")],
        help_text=_("JPEG, PNG или WebP; показывается в ссылках на сайт в соцсетях."),
    )
    address = models.CharField(_("адрес"), max_length=300, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    site_url = models.URLField(_("сайт организации"), blank=True)
    specialist_name = models.CharField(
        _("специалист по информационной работе"), max_length=200, blank=True
    )
    specialist_phone = models.CharField(_("телефон специалиста"), max_length=50, blank=True)
    specialist_email = models.EmailField(_("электронная почта специалиста"), blank=True)

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организация")
        # One row, made by a migration: nobody is given the right to add or delete one.
        default_permissions = ("change", "view")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="organization_singleton"),
        ]

    def __str__(self):
        return self.short_name or self.full_name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)


class OutboxJob(models.Model):
    """A background job the broker refused (unreachable): kept here and sent when it is back."""

    task = models.CharField(_("задача"), max_length=200)
    args = models.JSONField(_("позиционные аргументы"), default=list, blank=True)
    kwargs = models.JSONField(_("именованные аргументы"), default=dict, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("попыток отправки"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    sent_at = models.DateTimeField(_("передана брокеру"), null=True, blank=True)

    class Meta:
        verbose_name = _("отложенная задача")
        verbose_name_plural = _("отложенные задачи")
        ordering = ["-created_at"]
        # A record of what the broker missed: read and re-sent from the admin, never edited.
        default_permissions = ("view",)
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="portal_outbox_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"


class SentMail(models.Model):
    """One e-mail to one address for one purpose (``key``): a retried or repeated task finds
    the row and does not mail the person again; reminders use ``queued_at`` for their cooldown."""

    key = models.CharField(_("назначение письма"), max_length=200)
    email = models.EmailField(_("адрес"))
    queued_at = models.DateTimeField(_("поставлено в очередь"), null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("отправленное письмо")
        verbose_name_plural = _("отправленные письма")
        constraints = [
            models.UniqueConstraint(fields=["key", "email"], name="portal_sent_mail_once"),
        ]

    def __str__(self):
        return f"{self.key} → {self.email}"


class Notification(models.Model):
    """A message to one person in the portal (the bell); the e-mail copy follows their choice
    (``NotificationPreference``). Created only by ``portal.notifications.notify``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("получатель"),
    )
    kind = models.CharField(_("вид"), max_length=60)
    title = models.CharField(_("заголовок"), max_length=300)
    body = models.TextField(_("текст"), blank=True)
    url = models.CharField(_("ссылка"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        # Written by portal.notifications only; the admin shows them read-only.
        default_permissions = ("view",)
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="portal_notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="portal_notification_list"),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """A person's choice of e-mail for one kind of notification; without a row it is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("пользователь"),
    )
    kind = models.CharField(_("вид"), max_length=60)
    email = models.BooleanField(_("присылать на почту"), default=True)

    class Meta:
        verbose_name = _("настройка уведомлений")
        verbose_name_plural = _("настройки уведомлений")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="portal_one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}"
