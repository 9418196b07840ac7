"""The PPO line «не менее 5% бюджета ППО» is computed from the budgets, through the metric."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from material.models import Budget
from programme import keys
from programme.models import Activity
from tests.factories import OrganizationFactory
from tests.programme.test_metric_progress import evaluate

pytestmark = pytest.mark.django_db

LINE = "Выделение финансовых средств из бюджета ППО в объеме не менее 5%"


def line():
    return Activity.objects.get(text__startswith=LINE)


def test_the_line_is_bound_to_the_five_percent_metric():
    activity = line()
    assert activity.responsible == "each_ppo"
    assert (activity.metric_key, activity.target_rule) == (keys.PPOS_AT_5_PERCENT, "share_of_ppos")
    assert activity.target_value == 1


def test_progress_is_the_share_of_ppos_at_five_percent():
    organizations = OrganizationFactory.create_batch(4)
    Budget.objects.create(organization=organizations[0], year=2025, total=1000, actual_other=50)
    Budget.objects.create(organization=organizations[1], year=2025, total=1000, actual_other=80)
    Budget.objects.create(organization=organizations[2], year=2025, total=1000, actual_other=10)
    ids = [o.pk for o in organizations]
    result = evaluate(line(), 2025, dt.date(2025, 6, 15), ids)
    assert result.source == "metric"
    assert result.progress == 0.5
    assert result.value == 2


def test_migration_binds_an_unbound_line_and_keeps_a_staff_binding():
    migration = importlib.import_module("programme.migrations.0004_bind_ppo_five_percent")
    Activity.objects.filter(pk=line().pk).update(metric_key="", target_rule="", target_value=None)
    migration.bind(apps, None)
    assert line().metric_key == keys.PPOS_AT_5_PERCENT
    Activity.objects.filter(pk=line().pk).update(target_value=Decimal("0.5"))
    migration.bind(apps, None)  # again: nothing changes
    call_command("load_programme")  # a reload keeps the binding too
    activity = line()
    assert activity.metric_key == keys.PPOS_AT_5_PERCENT
    assert activity.target_value == Decimal("0.5")
