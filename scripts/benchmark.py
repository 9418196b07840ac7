"""Timings of the heavy paths at a chosen number of PPOs (tests assert query counts, never time).

Usage (any configured database; everything it creates is rolled back at the end):
    DJANGO_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python scripts/benchmark.py --ppos 60 500 2000

The database must be migrated (``manage.py migrate``) first.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_ENV", "local")


class Rollback(Exception):
    pass


def populate(n: int) -> None:
    from ppo.models import Channel, MembershipSnapshot, PrimaryOrganization, SubscriberCount

    organizations = PrimaryOrganization.objects.bulk_create(
        PrimaryOrganization(
            full_name=f"ППО (бенчмарк) {i}",
            short_name=f"Бенч {i}",
            slug=f"bench-{i}",
            medical_organization=f"Больница {i}",
            locality="Чебоксары",
            joined_on=dt.date(2000, 1, 1),
        )
        for i in range(n)
    )
    MembershipSnapshot.objects.bulk_create(
        MembershipSnapshot(
            organization=o, month=dt.date(2025, m, 1), employees=500, members=400 + m
        )
        for o in organizations
        for m in range(1, 13)
    )
    channels = Channel.objects.bulk_create(
        Channel(organization=o, platform="vk", url=f"https://vk.com/bench{o.pk}", title="Профком")
        for o in organizations
    )
    SubscriberCount.objects.bulk_create(
        SubscriberCount(channel=c, date=dt.date(2025, m, 28), count=100 + m)
        for c in channels
        for m in range(1, 13)
    )


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    fn()
    print(f"  {label:<42} {1000 * (time.perf_counter() - start):8.0f} ms")


def measure(n: int) -> None:
    from django.test import Client

    from portal.metrics import registry
    from portal.models import User
    from portal.periods import Period
    from portal.selectors import active_organization_ids
    from reports.services import cc_report_compile, rating_compute, rating_default_scheme

    populate(n)
    ids = active_organization_ids()
    period = Period.month(2025, 12)
    timed(
        "all metrics, values + total, one month",
        lambda: [(m.values(period, ids), m.total(period, ids)) for m in registry.all()],
    )
    timed("report to the Central Committee (compile)", lambda: cc_report_compile(period=period))
    rating_default_scheme(year=2025)
    timed("yearly rating (compute)", lambda: rating_compute(year=2025))
    client = Client()
    client.force_login(User.objects.create_superuser(email="bench@example.org", full_name="B"))
    timed("dashboard page", lambda: client.get("/dashboard/?year=2025"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ppos", type=int, nargs="+", default=[60, 500])
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction

    for n in args.ppos:
        print(f"{n} PPOs")
        try:
            with transaction.atomic():
                measure(n)
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main()
