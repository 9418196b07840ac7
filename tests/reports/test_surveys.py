import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.metrics import registry
from portal.periods import Period
from reports.models import Survey, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    survey = Survey.objects.create(
        title="Информационные ресурсы ППО (демо)",
        deadline=dt.date(2025, 3, 1),
        is_published=True,
        feeds_score=True,
    )
    q = survey.questions
    survey.q_page = q.create(order=1, text="Есть страница на сайте?", kind="yes_no", score=30)
    survey.q_stand = q.create(order=2, text="Есть стенд?", kind="yes_no", score=10)
    survey.q_count = q.create(order=3, text="Сколько стендов?", kind="number", required=False)
    survey.q_where = q.create(
        order=4, text="Где публикуете?", kind="multiple", options="ВКонтакте\nTelegram\nСайт"
    )
    survey.q_link = q.create(order=5, text="Ссылка на группу", kind="link", required=False)
    survey.q_file = q.create(order=6, text="Фото стенда", kind="file", required=False)
    return survey


def _url(survey):
    return reverse("reports:survey_answer", kwargs={"pk": survey.pk})


def test_officer_saves_comes_back_and_submits(client, world, survey):
    client.force_login(world.officer_a)
    page = f"q_{survey.q_page.pk}"
    client.post(_url(survey), {page: "yes", "save": ""})
    response = SurveyResponse.objects.get()
    assert response.answers[str(survey.q_page.pk)] is True and not response.submitted_at
    again = client.get(_url(survey))
    assert again.context["form"].initial[page] == "yes"

    incomplete = client.post(_url(survey), {page: "yes", "submit": ""})
    assert incomplete.status_code == 200
    assert incomplete.context["form"].errors[f"q_{survey.q_stand.pk}"] == [
        "Ответьте на этот вопрос."
    ]

    bad_link = client.post(_url(survey), {f"q_{survey.q_link.pk}": "не ссылка", "submit": ""})
    assert "начиная с https://" in bad_link.content.decode()

    done = client.post(
        _url(survey),
        {
            page: "yes",
            f"q_{survey.q_stand.pk}": "no",
            f"q_{survey.q_count.pk}": "2",
            f"q_{survey.q_where.pk}": ["ВКонтакте", "Сайт"],
            f"q_{survey.q_link.pk}": "https://vk.com/ppo_a",
            f"q_{survey.q_file.pk}": SimpleUploadedFile("stend.jpg", b"jpeg", "image/jpeg"),
            "submit": "",
        },
    )
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.submitted_at and response.submitted_by == world.officer_a
    assert response.answers[str(survey.q_where.pk)] == ["ВКонтакте", "Сайт"]
    assert response.answers[str(survey.q_count.pk)] == 2.0
    assert response.answers[str(survey.q_file.pk)].startswith(f"surveys/{survey.pk}/")
    # Score: 30 of 40 points for "yes" answers.
    score = registry.get("reports.survey_score").values(Period.month(2030, 1), [world.org_a.pk])
    assert score == {world.org_a.pk: 75.0}
    # Before the answers were submitted the score is unknown.
    assert (
        registry.get("reports.survey_score").values(Period.month(2000, 1), [world.org_a.pk]) == {}
    )


def test_survey_of_another_ppo_is_404_even_for_a_crafted_post(client, world, survey):
    survey.for_all = False
    survey.save(update_fields=["for_all"])
    survey.organizations.add(world.org_a)
    client.force_login(world.officer_b)
    assert client.get(_url(survey)).status_code == 404
    assert client.post(_url(survey), {"submit": ""}).status_code == 404
    assert not SurveyResponse.objects.exists()
    assert client.get(reverse("reports:survey_list")).context["rows"] == []


def test_unpublished_survey_is_hidden(client, world, survey):
    survey.is_published = False
    survey.save(update_fields=["is_published"])
    client.force_login(world.officer_a)
    assert client.get(_url(survey)).status_code == 404


def test_staff_see_who_answered_and_export(client, world, survey):
    SurveyResponse.objects.create(
        survey=survey,
        organization=world.org_a,
        answers={str(survey.q_page.pk): True, str(survey.q_where.pk): ["Telegram"]},
        submitted_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
    )
    client.force_login(world.staff)
    page = client.get(reverse("reports:survey_results", kwargs={"pk": survey.pk}))
    assert page.context["answered"] == 1
    response = client.get(reverse("reports:survey_export", kwargs={"pk": survey.pk}))
    rows = [
        [c.value for c in r] for r in load_workbook(BytesIO(response.content)).active.iter_rows()
    ]
    assert rows[2][:3] == ["ППО", "Ответы", "Есть страница на сайте?"]
    assert rows[3][:3] == ["ППО А", "отправлены", "да"]
    assert rows[3][5] == "Telegram"
    assert rows[4][:3] == ["ППО Б", "нет", None]
    assert rows[-1][:2] == ["Ответили", 1]
