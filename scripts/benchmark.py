"""The performance instrument: a realistic union at a chosen size, pages and jobs timed.

For each size it (re)creates its own database (``<database>_bench`` on the server of
DATABASE_URL, never the test database), seeds a union with bulk_create — PPOs with officers, 36
months of membership, channels with monthly subscriber counts, published news spread over the
months, news waiting for moderation, monthly reports, public albums — COMMITS it, runs ANALYZE
and clears the cache (of REDIS_URL), then prints for every page the median server time, the HTML
size and the number of SQL queries (in-process, Django's test client; rendered with the page
cache off — what every page repeats and the parts kept for every visitor, ``pagecache.kept``,
stay on, as for a logged-in view in production; the «first» column is the view that computes
them — and, for anonymous visitors, served again from the page cache), and the time of the
jobs (report to the Central Committee, yearly rating, a 5,000-row registry import). With
``--http`` it also serves the same database with a real gunicorn (2 workers, production
settings, static files collected with the production storage) and drives it with a threaded
HTTP client, printing each page's throughput as a ratio to /healthz (the
trivial view) measured by the same gunicorn in the same run.

Usage (PostgreSQL and Redis as for the tests; the database is dropped at the end unless --keep):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python scripts/benchmark.py --ppos 10 1000 8000 [--http] [--clients 50]
"""

import argparse
import datetime as dt
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings
from http.client import HTTPConnection
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Named after the database of DATABASE_URL (portal -> portal_bench), so that two checkouts sharing
# one PostgreSQL server never drop each other's benchmark.
BENCH_DB = "portal_bench"
TEMPLATE_DB = "portal_bench_template"
LOCALITIES = [
    "Чебоксары",
    "Новочебоксарск",
    "Канаш",
    "Алатырь",
    "Шумерля",
    "Цивильск",
    "Мариинский Посад",
]
MONTHS = 36
MOSCOW = ZoneInfo("Europe/Moscow")
BATCH = 5000


def _months(last: dt.date, count: int) -> list[dt.date]:
    months, year, month = [], last.year, last.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


# --- Databases ----------------------------------------------------------------------------------


def _admin_sql(url: urllib.parse.SplitResult, *statements: str) -> None:
    import psycopg

    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=urllib.parse.unquote(url.username or "postgres"),
        password=urllib.parse.unquote(url.password or "") or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        for statement in statements:
            connection.execute(statement)


def _use_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name


# --- Seeding ------------------------------------------------------------------------------------


def seed(n: int, last_month: dt.date) -> dict:
    """A union of n PPOs, committed (bulk_create outside any transaction)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from media_archive.models import Album
    from portal.models import User
    from portal.roles import PRESIDIUM_GROUP, STAFF_GROUP
    from ppo.models import (
        Channel,
        MembershipSnapshot,
        OfficerAppointment,
        PrimaryOrganization,
        SubscriberCount,
    )
    from publications.models import Publication
    from reports.models import PpoMonthlyReport

    rng = random.Random(n)
    months = _months(last_month, MONTHS)
    password = make_password("bench-password-1")
    organizations = PrimaryOrganization.objects.bulk_create(
        (
            PrimaryOrganization(
                full_name=f"Первичная профсоюзная организация больницы № {i} (бенчмарк)",
                short_name=f"ППО больницы № {i}",
                slug=f"bench-{i}",
                medical_organization=f"БУ «Больница № {i}» Минздрава Чувашии",
                locality=LOCALITIES[i % len(LOCALITIES)],
                union_page_url=f"https://hospital{i}.example.ru/profsoyuz",
                # Members long before the measured months (the default, today, would empty them).
                joined_on=dt.date(2000, 1, 1),
            )
            for i in range(1, n + 1)
        ),
        batch_size=BATCH,
    )
    officers = User.objects.bulk_create(
        (
            User(
                email=f"officer{o.pk}@bench.example",
                full_name=f"Иванова Мария {o.pk}",
                password=password,
            )
            for o in organizations
        ),
        batch_size=BATCH,
    )
    OfficerAppointment.objects.bulk_create(
        (
            OfficerAppointment(user=u, organization=o, starts_on=months[0], basis="протокол № 1")
            for u, o in zip(officers, organizations, strict=True)
        ),
        batch_size=BATCH,
    )
    staff = User.objects.create_user(
        email="staff@bench.example", full_name="Аппарат ЧРО", password="x", is_staff=True
    )
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    presidium = User.objects.create_user(
        email="presidium@bench.example", full_name="Член Президиума", password="x"
    )
    presidium.groups.add(Group.objects.get(name=PRESIDIUM_GROUP))

    employees = {o.pk: rng.randint(80, 2500) for o in organizations}
    MembershipSnapshot.objects.bulk_create(
        (
            MembershipSnapshot(
                organization=o,
                month=m,
                employees=employees[o.pk],
                members=int(employees[o.pk] * (0.55 + 0.3 * ((o.pk + k) % 10) / 10)),
                joined=rng.randint(0, 5),
                left=rng.randint(0, 4),
            )
            for o in organizations
            for k, m in enumerate(months)
        ),
        batch_size=BATCH,
    )
    channels = Channel.objects.bulk_create(
        [
            Channel(
                organization=o,
                platform="vk",
                url=f"https://vk.com/bench{o.pk}",
                title=f"Профком больницы № {o.pk}",
            )
            for o in organizations
        ]
        + [
            Channel(
                organization=o,
                platform="telegram",
                url=f"https://t.me/bench{o.pk}",
                title=f"Профком № {o.pk} в Telegram",
            )
            for o in organizations[::2]
        ],
        batch_size=BATCH,
    )
    SubscriberCount.objects.bulk_create(
        (
            SubscriberCount(channel=c, date=m.replace(day=25), count=100 + 7 * k + c.pk % 300)
            for c in channels
            for k, m in enumerate(months)
        ),
        batch_size=BATCH,
    )

    def moment(month: dt.date, day: int) -> dt.datetime:
        return dt.datetime(month.year, month.month, day, 10, 0, tzinfo=MOSCOW)

    body = "<p>" + "Профсоюзный комитет провёл встречу с коллективом отделения. " * 12 + "</p>"
    publications = []
    for o, officer in zip(organizations, officers, strict=True):
        for k in range(6):  # six published news per PPO, spread over the 36 months
            month = months[rng.randrange(MONTHS)]
            published = moment(month, rng.randint(1, 27))
            publications.append(
                Publication(
                    organization=o,
                    author=officer,
                    title=f"Новость ППО № {o.pk}: событие {k + 1}",
                    lead="Коротко о событии в первичной организации.",
                    body=body,
                    category="events",
                    status="published",
                    event_date=published.date(),
                    submitted_at=published,
                    approved_at=published,
                    published_at=published,
                    vk_url=f"https://vk.com/wall-{o.pk}_{k}" if k % 2 else "",
                )
            )
        if o.pk % 20 == 0:  # one in twenty PPOs has a news waiting for moderation
            publications.append(
                Publication(
                    organization=o,
                    author=officer,
                    title="На модерации",
                    body=body,
                    status="submitted",
                    submitted_at=moment(months[-1], 20),
                )
            )
    for k in range(200):  # the ЧРО's own news
        published = moment(months[k % MONTHS], 1 + k % 27)
        publications.append(
            Publication(
                organization=None,
                author=staff,
                title=f"Новость ЧРО {k + 1}",
                body=body,
                lead="Новость республиканской организации.",
                status="published",
                category="protection",
                submitted_at=published,
                approved_at=published,
                published_at=published,
            )
        )
    Publication.objects.bulk_create(publications, batch_size=BATCH)
    Album.objects.bulk_create(
        (
            Album(
                title=f"Спартакиада медиков, ППО № {o.pk}",
                event_date=months[rng.randrange(MONTHS)].replace(day=15),
                place="Чебоксары",
                visibility="public" if o.pk % 3 else "internal",
                organization=o,
                created_by=officer,
            )
            for o, officer in zip(organizations[::10], officers[::10], strict=True)
        ),
        batch_size=BATCH,
    )

    report_months = months[-12:]
    PpoMonthlyReport.objects.bulk_create(
        (
            PpoMonthlyReport(
                organization=o,
                month=m,
                status="accepted" if m != months[-1] else "submitted",
                stand_updates=rng.randint(0, 4),
                subscriptions_solidarnost=rng.randint(0, 10),
                events_covered="День медицинского работника; спартакиада",
                first_submitted_at=moment(m, 28),
                submitted_at=moment(m, 28),
                submitted_by=u,
            )
            for o, u in zip(organizations, officers, strict=True)
            for m in report_months
            if (o.pk + m.month) % 7  # some PPOs miss some months
        ),
        batch_size=BATCH,
    )
    return {
        "officer": officers[0],
        "organization": organizations[0],
        "staff": staff,
        "presidium": presidium,
    }


# --- In-process timing --------------------------------------------------------------------------


def pages(people: dict) -> list[tuple[str, str, object]]:
    from media_archive.models import Album
    from programme.models import Measure
    from publications.models import Publication

    news = Publication.objects.filter(status="published", organization__isnull=False).first()
    slug = people["organization"].slug
    album = Album.objects.filter(visibility="public").first()
    measure = Measure.objects.filter(activities__isnull=False).order_by("pk").first()
    return [
        ("home", "/", None),
        ("news feed", "/news/", None),
        (
            "news feed, PPO by name",
            "/news/?" + urllib.parse.urlencode({"ppo": "больницы № 17"}),
            None,
        ),
        ("news item", f"/news/{news.pk}/", None),
        ("PPO catalogue", "/ppo/", None),
        ("PPO page", f"/ppo/{slug}/", None),
        ("archive", "/archive/", None),
        ("album", f"/archive/{album.pk}/", None),
        ("PPO page as officer", f"/ppo/{slug}/", people["officer"]),
        ("cabinet (officer)", "/cabinet/", people["officer"]),
        ("dashboard (Presidium)", "/dashboard/", people["presidium"]),
        ("PPOs with signals", "/dashboard/ppos/?sort=name&page=2", people["presidium"]),
        ("measure drill-down", f"/dashboard/measures/{measure.pk}/", people["presidium"]),
        ("report matrix (staff)", "/staff/reports/", people["staff"]),
        ("moderation queue (staff)", "/staff/moderation/", people["staff"]),
    ]


def _measure(client, url: str, repeat: int) -> tuple[float, int, int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    cache = response.get("X-Portal-Cache", "")
    return 1000 * statistics.median(times), len(response.content), len(queries), cache


def time_pages(people: dict, repeat: int) -> None:
    """Each page rendered (the page cache off) and, for anonymous visitors, served again from
    the page cache (portal/pagecache.py): the first view's time, the median server time, HTML
    size, SQL queries."""
    from django.test import Client, override_settings

    print(
        f"  {'page':<28} {'first ms':>9} {'rendered ms':>11} {'HTML KB':>8} {'queries':>8}"
        f" {'cached ms':>10} {'queries':>8}"
    )
    for label, url, user in pages(people):
        client = Client()
        if user is not None:
            client.force_login(user)
        # The dashboard keeps its figures as production does (a change of data drops them): its
        # first view computes them (the «first» column), the next ones render the page around.
        with override_settings(PORTAL_PAGE_CACHE_SECONDS=0, PORTAL_DASHBOARD_CACHE_SECONDS=900):
            start = time.perf_counter()
            response = client.get(url)  # warm-up (templates, connection, kept figures)
            first = 1000 * (time.perf_counter() - start)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            rendered, size, queries, _ = _measure(client, url, repeat)
        cached = ""
        if user is None:
            client.get(url)  # stored
            ms, _, hit_queries, state = _measure(client, url, repeat)
            # (A miss here means something flushed the cache meanwhile: say so, do not stop.)
            cached = f"{ms:10.1f} {hit_queries:8d}" + ("" if state == "hit" else f" ({state})")
        print(
            f"  {label:<28} {first:9.1f} {rendered:11.1f} {size / 1024:8.1f} {queries:8d} {cached}"
        )


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {1000 * (time.perf_counter() - start):9.0f} ms  {result or ''}")


def import_rows(rows: int) -> str:
    """A registry import of `rows` rows (existing PPOs updated, the rest new), rolled back."""
    import tablib
    from django.db import transaction

    from ppo.models import PrimaryOrganization
    from ppo.resources import PrimaryOrganizationResource

    existing = list(PrimaryOrganization.objects.order_by("pk")[:rows])
    data = tablib.Dataset(
        headers=[
            "Полное наименование",
            "Краткое наименование",
            "Медицинская организация",
            "Город или район",
            "Профсоюзная страница",
            "Адрес страницы",
            "Действует",
        ]
    )
    for o in existing:
        data.append(
            [
                o.full_name,
                o.short_name,
                o.medical_organization,
                "Чебоксарский район",
                o.union_page_url,
                o.slug,
                "да",
            ]
        )
    for i in range(rows - len(existing)):
        data.append(
            [
                f"ППО поликлиники № {i} (импорт)",
                f"ППО поликлиники № {i}",
                f"Поликлиника № {i}",
                "Чебоксары",
                "",
                f"import-{i}",
                "да",
            ]
        )

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            result = PrimaryOrganizationResource().import_data(data, dry_run=False)
            assert not result.has_errors() and not result.has_validation_errors(), "import failed"
            totals = dict(result.totals)
            raise Rollback
    except Rollback:
        pass
    return f"(new {totals.get('new', 0)}, updated {totals.get('update', 0)}; rolled back)"


def time_jobs(last_month: dt.date, import_size: int) -> None:
    from portal.metrics import registry
    from portal.periods import Period
    from reports.services import cc_report_compile, rating_compute, rating_default_scheme

    period = Period.month(last_month.year, last_month.month)
    counted = registry.organizations(period).count()

    def compile_report() -> str:
        cc_report_compile(period=period)
        return f"({counted} PPOs count in the month)"

    timed("report to the Central Committee (compile)", compile_report)
    dashboard_after_a_change()
    year = last_month.year - 1
    rating_default_scheme(year=year)
    timed(f"yearly rating {year} (compute)", lambda: f"({len(rating_compute(year=year))} PPOs)")
    if import_size:
        timed(f"PPO registry import, {import_size} rows", lambda: import_rows(import_size))


def dashboard_after_a_change() -> None:
    """A change behind a metric with a worker to recompute the dashboard's figures: the view
    shows the last figures (with their time) at once; the job computes the new ones."""
    from django.test import override_settings
    from django.utils import timezone

    from portal import pagecache
    from programme import selectors

    today = timezone.localdate()
    year = selectors.default_year(selectors.programme_years(), today=today)
    programme = selectors.programme_for_year(year)
    with override_settings(
        PORTAL_DASHBOARD_CACHE_SECONDS=900, PORTAL_DASHBOARD_PREVIOUS_SECONDS=3600
    ):
        selectors.dashboard_figures(programme, year, today=today)  # computed and kept
        pagecache.bump(pagecache.METRICS)

        def shown() -> str:
            figures = selectors.dashboard_figures(
                programme, year, today=today, refresh=lambda: True
            )
            return "(the last figures)" if not figures["figures_current"] else "(computed!)"

        timed("dashboard figures after a change, view", shown)
        timed(
            "dashboard figures after a change, job",
            lambda: selectors.dashboard_warm(today=today, year=year) and "(computed)",
        )


# --- Under gunicorn -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, static_root: Path) -> dict:
    from django.conf import settings

    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_"))},
        "DJANGO_ENV": "production",
        # The same key as this process: its sessions (force_login) are valid under gunicorn.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL or "redis://127.0.0.1:6379/0",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "DEFAULT_FROM_EMAIL": "bench@bench.example",
        "CELERY_BROKER_URL": "",
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def _load(port: int, url: str, cookie: str | None, clients: int, seconds: float) -> dict:
    """`clients` threads requesting `url` for `seconds`: req/s, p50/p95 latency, failures."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p = (
        (lambda q: 1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))])
        if latencies
        else (lambda q: 0)
    )
    return {"rps": len(latencies) / elapsed, "p50": p(0.5), "p95": p(0.95), "failed": failures[0]}


def time_http(people: dict, database_url: str, clients: int, seconds: float) -> None:
    from django.test import Client

    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = production_env(database_url, static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer /healthz")

        cookies = {}
        for user in {people["officer"], people["presidium"], people["staff"]}:
            client = Client()
            client.force_login(user)
            cookies[user.pk] = f"sessionid={client.cookies['sessionid'].value}"
        targets = [("trivial view (/healthz)", "/healthz", None)] + pages(people)
        baseline = None
        print(f"  gunicorn 2 workers, {clients} clients, {seconds:.0f} s per page")
        print(f"  {'page':<28} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'failed':>7}")
        for label, url, user in targets:
            cookie = cookies[user.pk] if user is not None else None
            _load(port, url, cookie, min(clients, 4), 1)  # warm-up of both workers
            result = _load(port, url, cookie, clients, seconds)
            baseline = baseline or result["rps"]
            print(
                f"  {label:<28} {result['rps']:8.1f} {result['rps'] / baseline:7.3f} "
                f"{result['p50']:8.0f} {result['p95']:8.0f} {result['failed']:7d}"
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


# --- Main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ppos", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--repeat", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--http", action="store_true", help="also load a real gunicorn")
    parser.add_argument("--clients", type=int, default=50, help="concurrent HTTP clients")
    parser.add_argument("--seconds", type=float, default=5, help="load per page, seconds")
    parser.add_argument("--import-rows", type=int, default=5000, help="0: no import timing")
    parser.add_argument("--keep", action="store_true", help="keep <database>_bench after the run")
    args = parser.parse_args()

    global BENCH_DB, TEMPLATE_DB
    server = urllib.parse.urlsplit(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    )
    base = server.path.lstrip("/") or "portal"
    BENCH_DB, TEMPLATE_DB = f"{base}_bench", f"{base}_bench_template"
    if server.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    bench_url = server._replace(path=f"/{BENCH_DB}").geturl()
    # In-process: the test settings (fast hashing, local mail) on the benchmark's own database.
    os.environ["DATABASE_URL"] = server._replace(path=f"/{TEMPLATE_DB}").geturl()
    os.environ["DJANGO_ENV"] = "test"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

    import django

    # The in-process run has no collected static files (whitenoise says so once per client).
    warnings.filterwarnings("ignore", message="No directory at")

    _admin_sql(
        server,
        f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)",
        f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)",
        f"CREATE DATABASE {TEMPLATE_DB}",
    )
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_programme", verbosity=0)
    print(f"schema and programme: {time.perf_counter() - start:.0f} s")
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        for n in args.ppos:
            _use_database("postgres")
            _admin_sql(
                server,
                f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)",
                f"CREATE DATABASE {BENCH_DB} TEMPLATE {TEMPLATE_DB}",
            )
            _use_database(BENCH_DB)
            start = time.perf_counter()
            people = seed(n, last_month)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            cache.clear()  # bulk inserts send no signals: no page of the last size may remain
            print(
                f"\n{n} PPOs (seeded, committed and analysed in "
                f"{time.perf_counter() - start:.1f} s; months to {last_month:%m.%Y})"
            )
            time_pages(people, args.repeat)
            time_jobs(last_month, args.import_rows)
            if args.http:
                time_http(people, bench_url, args.clients, args.seconds)
    finally:
        _use_database("postgres")
        drops = [f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"]
        if not args.keep:
            drops.append(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        _admin_sql(server, *drops)


if __name__ == "__main__":
    main()
