"""Budgets of information work: per year, for the ЧРО (no organization) and for each PPO.

The programme asks that at least 5% of the budget (смета) go to information work. The spending
categories are fixed by the programme, so a budget is one row with a planned and an actual amount
per category: the rule «spending is not above the total» is then a database check on that row."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.organization import short_name
from ppo.models import PrimaryOrganization

# (code, Russian label) of the categories of information-work spending.
BUDGET_CATEGORIES = [
    ("equipment", _("техника и оборудование")),
    ("printing", _("печатная продукция")),
    ("subscriptions", _("подписка на издания")),
    ("training", _("обучение")),
    ("contests", _("конкурсы")),
    ("promotion", _("продвижение в сети")),
    ("other", _("прочее")),
]
PLANNED_FIELDS = [f"planned_{code}" for code, _label in BUDGET_CATEGORIES]
ACTUAL_FIELDS = [f"actual_{code}" for code, _label in BUDGET_CATEGORIES]
# The programme's rule: at least this share of the budget goes to information work.
DEFAULT_MIN_INFO_SHARE = Decimal("5")


def _amount(label):
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=Decimal("0"))


def _sum(fields):
    expression = F(fields[0])
    for name in fields[1:]:
        expression = expression + F(name)
    return expression


class Budget(models.Model):
    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budgets",
        verbose_name=_("ППО"),
        help_text=_("Пусто — смета самой республиканской организации"),
    )
    year = models.PositiveSmallIntegerField(_("год"))
    total = models.DecimalField(_("смета, всего, руб."), max_digits=14, decimal_places=2)

    planned_equipment = _amount(_("план: техника и оборудование"))
    planned_printing = _amount(_("план: печатная продукция"))
    planned_subscriptions = _amount(_("план: подписка на издания"))
    planned_training = _amount(_("план: обучение"))
    planned_contests = _amount(_("план: конкурсы"))
    planned_promotion = _amount(_("план: продвижение в сети"))
    planned_other = _amount(_("план: прочее"))

    actual_equipment = _amount(_("факт: техника и оборудование"))
    actual_printing = _amount(_("факт: печатная продукция"))
    actual_subscriptions = _amount(_("факт: подписка на издания"))
    actual_training = _amount(_("факт: обучение"))
    actual_contests = _amount(_("факт: конкурсы"))
    actual_promotion = _amount(_("факт: продвижение в сети"))
    actual_other = _amount(_("факт: прочее"))

    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("смета на информационную работу")
        verbose_name_plural = _("сметы на информационную работу")
        ordering = ["-year", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(organization__isnull=False),
                name="ppo_budget_one_per_ppo_year",
                violation_error_message=_("Смета этой ППО за этот год уже внесена."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(organization__isnull=True),
                name="ppo_budget_one_chro_per_year",
                violation_error_message=_(
                    "Смета республиканской организации за этот год уже внесена."
                ),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0)
                & Q(**{f"{name}__gte": 0 for name in PLANNED_FIELDS + ACTUAL_FIELDS}),
                name="ppo_budget_amounts_not_negative",
                violation_error_message=_("Суммы не могут быть отрицательными."),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=_sum(PLANNED_FIELDS)),
                name="ppo_budget_planned_within_total",
                violation_error_message=_("Запланированные расходы больше сметы."),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=_sum(ACTUAL_FIELDS)),
                name="ppo_budget_actual_within_total",
                violation_error_message=_("Фактические расходы больше сметы."),
            ),
        ]

    def __str__(self):
        owner = self.organization or short_name()
        return f"{owner}: смета на {self.year} год"

    def clean(self):
        errors = {}
        amounts = {"total": self.total} | {
            name: getattr(self, name) for name in PLANNED_FIELDS + ACTUAL_FIELDS
        }
        for name, value in amounts.items():
            if value is not None and value < 0:
                errors[name] = _("Сумма не может быть отрицательной.")
        if self.total is not None and not errors:
            if self.planned_total > self.total:
                errors["total"] = _(
                    "Запланированные расходы (%(spent)s руб.) больше сметы (%(total)s руб.)."
                ) % {"spent": self.planned_total, "total": self.total}
            elif self.actual_total > self.total:
                errors["total"] = _(
                    "Фактические расходы (%(spent)s руб.) больше сметы (%(total)s руб.)."
                ) % {"spent": self.actual_total, "total": self.total}
        if errors:
            raise ValidationError(errors, code="amounts")

    @property
    def planned_total(self) -> Decimal:
        return sum((getattr(self, name) or Decimal(0) for name in PLANNED_FIELDS), Decimal(0))

    @property
    def actual_total(self) -> Decimal:
        return sum((getattr(self, name) or Decimal(0) for name in ACTUAL_FIELDS), Decimal(0))

    @property
    def actual_share(self) -> Decimal | None:
        """Actual information-work spending in % of the budget (derived, never stored)."""
        return info_share(self.actual_total, self.total)

    @property
    def planned_share(self) -> Decimal | None:
        return info_share(self.planned_total, self.total)

    @property
    def meets_minimum(self) -> bool | None:
        return meets_min_share(self.actual_total, self.total)

    def category_rows(self):
        """(label, planned, actual) per category, for tables."""
        return [
            (label, getattr(self, f"planned_{code}"), getattr(self, f"actual_{code}"))
            for code, label in BUDGET_CATEGORIES
        ]


def min_info_share() -> Decimal:
    """The minimum share of information work, % (setting PORTAL_MIN_INFO_BUDGET_SHARE or 5)."""
    from django.conf import settings

    return Decimal(str(getattr(settings, "PORTAL_MIN_INFO_BUDGET_SHARE", DEFAULT_MIN_INFO_SHARE)))


def info_share(spent: Decimal, total: Decimal | None) -> Decimal | None:
    """Spent in % of total, to two decimals; None when the total is zero or unknown."""
    if not total:
        return None
    return (Decimal(100) * Decimal(spent) / Decimal(total)).quantize(Decimal("0.01"))


def meets_min_share(spent: Decimal, total: Decimal | None) -> bool | None:
    """Whether spent is at least the minimum share of total (exact, no rounding)."""
    if not total:
        return None
    return Decimal(100) * Decimal(spent) >= min_info_share() * Decimal(total)
