import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.organization import abbreviation
from portal.text import slugify_ru


class PrimaryOrganization(models.Model):
    """A primary union organization (ППО) of a hospital, clinic or medical college."""

    full_name = models.CharField(_("полное наименование"), max_length=300, unique=True)
    short_name = models.CharField(_("краткое наименование"), max_length=120, unique=True)
    slug = models.SlugField(
        _("адрес страницы"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Латиницей, например rkb: страница будет /ppo/rkb/. Пусто — из краткого наименования."
        ),
    )
    medical_organization = models.CharField(_("медицинская организация"), max_length=300)
    locality = models.CharField(_("город или район"), max_length=120, blank=True)
    union_page_url = models.URLField(
        _("профсоюзная страница на сайте медорганизации"),
        blank=True,
        help_text=_("Например, https://rkb.med.cap.ru/profsoyuz"),
    )
    is_active = models.BooleanField(_("действует"), default=True)
    joined_on = models.DateField(
        _("в составе организации с"),
        default=timezone.localdate,
        help_text=_(
            "С этого дня ППО считается во всех показателях, отчётах и рейтинге. "
            "Для новой ППО — дата её вступления в организацию."
        ),
    )
    left_on = models.DateField(
        _("вышла из организации"),
        null=True,
        blank=True,
        help_text=_(
            "День выхода, слияния или ликвидации: с этого дня ППО больше не считается; "
            "прошлые периоды её сохраняют."
        ),
    )
    created_at = models.DateTimeField(_("создана в портале"), auto_now_add=True)

    class Meta:
        verbose_name = _("первичная профсоюзная организация")
        verbose_name_plural = _("первичные профсоюзные организации")
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="ppo_left_not_before_joined",
                violation_error_message=_("Дата выхода не может быть раньше даты вступления."),
            )
        ]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        self.ensure_slug()
        self.sync_membership()
        fields = kwargs.get("update_fields")
        if fields is not None and ({"is_active", "left_on"} & set(fields)):
            kwargs["update_fields"] = {*fields, "is_active", "left_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("ppo:organization_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.ensure_slug()
        today = timezone.localdate()
        if self.is_active and self.left_on and self.left_on <= today and self.pk:
            previous = type(self).objects.filter(pk=self.pk).values_list("is_active", flat=True)
            if previous and not previous[0]:
                # Ticked «действует» again: a PPO that left must have its leaving date cleared.
                raise ValidationError(
                    {
                        "left_on": _(
                            "ППО вышла из %(name)s %(date)s: очистите дату выхода, чтобы она снова "
                            "действовала."
                        )
                        % {"name": abbreviation(), "date": self.left_on.strftime("%d.%m.%Y")}
                    }
                )

    def sync_membership(self) -> None:
        """«Действует» and the leaving date tell one story: unticking «действует» means the PPO
        leaves today (unless a leaving date is given); a leaving date that has come means it no
        longer acts. Counting in periods reads only the dates."""
        today = timezone.localdate()
        if not self.is_active and self.left_on is None:
            self.left_on = max(today, self.joined_on) if self.joined_on else today
        if self.left_on and self.left_on <= today:
            self.is_active = False

    def belongs_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def ensure_slug(self):
        """Derive the page address from the short name when staff left it empty."""
        if not self.slug and self.short_name:
            self.slug = slugify_ru(self.short_name)


class OfficerAppointmentQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        """Appointments in force on a date: started, and not ended before it (the one rule)."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class OfficerAppointment(models.Model):
    """The appointment of a person responsible for information work in a PPO.

    A user is an officer of the PPO while the appointment is in force: started, and with no end
    date or an end date not yet passed. At most one appointment per PPO has no end date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("ответственный"),
    )
    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("ППО"),
    )
    starts_on = models.DateField(_("назначен с"))
    ends_on = models.DateField(_("полномочия по"), null=True, blank=True)
    basis = models.CharField(
        _("основание"),
        max_length=200,
        blank=True,
        help_text=_("Например: протокол заседания профкома № 5 от 12.01.2024"),
    )

    objects = OfficerAppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("назначение ответственного")
        verbose_name_plural = _("назначения ответственных")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(ends_on__isnull=True),
                name="ppo_one_open_appointment_per_organization",
                violation_error_message=_(
                    "У этой ППО уже есть действующий ответственный: "
                    "сначала завершите его назначение."
                ),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(ends_on__isnull=True),
                name="ppo_one_open_appointment_per_user",
                violation_error_message=_("Этот человек уже назначен ответственным в другой ППО."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="ppo_appointment_ends_after_start",
                violation_error_message=_("Дата окончания не может быть раньше даты назначения."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.ends_on is None


class MembershipSnapshot(models.Model):
    """Union membership in a PPO for a month (figures as at the end of the month)."""

    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.CASCADE,
        related_name="membership_snapshots",
        verbose_name=_("ППО"),
    )
    month = models.DateField(_("месяц"), help_text=_("Первое число месяца"))
    employees = models.PositiveIntegerField(_("работников"))
    members = models.PositiveIntegerField(_("членов профсоюза"))
    joined = models.PositiveIntegerField(_("вступило за месяц"), default=0)
    left = models.PositiveIntegerField(_("выбыло за месяц"), default=0)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("численность за месяц")
        verbose_name_plural = _("численность по месяцам")
        ordering = ["organization", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month"],
                name="ppo_membership_one_per_month",
                violation_error_message=_("Численность за этот месяц уже внесена."),
            ),
            models.CheckConstraint(
                condition=Q(members__lte=F("employees")),
                name="ppo_members_not_above_employees",
                violation_error_message=_("Членов профсоюза не может быть больше, чем работников."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="ppo_membership_month_first_day"
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.month:%m.%Y}"

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)

    @property
    def level(self):
        """Membership level in % (derived, never stored)."""
        if not self.employees:
            return None
        return round(100 * self.members / self.employees, 1)


class Channel(models.Model):
    """A union channel (VK community, Telegram channel, ...) of the ЧРО or of a PPO."""

    class Platform(models.TextChoices):
        VK = "vk", _("ВКонтакте")
        TELEGRAM = "telegram", _("Telegram")
        ODNOKLASSNIKI = "ok", _("Одноклассники")
        WHATSAPP = "whatsapp", _("WhatsApp")
        VIBER = "viber", _("Viber")
        WEBSITE = "website", _("Сайт")
        OTHER = "other", _("Другое")

    # Hosts that an address on each platform may have.
    PLATFORM_HOSTS = {
        Platform.VK: ("vk.com", "vk.ru", "m.vk.com"),
        Platform.TELEGRAM: ("t.me", "telegram.me"),
        Platform.ODNOKLASSNIKI: ("ok.ru", "m.ok.ru"),
        Platform.WHATSAPP: ("chat.whatsapp.com", "wa.me", "whatsapp.com"),
        Platform.VIBER: ("invite.viber.com", "vb.me", "viber.com"),
    }

    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channels",
        verbose_name=_("ППО"),
        help_text=_("Пусто — канал самой республиканской организации"),
    )
    platform = models.CharField(_("площадка"), max_length=16, choices=Platform.choices)
    url = models.URLField(_("адрес"), max_length=300)
    title = models.CharField(_("название"), max_length=200)
    is_public = models.BooleanField(_("показывать на сайте"), default=True)
    retired_on = models.DateField(
        _("закрыт"), null=True, blank=True, help_text=_("Дата, с которой канал больше не ведётся")
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("канал")
        verbose_name_plural = _("каналы")
        ordering = ["organization__short_name", "platform", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                name="ppo_channel_url_unique",
                violation_error_message=_("Канал с таким адресом уже есть в портале."),
            ),
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.title}"

    def clean(self):
        hosts = self.PLATFORM_HOSTS.get(self.platform)
        if self.url and hosts:
            match = re.match(r"^https?://([^/:?#]+)", self.url.strip(), re.IGNORECASE)
            host = match[1].lower() if match else ""
            host = host.removeprefix("www.")
            if host not in hosts:
                raise ValidationError(
                    {
                        "url": _("Адрес канала «%(platform)s» должен начинаться с %(hosts)s.")
                        % {
                            "platform": self.get_platform_display(),
                            "hosts": " или ".join(f"https://{h}/" for h in hosts[:2]),
                        }
                    },
                    code="platform_host",
                )

    @property
    def is_active(self) -> bool:
        return self.retired_on is None


class SubscriberCount(models.Model):
    """The number of subscribers of a channel on a date."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("вручную")
        API = "api", _("API площадки")
        DEMO = "demo", _("демо-источник")

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="counts", verbose_name=_("канал")
    )
    date = models.DateField(_("дата"))
    count = models.PositiveIntegerField(_("подписчиков"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    recorded_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    source = models.CharField(
        _("источник"), max_length=8, choices=Source.choices, default=Source.MANUAL
    )
    collected_at = models.DateTimeField(
        _("получено из API"), null=True, blank=True, help_text=_("Для чисел, собранных через API")
    )

    class Meta:
        verbose_name = _("число подписчиков")
        verbose_name_plural = _("числа подписчиков")
        ordering = ["channel", "-date"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "date"],
                name="ppo_subscriber_count_one_per_day",
                violation_error_message=_("За эту дату число подписчиков уже внесено."),
            ),
        ]
        indexes = [
            # The channel's last count on a date is read by one lookup per channel and date (a
            # series: 12 dates for 12,000 channels); with the count in the index PostgreSQL
            # answers from it alone, without reading the table (at 8,000 PPOs 1.1 s -> 0.45 s).
            # SQLite has no such indexes (the unique constraint above serves it).
            models.Index(
                fields=["channel", "date"], include=["count"], name="ppo_subscriber_count_last"
            ),
        ]

    def __str__(self):
        return f"{self.channel}: {self.count} на {self.date:%d.%m.%Y}"

    def clean(self):
        if self.date and self.date > timezone.localdate() + dt.timedelta(days=1):
            raise ValidationError({"date": _("Дата не может быть в будущем.")}, code="future")
