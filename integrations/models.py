"""What the portal learns from outside: channel collections, social-network posts, union pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ppo.models import Channel, PrimaryOrganization


class ChannelCollection(models.Model):
    """The last automatic collection of a channel's subscribers (one row per channel)."""

    class Status(models.TextChoices):
        OK = "ok", _("собрано")
        MANUAL_KEPT = "manual_kept", _("оставлено ручное число")
        FAILED = "failed", _("ошибка")

    channel = models.OneToOneField(
        Channel, on_delete=models.CASCADE, related_name="collection", verbose_name=_("канал")
    )
    status = models.CharField(_("состояние"), max_length=16, choices=Status.choices)
    attempted_at = models.DateTimeField(_("последняя попытка"))
    succeeded_at = models.DateTimeField(_("последний успешный сбор"), null=True, blank=True)
    error_code = models.CharField(_("код ошибки"), max_length=32, blank=True)
    error = models.CharField(_("причина"), max_length=300, blank=True)
    # When a manual count of the same day exists, the API value is kept here, never over it.
    api_count = models.PositiveIntegerField(_("число по API"), null=True, blank=True)
    is_demo = models.BooleanField(_("демо-источник"), default=False)

    class Meta:
        verbose_name = _("сбор подписчиков")
        verbose_name_plural = _("сборы подписчиков")

    def __str__(self):
        return f"{self.channel}: {self.get_status_display()}"


class SocialPost(models.Model):
    """A post of a VK community (from wall.get) or a Telegram channel (seen by the bot)."""

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="social_posts", verbose_name=_("канал")
    )
    external_id = models.CharField(_("номер записи"), max_length=64)
    url = models.URLField(_("адрес"), max_length=300)
    posted_at = models.DateTimeField(_("опубликовано"))
    text = models.TextField(_("текст"), blank=True)
    views = models.PositiveIntegerField(_("просмотры"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("отметки «нравится»"), null=True, blank=True)
    reposts = models.PositiveIntegerField(_("репосты"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("получено"), auto_now=True)

    class Meta:
        verbose_name = _("запись в соцсети")
        verbose_name_plural = _("записи в соцсетях")
        ordering = ["-posted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="integrations_social_post_unique"
            ),
        ]
        indexes = [models.Index(fields=["posted_at"], name="integrations_post_posted_at")]

    def __str__(self):
        return self.url


class TelegramPollState(models.Model):
    """The next getUpdates offset of the portal's bot (one row)."""

    next_offset = models.BigIntegerField(_("следующее смещение"), default=0)

    class Meta:
        verbose_name = _("состояние бота Telegram")
        verbose_name_plural = _("состояние бота Telegram")

    def __str__(self):
        return str(self.next_offset)


class UnionPageCheck(models.Model):
    """The last check of a PPO's union page on its medical organization's site."""

    class Status(models.TextChoices):
        OK = "ok", _("доступна")
        HTTP_ERROR = "http_error", _("ошибка сайта")
        UNREACHABLE = "unreachable", _("недоступна")
        BLOCKED = "blocked", _("адрес запрещён")

    organization = models.OneToOneField(
        PrimaryOrganization,
        on_delete=models.CASCADE,
        related_name="union_page_check",
        verbose_name=_("ППО"),
    )
    url = models.URLField(_("проверенный адрес"), max_length=300)
    status = models.CharField(_("состояние"), max_length=16, choices=Status.choices)
    http_status = models.PositiveSmallIntegerField(_("код ответа"), null=True, blank=True)
    final_url = models.URLField(_("итоговый адрес"), max_length=500, blank=True)
    error = models.CharField(_("причина"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("проверено"))
    content_hash = models.CharField(_("хеш текста"), max_length=64, blank=True)
    content_changed_at = models.DateTimeField(_("текст менялся"), null=True, blank=True)
    newest_item_date = models.DateField(_("дата свежего материала"), null=True, blank=True)
    is_demo = models.BooleanField(_("демо"), default=False)

    class Meta:
        verbose_name = _("проверка профсоюзной страницы")
        verbose_name_plural = _("проверки профсоюзных страниц")

    def __str__(self):
        return f"{self.organization}: {self.get_status_display()}"
