"""ppo 0008 gives the PPOs already in the portal their membership dates without changing any
period's population: the active ones belong since 2000, the inactive ones count in no period."""

import datetime as dt

import pytest

from portal.periods import Period
from ppo.selectors import organizations_active
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("ppo", "0007_organization_locality_optional")]
AFTER = [("ppo", "0008_organization_membership_dates")]


@pytest.mark.django_db(transaction=True)
def test_existing_ppos_keep_every_period_as_it_was():
    old = migrate(BEFORE)
    Organization = old.get_model("ppo", "PrimaryOrganization")
    active = Organization.objects.create(full_name="ППО давняя", short_name="Давняя", slug="old")
    closed = Organization.objects.create(
        full_name="ППО закрытая", short_name="Закрытая", slug="closed", is_active=False
    )
    try:
        new = migrate(AFTER)
        Organization = new.get_model("ppo", "PrimaryOrganization")
        active, closed = (
            Organization.objects.get(pk=active.pk),
            Organization.objects.get(pk=closed.pk),
        )
        assert active.joined_on == dt.date(2000, 1, 1) and active.left_on is None
        assert closed.joined_on == closed.left_on
        for period in (Period.for_year(2023), Period.month(2025, 12), None):
            counted = set(organizations_active(period).values_list("pk", flat=True))
            assert counted == {active.pk}, period
    finally:
        migrate_to_latest()  # the migrations after 0008 were unapplied too
