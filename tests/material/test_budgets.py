"""Budgets of information work: amounts, constraints and the 5% rule with boundary values."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from material.models import Budget
from material.services import budget_save

D = Decimal


def _save(world, user=None, organization="a", year=2025, **amounts):
    org = {"a": world.org_a, "b": world.org_b, None: None}[organization]
    return budget_save(user=user or world.officer_a, organization=org, year=year, **amounts)


@pytest.mark.parametrize(
    ("spent", "meets"),
    [(D("4999.99"), False), (D("5000.00"), True), (D("5000.01"), True), (D("0"), False)],
)
def test_five_percent_rule_boundaries(world, spent, meets):
    budget = _save(world, total=D("100000.00"), actual_printing=spent)
    assert budget.meets_minimum is meets
    assert budget.actual_share == (D(100) * spent / D(100000)).quantize(D("0.01"))


def test_share_just_below_five_is_not_rounded_up(world):
    budget = _save(world, total=D("1000000.00"), actual_other=D("49999.99"))
    assert budget.actual_share == D("5.00")  # displayed rounded...
    assert budget.meets_minimum is False  # ...but compared exactly


@override_settings(PORTAL_MIN_INFO_BUDGET_SHARE="7")
def test_minimum_share_is_a_setting(world):
    assert _save(world, total=D("1000"), actual_other=D("60")).meets_minimum is False


def test_zero_total_has_no_share(world):
    budget = _save(world, total=D("0"))
    assert budget.actual_share is None and budget.meets_minimum is None


def test_spending_above_total_is_refused_with_message(world):
    with pytest.raises(ValidationError, match="Фактические расходы .* больше сметы"):
        _save(world, total=D("1000.00"), actual_printing=D("600"), actual_other=D("400.01"))
    with pytest.raises(ValidationError, match="Запланированные расходы .* больше сметы"):
        _save(world, total=D("1000.00"), planned_printing=D("1000.01"))
    assert not Budget.objects.exists()


def test_negative_amounts_are_refused(world):
    with pytest.raises(ValidationError, match="отрицательной"):
        _save(world, total=D("1000.00"), actual_printing=D("-1"))


def test_database_checks_back_the_rules(world):
    with (
        pytest.raises(IntegrityError, match="ppo_budget_actual_within_total"),
        transaction.atomic(),
    ):
        Budget.objects.create(organization=world.org_a, year=2025, total=10, actual_other=11)
    with (
        pytest.raises(IntegrityError, match="ppo_budget_amounts_not_negative"),
        transaction.atomic(),
    ):
        Budget.objects.create(organization=world.org_a, year=2025, total=5, actual_other=-1)
    Budget.objects.create(organization=None, year=2025, total=10)
    with pytest.raises(IntegrityError, match="ppo_budget_one_chro_per_year"), transaction.atomic():
        Budget.objects.create(organization=None, year=2025, total=20)


def test_saving_again_corrects_the_same_year(world):
    _save(world, total=D("1000"), actual_other=D("10"))
    budget = _save(world, total=D("2000"), actual_other=D("150.55"))
    assert Budget.objects.count() == 1
    assert budget.actual_total == D("150.55") and budget.meets_minimum


def test_who_may_save(world):
    with pytest.raises(PermissionDenied):
        _save(world, user=world.officer_b, total=D("1"))
    with pytest.raises(PermissionDenied):
        _save(world, organization=None, total=D("1"))  # the ЧРО's budget: staff only
    _save(world, user=world.staff, organization=None, total=D("100"))
    _save(world, user=world.staff, organization="b", total=D("100"))  # staff correct any
    assert Budget.objects.count() == 2
