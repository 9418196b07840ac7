"""Staff compute a year's rating from the staff pages in the background, follow its progress,
preview the draft against the published version and publish it."""

import datetime as dt

import pytest
from django.urls import reverse

from ppo import services as ppo_services
from reports import rating, selectors, services
from reports.models import FrozenOutputEvent, Rating, RatingCriterion
from tests.factories import MembershipFactory

from .test_frozen_outputs import _more_ppos

PREVIEW = reverse("reports:rating_preview")
COMPUTE = reverse("reports:rating_preview_compute")
PROGRESS = reverse("reports:rating_preview_progress")


@pytest.fixture
def year_2025(world):
    MembershipFactory(
        organization=world.org_a, month=dt.date(2025, 12, 1), employees=100, members=90
    )
    MembershipFactory(
        organization=world.org_b, month=dt.date(2025, 12, 1), employees=300, members=150
    )
    RatingCriterion.objects.create(
        year=2025,
        metric_key="ppo.membership_level",
        weight=1,
        rule="bands",
        params={"bands": rating.MEMBERSHIP_BANDS},
    )


def compute(client, django_capture_on_commit_callbacks, year=2025, execute=True):
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        response = client.post(COMPUTE, {"year": year})
    # Only the queued jobs (saving rows also schedules cache invalidations after the commit).
    jobs = [
        c for c in callbacks if getattr(getattr(c, "func", None), "__name__", "") == "_dispatch"
    ]
    return response, jobs


@pytest.mark.django_db
def test_staff_compute_the_draft_inline_without_a_broker_and_see_it(
    client, world, year_2025, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    page = client.get(PREVIEW, {"year": 2025})
    assert "Рассчитать рейтинг за 2025" in page.content.decode()
    assert page.context["draft"] is None

    response, callbacks = compute(client, django_capture_on_commit_callbacks)
    assert response["Location"] == f"{PREVIEW}?year=2025"
    assert len(callbacks) == 1
    draft = Rating.objects.get(year=2025)
    assert not draft.is_published and draft.computed_by == world.staff
    event = FrozenOutputEvent.objects.get(kind="rating", object_id=draft.pk)
    assert event.action == "compiled" and event.user == world.staff

    page = client.get(PREVIEW, {"year": 2025})
    html = page.content.decode()
    assert page.context["draft"] == draft and page.context["progress"]["state"] == "done"
    assert [(r.organization.short_name, r.rank) for r in page.context["results"]] == [
        ("ППО А", 1),
        ("ППО Б", 2),
    ]
    assert "Черновик рейтинга (не опубликован)" in html and 'id="rating-draft-table"' in html
    assert "Опубликованной версии за этот год ещё нет" in html
    assert 'id="rating-progress"' not in html and "rating-progress.js" not in html
    progress = client.get(PROGRESS, {"year": 2025}).json()
    # Two metrics read (the criterion's and the employees for the size groups), then the scoring.
    assert progress == {
        "state": "done",
        "running": False,
        "done": 3,
        "total": 3,
        "percent": 100,
        "stage": "",
        "message": "",
    }


@pytest.mark.django_db
def test_two_clicks_make_one_computation_and_the_page_shows_its_progress(
    client, world, year_2025, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    _first, queued = compute(client, django_capture_on_commit_callbacks, execute=False)
    second, again = compute(client, django_capture_on_commit_callbacks, execute=False)
    assert len(queued) == 1 and again == []
    messages = [str(m) for m in second.wsgi_request._messages]
    assert messages == ["Расчёт рейтинга за 2025 запущен.", "Рейтинг за 2025 уже рассчитывается."]

    page = client.get(PREVIEW, {"year": 2025})
    html = page.content.decode()
    assert page.context["progress"]["running"]
    assert 'id="rating-progress"' in html and "Расчёт в очереди" in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "js/rating-progress.js" in html and "Рассчитать рейтинг за 2025" not in html
    assert client.get(PROGRESS, {"year": 2025}).json()["state"] == "queued"

    queued[0]()  # the worker takes the job
    assert Rating.objects.filter(year=2025).count() == 1
    assert client.get(PROGRESS, {"year": 2025}).json()["state"] == "done"
    # Once done, the year is free for the next computation (recomputed in place).
    _third, next_job = compute(client, django_capture_on_commit_callbacks)
    assert len(next_job) == 1
    assert Rating.objects.filter(year=2025).count() == 1


@pytest.mark.django_db
def test_progress_is_recorded_step_by_step(world, year_2025, monkeypatch):
    seen = []
    store = services._preview_store

    def spy(year, **state):
        seen.append((state.get("state"), state.get("done"), state.get("total")))
        return store(year, **state)

    monkeypatch.setattr(services, "_preview_store", spy)
    services.rating_preview_compute(year=2025, user=world.staff)
    assert seen == [
        ("running", None, None),
        ("running", 1, 3),
        ("running", 2, 3),
        ("running", 3, 3),
        ("done", None, None),
    ]
    assert selectors.rating_preview_state(2025)["rating_id"] == Rating.objects.get(year=2025).pk


@pytest.mark.django_db
def test_publish_from_the_preview_then_a_correction_shows_its_differences(
    client, world, year_2025, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    compute(client, django_capture_on_commit_callbacks)
    draft = Rating.objects.get(year=2025)
    response = client.post(
        reverse("reports:rating_publish", kwargs={"pk": draft.pk}), {"back": "preview"}
    )
    assert response["Location"] == f"{PREVIEW}?year=2025"
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == world.staff
    page = client.get(PREVIEW, {"year": 2025})
    assert page.context["draft"] is None and "Рейтинг опубликован" in page.content.decode()

    # Nothing changed: computing again says so and makes no version.
    compute(client, django_capture_on_commit_callbacks)
    page = client.get(PREVIEW, {"year": 2025})
    assert page.context["progress"]["state"] == "failed"
    assert "исправлять нечего" in page.content.decode()
    assert Rating.objects.filter(year=2025).count() == 1

    # B's membership corrected to 100 %: the correction puts B first, A second.
    ppo_services.membership_record(
        user=world.staff,
        organization=world.org_b,
        month=dt.date(2025, 12, 1),
        employees=300,
        members=300,
    )
    compute(client, django_capture_on_commit_callbacks)
    correction = Rating.objects.get(year=2025, version=2)
    assert correction.corrects == draft and not correction.is_published
    page = client.get(PREVIEW, {"year": 2025})
    html = page.content.decode()
    assert page.context["draft"] == correction and page.context["published"] == draft
    assert [
        (d["organization"], d["old_rank"], d["new_rank"]) for d in page.context["differences"]
    ] == [("ППО Б", 2, 1), ("ППО А", 1, 2)]
    assert 'id="rating-differences"' in html and "Исправленная версия 2" in html
    # Everyone else still reads the published version until the correction is published.
    assert selectors.rating_shown(selectors.ratings_of_year(2025)) == draft
    client.post(
        reverse("reports:rating_publish", kwargs={"pk": correction.pk}), {"back": "preview"}
    )
    assert selectors.rating_shown(selectors.ratings_of_year(2025)) == correction


@pytest.mark.django_db
def test_a_preview_of_the_current_year_cannot_be_published(
    client, world, django_capture_on_commit_callbacks
):
    RatingCriterion.objects.create(
        year=2026, metric_key="ppo.membership_level", weight=1, rule="linear", params={"target": 9}
    )
    client.force_login(world.staff)
    compute(client, django_capture_on_commit_callbacks, year=2026)
    page = client.get(PREVIEW, {"year": 2026})
    assert page.context["draft"] is not None and not page.context["can_publish"]
    assert "Опубликовать</button>" not in page.content.decode()


@pytest.mark.django_db
def test_a_year_without_criteria_or_in_the_future_is_refused_with_a_message(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    response, callbacks = compute(client, django_capture_on_commit_callbacks, year=2024)
    assert callbacks == []
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Для 2024 года не заданы критерии рейтинга."
    ]
    response, _ = compute(client, django_capture_on_commit_callbacks, year=2031)
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        "Рейтинг будущего года рассчитать нельзя."
    )
    response = client.post(COMPUTE, {"year": "две тысячи"})
    assert response.status_code == 302 and not Rating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer_a", "presidium"])
def test_officers_and_the_presidium_are_refused(
    client, world, year_2025, who, django_capture_on_commit_callbacks
):
    client.force_login(getattr(world, who))
    response, callbacks = compute(client, django_capture_on_commit_callbacks)
    assert response.status_code == 403 and callbacks == []
    assert selectors.rating_preview_state(2025) is None
    assert client.get(PREVIEW, {"year": 2025}).status_code == 403
    assert client.get(PROGRESS, {"year": 2025}).status_code == 403
    services.rating_compute(year=2025)
    draft = Rating.objects.get(year=2025)
    response = client.post(
        reverse("reports:rating_publish", kwargs={"pk": draft.pk}), {"back": "preview"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.django_db
def test_the_preview_page_queries_do_not_depend_on_the_number_of_ppos(
    client,
    world,
    year_2025,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
    settings,
):
    settings.PORTAL_KEPT_SECONDS = 0  # the layout's reads cost the same in each view compared
    client.force_login(world.staff)

    def measure():
        compute(client, django_capture_on_commit_callbacks)
        Rating.objects.filter(year=2025).update(status="published")
        compute(client, django_capture_on_commit_callbacks)  # nothing changed: no correction
        ppo_services.membership_record(
            user=world.staff,
            organization=world.org_b,
            month=dt.date(2025, 12, 1),
            employees=300,
            members=300 - Rating.objects.count(),
        )
        compute(client, django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(40) as captured:
            page = client.get(PREVIEW, {"year": 2025})
        assert page.context["draft"] and page.context["published"]
        return len(captured.captured_queries)

    _more_ppos(5, 0)
    small = measure()
    _more_ppos(200, 5)
    assert measure() == small
