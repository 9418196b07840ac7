from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organizations import MembershipSnapshot, SubscriberCount


class FigureChange(models.Model):
    """One entry or correction of a PPO's figure (a subscriber count or a month's membership):
    who, when, and the values before and after. Written by the services, never edited."""

    class Action(models.TextChoices):
        ENTERED = "entered", _("внесено")
        CORRECTED = "corrected", _("исправлено")

    subscriber_count = models.ForeignKey(
        SubscriberCount,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("число подписчиков"),
    )
    membership = models.ForeignKey(
        MembershipSnapshot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("численность за месяц"),
    )
    action = models.CharField(_("действие"), max_length=12, choices=Action.choices)
    before = models.JSONField(_("было"), default=dict, blank=True)
    after = models.JSONField(_("стало"), default=dict)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    by_staff = models.BooleanField(_("аппарат организации"), default=False)
    changed_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("изменение показателя")
        verbose_name_plural = _("история показателей")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subscriber_count__isnull=False, membership__isnull=True)
                | Q(subscriber_count__isnull=True, membership__isnull=False),
                name="ppo_figure_change_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.changed_at:%d.%m.%Y %H:%M}"

    @property
    def differences(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) of the fields that changed (all of them for an entry)."""
        model = SubscriberCount if self.subscriber_count_id else MembershipSnapshot
        rows = []
        for name, value in self.after.items():
            old = self.before.get(name)
            if self.action == self.Action.CORRECTED and old == value:
                continue
            rows.append((str(model._meta.get_field(name).verbose_name), old, value))
        return rows
