"""Writes of information-work budgets (сметы)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Budget, PrimaryOrganization
from .models.budgets import ACTUAL_FIELDS, PLANNED_FIELDS
from .permissions import can_edit_organization_data

AMOUNT_FIELDS = ["total", *PLANNED_FIELDS, *ACTUAL_FIELDS]


@transaction.atomic
def budget_save(
    *, user, organization: PrimaryOrganization | None, year: int, **amounts: Decimal
) -> Budget:
    """Create or correct the budget of a PPO (or of the ЧРО, for staff) for a year."""
    if not can_edit_organization_data(user, organization):
        raise PermissionDenied("Нет прав на изменение сметы этой организации.")
    unknown = set(amounts) - set(AMOUNT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown budget fields: {unknown}")
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise ValidationError(
            {"year": "Год сметы — с 2000 по %s." % (this_year + 1)}, code="year_range"
        )
    budget = (
        Budget.objects.select_for_update()
        .filter(organization=organization, year=year)
        .order_by("pk")
        .first()
    ) or Budget(organization=organization, year=year)
    for name, value in amounts.items():
        setattr(budget, name, value if value is not None else Decimal(0))
    budget.full_clean(validate_unique=budget.pk is None)
    budget.save()
    return budget
