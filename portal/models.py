from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


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
