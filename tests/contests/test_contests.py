import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from contests import selectors, services
from contests.models import Contest, Entry, Score
from portal.metrics import registry
from portal.periods import Period
from tests.factories import AppointmentFactory, OrganizationFactory, UserFactory, staff_user

from .factories import (
    ContestFactory,
    EntryFactory,
    EntryPhotoFactory,
    JurorFactory,
    NominationFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    contest = ContestFactory()
    services.contest_apply_default_criteria(contest=contest)
    return contest


def score_all(juror, entry, value):
    values = {criterion.pk: value for criterion in entry.contest.criteria.all()}
    return services.entry_score(user=juror.user, entry=entry, values=values)


# --- Criteria defaults --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, first",
    [("photo", "Соответствие теме"), ("blogger", "Регулярность публикаций")],
)
def test_default_criteria_by_kind(kind, first):
    contest = ContestFactory(kind=kind)
    assert services.contest_apply_default_criteria(contest=contest) == 4
    titles = list(contest.criteria.values_list("title", flat=True))
    assert titles[0] == first
    assert services.contest_apply_default_criteria(contest=contest) == 0  # never twice


# --- The juror never sees nor scores their own PPO's entry ----------------------------------------


@pytest.fixture
def jury_case(contest, client):
    own = AppointmentFactory()  # the juror is this PPO's officer
    juror = JurorFactory(contest=contest, user=own.user)
    own_entry = EntryFactory(contest=contest, organization=own.organization)
    other_entry = EntryFactory(contest=contest)
    client.force_login(own.user)
    return juror, own_entry, other_entry


def test_juror_does_not_see_own_ppo_entry(client, jury_case):
    juror, own_entry, other_entry = jury_case
    response = client.get(reverse("contests:jury_entries", args=[juror.contest.slug]))
    entries = [entry for entry, _done in response.context["rows"]]
    assert entries == [other_entry]
    url = reverse("contests:entry_score", args=[juror.contest.slug, own_entry.pk])
    assert client.get(url).status_code == 404


def test_crafted_post_scoring_own_ppo_entry_is_404_and_saves_nothing(client, jury_case):
    juror, own_entry, _other = jury_case
    data = {f"criterion_{c.pk}": "10" for c in juror.contest.criteria.all()}
    url = reverse("contests:entry_score", args=[juror.contest.slug, own_entry.pk])
    assert client.post(url, data).status_code == 404
    assert not Score.objects.exists()
    with pytest.raises(Http404):
        score_all(juror, own_entry, 10)
    assert not Score.objects.exists()


def test_own_ppo_recorded_on_the_seat_is_excluded_too(contest):
    member_of = OrganizationFactory()
    juror = JurorFactory(contest=contest, organization=member_of)  # not an officer anywhere
    entry = EntryFactory(contest=contest, organization=member_of)
    assert list(selectors.entries_for_juror(juror)) == []
    with pytest.raises(Http404):
        score_all(juror, entry, 7)


def test_juror_scores_other_entry_and_bad_score_is_explained(client, jury_case):
    juror, _own, other_entry = jury_case
    criteria = list(juror.contest.criteria.all())
    url = reverse("contests:entry_score", args=[juror.contest.slug, other_entry.pk])
    data = {f"criterion_{c.pk}": "8" for c in criteria}
    data[f"criterion_{criteria[0].pk}"] = "11"
    response = client.post(url, data)
    assert "не больше 10" in response.context["form"].errors[f"criterion_{criteria[0].pk}"][0]
    assert 'value="8"' in response.content.decode()
    assert not Score.objects.exists()
    data[f"criterion_{criteria[0].pk}"] = "9"
    assert client.post(url, data).status_code == 302
    assert sorted(Score.objects.values_list("value", flat=True)) == [8, 8, 8, 9]
    # Re-scoring within the period replaces the juror's own scores.
    client.post(url, {f"criterion_{c.pk}": "5" for c in criteria})
    assert list(Score.objects.values_list("value", flat=True).distinct()) == [5]


def test_non_juror_cannot_score(contest, client):
    entry = EntryFactory(contest=contest)
    client.force_login(staff_user())
    url = reverse("contests:entry_score", args=[contest.slug, entry.pk])
    assert client.post(url, {}).status_code == 403


def test_scoring_outside_the_judging_period_is_refused(contest):
    Contest.objects.filter(pk=contest.pk).update(
        judging_starts=timezone.localdate() + dt.timedelta(days=1),
        judging_ends=timezone.localdate() + dt.timedelta(days=5),
    )
    juror = JurorFactory(contest=contest)
    entry = EntryFactory(contest=contest)
    with pytest.raises(ValidationError, match="Оценка работ сейчас закрыта"):
        score_all(juror, Entry.objects.get(pk=entry.pk), 5)


# --- Results with ties ----------------------------------------------------------------------------


def test_results_mean_over_jurors_with_ties(contest):
    nomination = NominationFactory(contest=contest)
    first, second = JurorFactory(contest=contest), JurorFactory(contest=contest)
    a, b, c, unscored = (
        EntryFactory(contest=contest, nomination=nomination, title=t) for t in "ABCD"
    )
    # a: (8*4 + 6*4) / 2 = 28; b: (7*4 + 7*4) / 2 = 28 — a tie; c: 5*4 = 20 (one juror).
    score_all(first, a, 8)
    score_all(second, a, 6)
    score_all(first, b, 7)
    score_all(second, b, 7)
    score_all(first, c, 5)
    # An incomplete scoring (one criterion only) does not count.
    criterion = contest.criteria.first()
    services_score = Score.objects.create
    services_score(entry=c, juror=second, criterion=criterion, value=10)
    rows = selectors.contest_results(contest)[nomination]
    summary = [(row.entry.title, row.score, row.place, row.tied) for row in rows]
    assert summary == [
        ("A", Decimal("28.00"), 1, True),
        ("B", Decimal("28.00"), 1, True),
        ("C", Decimal("20.00"), 3, False),
        ("D", None, None, False),
    ]
    assert unscored.pk == rows[-1].entry.pk


def test_publish_freezes_places_and_feeds_the_metric(contest, client):
    juror = JurorFactory(contest=contest)
    org_a, org_b = OrganizationFactory(), OrganizationFactory()
    a = EntryFactory(contest=contest, organization=org_a, title="A")
    b = EntryFactory(contest=contest, organization=org_b, title="B")
    score_all(juror, a, 9)
    score_all(juror, b, 3)
    assert client.get(contest.get_absolute_url()).context["results"] is None  # not yet public
    staff = staff_user()
    services.contest_publish_results(user=staff, contest=contest)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.place, a.score, b.place) == (1, Decimal("36.00"), 2)
    with pytest.raises(ValidationError, match="уже опубликованы"):
        services.contest_publish_results(user=staff, contest=contest)
    response = client.get(contest.get_absolute_url())
    assert response.context["results"] is not None
    assert "36,00" in response.content.decode()

    metric = registry.get("contests.places")
    third = OrganizationFactory()
    period = Period.current_month()
    assert metric.values(period, [org_a.pk, org_b.pk, third.pk]) == {
        org_a.pk: 1,
        org_b.pk: 1,
        third.pk: 0,
    }
    assert metric.values(period.previous(), [org_a.pk]) == {org_a.pk: 0}
    assert metric.total(period, [org_a.pk, org_b.pk, third.pk]) == 2


@pytest.mark.parametrize("n", [2, 10])
def test_metric_query_count_is_constant(django_assert_max_num_queries, n):
    organizations = [OrganizationFactory() for _ in range(n)]
    with django_assert_max_num_queries(1):
        registry.get("contests.places").values(
            Period.current_month(), [o.pk for o in organizations]
        )


@pytest.mark.parametrize("n", [2, 6])
def test_results_and_progress_query_count_is_constant(contest, django_assert_max_num_queries, n):
    jurors = [JurorFactory(contest=contest) for _ in range(3)]
    for _ in range(n):
        entry = EntryFactory(contest=contest)
        EntryPhotoFactory(entry=entry)
        for juror in jurors:
            score_all(juror, entry, 4)
    with django_assert_max_num_queries(6):
        selectors.contest_results(contest)
    with django_assert_max_num_queries(6):
        progress = selectors.jury_progress(contest)
    assert all(row.finished for row in progress)


def test_chair_sees_who_has_not_finished(contest, client):
    chair = JurorFactory(contest=contest, is_chair=True, user__full_name="Председатель Жюри")
    slow = JurorFactory(contest=contest, user__full_name="Медленный Член")
    entry = EntryFactory(contest=contest)
    score_all(chair, entry, 5)
    client.force_login(chair.user)
    progress = client.get(reverse("contests:jury_progress", args=[contest.slug])).context[
        "progress"
    ]
    assert {(row.juror.pk, row.finished) for row in progress} == {
        (chair.pk, True),
        (slow.pk, False),
    }
    client.force_login(slow.user)
    assert client.get(reverse("contests:jury_progress", args=[contest.slug])).status_code == 403


# --- Entries by officers --------------------------------------------------------------------------


@pytest.fixture
def officer(client):
    appointment = AppointmentFactory()
    client.force_login(appointment.user)
    return appointment


def test_officer_submits_a_photo_entry(client, officer, contest):
    url = reverse("contests:entry_create", args=[contest.slug])
    response = client.post(
        url,
        {"title": "Утро в реанимации", "author": "Петрова Анна", "photos": [jpeg_file()]},
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.organization == officer.organization and entry.photos.count() == 1
    assert entry.photos.get().file.name.endswith(".jpg")


def test_photo_entry_needs_photos_and_refuses_fakes_keeping_input(client, officer, contest):
    url = reverse("contests:entry_create", args=[contest.slug])
    response = client.post(url, {"title": "Без фото", "author": "Петрова Анна"})
    assert "хотя бы одну фотографию" in response.context["form"].errors["photos"][0]
    assert 'value="Без фото"' in response.content.decode()
    fake = SimpleUploadedFile("photo.jpg", b"this is not a photo")
    response = client.post(url, {"title": "Фейк", "author": "Петрова", "photos": [fake]})
    assert "«photo.jpg» не является изображением" in response.context["form"].errors["photos"][0]
    Contest.objects.filter(pk=contest.pk).update(max_files_per_entry=1)
    response = client.post(
        url, {"title": "Много", "author": "Петрова", "photos": [jpeg_file(), jpeg_file()]}
    )
    assert "Не более 1 фотографий" in response.context["form"].errors["photos"][0]
    assert not Entry.objects.exists()


def test_blogger_entry_needs_a_link(client, officer):
    contest = ContestFactory(kind="blogger")
    url = reverse("contests:entry_create", args=[contest.slug])
    response = client.post(url, {"title": "Блог профкома", "author": "Сидоров"})
    assert "Укажите ссылку" in response.context["form"].errors["link"][0]


def test_entries_are_closed_after_the_deadline(client, officer, contest):
    entry = EntryFactory(contest=contest, organization=officer.organization, link="")
    EntryPhotoFactory(entry=entry)
    Contest.objects.filter(pk=contest.pk).update(
        submission_ends=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.post(
        reverse("contests:entry_update", args=[entry.pk]),
        {"title": "Новое название", "author": entry.author},
    )
    assert "Срок подачи работ прошёл" in str(response.context["form"].non_field_errors())
    entry.refresh_from_db()
    assert entry.title != "Новое название"
    with pytest.raises(ValidationError, match="закрыт"):
        services.entry_submit(
            user=officer.user,
            organization=officer.organization,
            contest=Contest.objects.get(pk=contest.pk),
            title="x",
            author="y",
            photos=[jpeg_file()],
        )


def test_officer_edits_own_entry_but_not_another_ppos(client, officer, contest):
    own = EntryFactory(contest=contest, organization=officer.organization)
    EntryPhotoFactory(entry=own)
    foreign = EntryFactory(contest=contest)
    response = client.post(
        reverse("contests:entry_update", args=[own.pk]),
        {"title": "Исправленное название", "author": own.author},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Исправленное название"
    response = client.post(
        reverse("contests:entry_update", args=[foreign.pk]), {"title": "x", "author": "y"}
    )
    assert response.status_code == 404


def test_photo_of_unpublished_contest_is_hidden_from_other_jurors_own_ppo(contest, client):
    own = AppointmentFactory()
    juror = JurorFactory(contest=contest, user=own.user)
    photo = EntryPhotoFactory(entry=EntryFactory(contest=contest, organization=own.organization))
    other_photo = EntryPhotoFactory(entry=EntryFactory(contest=contest))
    client.force_login(UserFactory())
    assert client.get(reverse("contests:entry_photo", args=[other_photo.pk])).status_code == 404
    client.force_login(juror.user)
    assert client.get(reverse("contests:entry_photo", args=[other_photo.pk])).status_code == 200
    # Their own PPO's photo they see as its officer, never as a juror (no scoring link for it).
    assert client.get(reverse("contests:entry_photo", args=[photo.pk])).status_code == 200


def test_staff_publish_results_in_admin_and_new_contest_gets_default_criteria(client, db):
    client.force_login(staff_user())
    today = timezone.localdate()
    response = client.post(
        reverse("admin:contests_contest_add"),
        {
            "title": "Видеоконкурс «Мой профсоюз»",
            "slug": "video",
            "kind": "video",
            "submission_starts": today.isoformat(),
            "submission_ends": today.isoformat(),
            "judging_starts": today.isoformat(),
            "judging_ends": today.isoformat(),
            "max_files_per_entry": "5",
            "max_video_minutes": "3",
            "is_public": "on",
            "nominations-TOTAL_FORMS": "0",
            "nominations-INITIAL_FORMS": "0",
            "criteria-TOTAL_FORMS": "0",
            "criteria-INITIAL_FORMS": "0",
            "jurors-TOTAL_FORMS": "0",
            "jurors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    contest = Contest.objects.get(slug="video")
    assert contest.criteria.count() == 4
    client.post(
        reverse("admin:contests_contest_changelist"),
        {"action": "publish_results", "_selected_action": [contest.pk]},
    )
    contest.refresh_from_db()
    assert contest.results_published


def test_judging_period_cannot_start_before_submissions(db):
    today = timezone.localdate()
    contest = ContestFactory.build(
        slug="bad",
        submission_starts=today,
        submission_ends=today,
        judging_starts=today - dt.timedelta(days=1),
        judging_ends=today,
    )
    with pytest.raises(ValidationError, match="после начала приёма работ"):
        contest.full_clean()


def test_scores_are_not_editable_by_organisers_in_the_admin():
    from django.contrib import admin

    assert Score not in admin.site._registry


def test_entry_photos_lose_gps_and_are_re_encoded(client, officer, contest):
    """Contest photos go through the portal's one image pipeline (portal/images.py)."""
    from io import BytesIO

    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (56.0, 8.0, 0.0), 3: "E", 4: (47.0, 15.0, 0.0)}  # GPS
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, "JPEG", exif=exif)
    assert Image.open(BytesIO(buffer.getvalue())).getexif().get_ifd(0x8825)
    upload = SimpleUploadedFile("gps.jpg", buffer.getvalue() + b"appended", "image/jpeg")
    url = reverse("contests:entry_create", args=[contest.slug])
    client.post(url, {"title": "С GPS", "author": "Петрова Анна", "photos": [upload]})
    stored = Entry.objects.get().photos.get().file
    with stored.open("rb") as file:
        data = file.read()
    assert not data.endswith(b"appended")
    assert not Image.open(BytesIO(data)).getexif().get_ifd(0x8825)
