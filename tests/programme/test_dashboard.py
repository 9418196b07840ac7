import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ppo.models import MembershipSnapshot, OfficerAppointment, PrimaryOrganization
from programme.models import Activity, ExecutionRecord, Measure, Training
from tests.factories import UserFactory, presidium_user, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _layout_read_each_time(settings):
    """The tests compare the queries of the dashboard's views: the layout's reads (the
    organization, the roles; ``pagecache.kept``) cost the same in each (tests/portal/test_kept.py
    covers keeping them)."""
    settings.PORTAL_KEPT_SECONDS = 0


def make_organizations(n: int, prefix: str = ""):
    """n PPOs by bulk creation, half with officers, all with membership and a record."""
    PrimaryOrganization.objects.bulk_create(
        PrimaryOrganization(
            full_name=f"ППО больницы № {prefix}{i} (нагрузка)",
            short_name=f"ППО-Н {prefix}{i}",
            slug=f"load-{prefix}{i}",
            medical_organization=f"Больница № {i}",
            locality="Чебоксары",
            joined_on=dt.date(2000, 1, 1),
        )
        for i in range(n)
    )
    organizations = list(PrimaryOrganization.objects.filter(slug__startswith=f"load-{prefix}"))
    users = UserFactory.build_batch(n // 2)
    for user in users:
        user.password = "!"
    from portal.models import User

    User.objects.bulk_create(users)
    users = list(User.objects.filter(email__in=[u.email for u in users]))
    OfficerAppointment.objects.bulk_create(
        OfficerAppointment(user=u, organization=o, starts_on=dt.date(2024, 1, 1))
        for u, o in zip(users, organizations, strict=False)
    )
    MembershipSnapshot.objects.bulk_create(
        MembershipSnapshot(organization=o, month=dt.date(2025, m, 1), employees=100, members=90 - m)
        for o in organizations
        for m in (9, 12)
    )
    activity = Activity.objects.filter(responsible="each_ppo", metric_key="").first()
    ExecutionRecord.objects.bulk_create(
        ExecutionRecord(
            activity=activity,
            organization=o,
            date=dt.date(2025, 3, 1),
            text="Сделано",
            evidence_url="https://vk.com/wall-1_1",
        )
        for o in organizations
    )


def _dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programme:dashboard") + "?year=2025")
    assert response.status_code == 200
    return response, len(queries)


def test_dashboard_is_flat_in_size_and_queries_from_10_to_1000_ppos(client):
    """The dashboard lists what a person reads (the first lagging PPOs; the rest are a click
    away) and computes totals in SQL: neither its HTML nor its queries grow with the PPOs."""
    make_organizations(10, prefix="a")
    client.force_login(presidium_user())
    small, small_queries = _dashboard(client)
    make_organizations(990, prefix="b")
    large, large_queries = _dashboard(client)
    assert large.context["organizations_count"] == 1000
    assert large.context["lagging_count"] == 1000  # each lacks publications: all lag
    assert large_queries == small_queries
    assert small_queries <= 130  # an aggregate or two for each of the 45 lines bound to a metric
    # The same page but for a few longer names and counts: a few hundred bytes, not 1,000 rows.
    assert len(large.content) - len(small.content) < 1500
    html = large.content.decode()
    assert html.count('class="lagging-row"') == 8
    assert "signal-cell" not in html


@pytest.mark.parametrize("size", [10, 300])
def test_lists_behind_the_dashboard_have_constant_queries(
    client, size, django_assert_max_num_queries
):
    make_organizations(size)
    client.force_login(presidium_user())
    with django_assert_max_num_queries(30):
        response = client.get(reverse("programme:dashboard_organizations") + "?year=2025")
    html = response.content.decode()
    assert html.count('class="signal-cell"') == 5 * min(size, 50)
    measure = ExecutionRecord.objects.first().activity.measure
    with django_assert_max_num_queries(75):  # the whole tree: its metric lines
        response = client.get(reverse("programme:measure_detail", args=[measure.pk]) + "?year=2025")
    assert response.content.decode().count("evidence-link") == size
    activity = ExecutionRecord.objects.first().activity
    with django_assert_max_num_queries(30):
        response = client.get(
            reverse("programme:activity_count", args=[activity.pk]) + "?year=2025"
        )
    assert response.context["lists"]["counted"]["total"] == size
    assert response.context["lists"]["not_counted"]["total"] == 0
    assert response.content.decode().count("/dashboard/ppos/") >= min(size, 50)


def test_dashboard_shows_progress_sections_indicators_and_signals(client):
    make_organizations(3)
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard") + "?year=2025")
    html = response.content.decode()
    assert "Исполнение программы" in html
    assert "Мероприятия, проводимые первичными профсоюзными организациями." in html
    # Membership and publications (none is a fact: zero) have data; subscribers have no counts.
    assert html.count("data:image/svg+xml;base64,") == 2
    assert html.count("chart-empty") == 1
    assert "Увеличение числа подписчиков" in html
    assert "нет данных" in html  # publications and reports are not registered on this branch
    assert "членство падает" in html
    assert "admin/programme" not in html  # the Presidium reads, it does not edit


def test_membership_falling_is_a_signal(client):
    make_organizations(2)
    client.force_login(presidium_user())
    response = client.get(
        reverse("programme:dashboard_organizations") + "?year=2025&sort=membership_falling"
    )
    rows = response.context["rows"]
    falling = next(s for s in rows[0].signals if s.code == "membership_falling")
    assert falling.value is True
    # No approved publication in two months is a fact, not unknown.
    publications = next(s for s in rows[0].signals if s.code == "no_publications")
    assert publications.value is True


def test_sorting_by_name_and_signals(client):
    make_organizations(4)
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard_organizations") + "?year=2025&sort=name")
    names = [r.organization.short_name for r in response.context["rows"]]
    assert names == sorted(names, key=str.lower)
    response = client.get(reverse("programme:dashboard_organizations") + "?year=2025&sort=bogus")
    assert response.context["sort"] == "signals"
    raised = [r.raised for r in response.context["rows"]]
    assert raised == sorted(raised, reverse=True)


def test_year_selector(client):
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard") + "?year=2023")
    assert response.context["year"] == 2023
    assert response.context["years"] == [2023, 2024, 2025]
    # A 2024-2025 line is not started in 2023.
    tree = response.context["tree"]
    section_two = tree.children[1]
    assert section_two.children[0].evaluation.status == "not_started"
    # A year no programme covers is said so, not silently replaced by another year.
    response = client.get(reverse("programme:dashboard") + "?year=1999")
    assert response.status_code == 404
    assert "На 1999 год нет ни одной программы" in response.content.decode()
    assert response.context["years"] == [2023, 2024, 2025]
    # Not a number at all is ignored, as in every query string of the portal.
    response = client.get(reverse("programme:dashboard") + "?year=abc")
    assert response.status_code == 200 and response.context["year"] == 2025


def test_staff_see_edit_links(client):
    client.force_login(staff_user())
    html = client.get(reverse("programme:dashboard")).content.decode()
    assert "/admin/programme/measure/" in html


def test_measure_detail_shows_evidence(client):
    staff = staff_user()
    # A line that stays evidence-based (no metric measures it): its records decide.
    measure = Measure.objects.get(section__number="I", number=6)
    activity = measure.activities.get(text__startswith="Регулярное повышение квалификации")
    ExecutionRecord.objects.create(
        activity=activity,
        date=dt.date(2024, 12, 10),
        text="Отчёт на заседании Президиума",
        evidence_url="https://example.org/protocol-12",
        recorded_by=staff,
    )
    client.force_login(presidium_user())
    response = client.get(reverse("programme:measure_detail", args=[measure.pk]) + "?year=2024")
    html = response.content.decode()
    assert "Отчёт на заседании Президиума" in html
    assert "https://example.org/protocol-12" in html
    activities = response.context["activities"]
    statuses = {n.item.pk: n.evaluation.status for n, _records, _label in activities}
    assert statuses[activity.pk] == "done"


def test_trainings_with_attendance_on_the_dashboard(client):
    from programme.models import Attendance

    officer = UserFactory(full_name="Иванова Анна")
    training = Training.objects.create(
        date=dt.date(2024, 3, 14), topic="Работа с сообществом ВКонтакте", format="video"
    )
    Attendance.objects.create(training=training, user=officer)
    Attendance.objects.create(training=training, user=UserFactory(), attended=False)
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard") + "?year=2024")
    html = response.content.decode()
    assert "Работа с сообществом ВКонтакте" in html
    assert "Иванова Анна" in html
    assert len(response.context["trainings"][0].attendees) == 1


def test_presidium_lands_on_the_dashboard_after_login(client):
    client.force_login(presidium_user())
    response = client.get(reverse("portal:after_login"))
    assert response["Location"] == reverse("programme:dashboard")


def test_nav_has_the_dashboard_for_presidium_only(client, world):
    client.force_login(world.presidium)
    assert reverse("programme:dashboard") in client.get(reverse("portal:home")).content.decode()
    client.force_login(world.officer_a)
    assert reverse("programme:dashboard") not in client.get(reverse("portal:home")).content.decode()


def test_signals_name_the_month_they_refer_to():
    from programme.selectors import signal_months

    # The end of a past year: December's report is the one missing, not November's.
    months = signal_months(2025, today=dt.date(2026, 2, 3))
    assert months.reason("report_missing") == "нет отчёта за декабрь 2025"
    assert months.reason("no_publications") == "нет публикаций за ноябрь 2025 — декабрь 2025"
    assert months.reason("membership_falling") == "членство падает (сентябрь 2025 → декабрь 2025)"
    # The current year: this month is not over, so last month's report is judged.
    months = signal_months(2025, today=dt.date(2025, 11, 20))
    assert months.reason("report_missing") == "нет отчёта за октябрь 2025"
    assert months.reason("no_officer") == "нет ответственного (ноябрь 2025)"


def test_dashboard_indicators_have_two_series_targets_and_a_table(client):
    from programme.models import Indicator, IndicatorTarget

    make_organizations(3)
    indicator = Indicator.objects.get(metric_key="ppo.membership_level")
    IndicatorTarget.objects.update_or_create(indicator=indicator, year=2025, defaults={"value": 80})
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard") + "?year=2025")
    series = {s["series"].indicator.metric_key: s["series"] for s in response.context["indicators"]}
    subscribers = series["ppo.subscribers"]
    assert [line.key for line in subscribers.lines] == ["ppo.subscribers", "ppo.chro_subscribers"]
    publications = series["ppo.publications_approved"]
    assert [line.key for line in publications.lines] == [
        "ppo.publications_approved",
        "integrations.social_posts",
    ]
    membership = series["ppo.membership_level"]
    # The trend runs over every year of the programme, to December of the year viewed.
    assert str(membership.points[0]) == "март 2023" and str(membership.points[-1]) == "декабрь 2025"
    assert membership.actual == 78.0  # 90 - 12 members of 100 at the last snapshot
    assert membership.target == 80.0 and membership.on_target is False
    assert [row["year"] for row in membership.table()] == [2023, 2024, 2025]
    html = response.content.decode()
    assert html.count('class="table table-sm small mb-0 indicator-table"') == 3
    assert 'id="indicator-tile-2"' in html and "ниже цели" in html


def test_overall_status_is_judged_against_what_was_due():
    from programme.progress import AT_RISK, BEHIND, ON_TRACK, Evaluation, rollup

    # Most of what was due is done, little of the year yet: on track, not red.
    children = [
        (1, Evaluation(ON_TRACK, 0.3, due=0.3, done_due=0.3)),
        (1, Evaluation(BEHIND, 0.1, due=0.2, done_due=0.1)),
        (1, Evaluation(ON_TRACK, 0.0, due=0.0, done_due=0.0)),
    ]
    result = rollup(children)
    assert result.due_share == pytest.approx(0.8)
    assert result.status == AT_RISK
    children[1] = (1, Evaluation(BEHIND, 0.0, due=0.5, done_due=0.0))
    assert rollup(children).status == BEHIND
    children[1] = (1, Evaluation(ON_TRACK, 0.2, due=0.2, done_due=0.2))
    assert rollup(children).status == ON_TRACK


def test_dashboard_figures_are_cached_until_data_behind_a_metric_change(client, settings):
    """The figures (over every PPO) are computed once and kept until a row of an app with
    metrics is saved or deleted; the page around them (the user's links) is rendered each time."""
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 900
    make_organizations(3)
    client.force_login(presidium_user())
    first, first_queries = _dashboard(client)
    assert first.context["organizations_count"] == 3
    again, again_queries = _dashboard(client)
    assert again.context["organizations_count"] == 3
    assert again_queries < first_queries - 40  # the metrics are not asked again

    def figures(response):  # the page past its header (tokens and nonces differ per view)
        html = response.content.decode()
        return html[html.index('id="indicators-summary"') :]

    assert figures(again) == figures(first)

    organization = PrimaryOrganization.objects.create(
        full_name="ППО новой больницы",
        short_name="ППО новой больницы",
        slug="new-hospital",
        medical_organization="Новая больница",
        locality="Чебоксары",
        joined_on=dt.date(2000, 1, 1),
    )
    changed, changed_queries = _dashboard(client)
    assert changed.context["organizations_count"] == 4
    assert changed_queries == first_queries
    # A count, a report or a record of the programme is data behind a metric as well.
    _dashboard(client)
    MembershipSnapshot.objects.create(
        organization=organization, month=dt.date(2025, 12, 1), employees=100, members=99
    )
    _, after_snapshot = _dashboard(client)
    assert after_snapshot == first_queries
    # The staff's page around the same figures still has their edit links.
    client.force_login(staff_user())
    staff_page, _ = _dashboard(client)
    assert "admin/programme" in staff_page.content.decode()


def test_a_training_of_many_names_the_first_attendees_and_counts_all(client):
    from programme.models import Attendance
    from programme.selectors import ATTENDEES_NAMED

    make_organizations(30)
    training = Training.objects.create(date=dt.date(2025, 3, 14), topic="Вебинар", format="video")
    Attendance.objects.bulk_create(
        Attendance(training=training, user=appointment.user, organization=appointment.organization)
        for appointment in OfficerAppointment.objects.select_related("user", "organization")
    )
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard") + "?year=2025")
    listed = response.context["trainings"][0]
    assert len(listed.attendees) == ATTENDEES_NAMED
    assert listed.attendees_count == 15
    assert "и другие, всего 15" in response.content.decode()


def test_the_list_of_ppos_keeps_their_signals_until_data_behind_a_metric_change(client, settings):
    """Every PPO's signals are computed once per change of the data (at 8,000 PPOs a second);
    each view sorts, searches and pages them, and a PPO's name still links and reads right."""
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 900
    make_organizations(4)
    client.force_login(presidium_user())
    url = reverse("programme:dashboard_organizations") + "?year=2025&sort=name"

    def view():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response, len(queries)

    first, first_queries = view()
    again, again_queries = view()
    assert again_queries <= first_queries - 8  # the metrics are not asked again
    names = [row.organization.short_name for row in again.context["rows"]]
    assert names == [row.organization.short_name for row in first.context["rows"]]
    assert [r.flags for r in again.context["rows"]] == [r.flags for r in first.context["rows"]]
    assert [r.signals for r in again.context["rows"]] == [r.signals for r in first.context["rows"]]
    row = again.context["rows"][0]
    assert row.organization.slug == PrimaryOrganization.objects.get(pk=row.organization.pk).slug
    assert reverse("programme:dashboard_organization", args=[row.organization.pk]) in (
        again.content.decode()
    )
    # A report, a count, a news item or a new PPO is data behind a metric: computed afresh.
    MembershipSnapshot.objects.update_or_create(
        organization_id=row.organization.pk,
        month=dt.date(2025, 12, 1),
        defaults={"employees": 100, "members": 1},
    )
    changed, changed_queries = view()
    assert changed_queries == first_queries
    changed_row = next(
        r for r in changed.context["rows"] if r.organization.pk == row.organization.pk
    )
    assert changed_row.membership_level != row.membership_level


def test_a_measure_drill_down_reads_the_tree_kept_with_the_dashboard(client, settings):
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 900
    make_organizations(3)
    measure = Measure.objects.filter(activities__isnull=False).order_by("pk").first()
    url = reverse("programme:measure_detail", args=[measure.pk]) + "?year=2025"
    client.force_login(presidium_user())

    def view():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response, len(queries)

    first, first_queries = view()  # computes the figures (the tree) and keeps them
    again, again_queries = view()
    assert again_queries < first_queries - 20
    assert again.context["node"].evaluation == first.context["node"].evaluation
    # A record of the programme is data behind the tree: computed afresh.
    ExecutionRecord.objects.create(
        activity=measure.activities.first(),
        date=dt.date(2025, 6, 1),
        text="Проведено",
        evidence_url="https://example.org/report",
    )
    _, changed_queries = view()
    assert changed_queries >= first_queries - 2
