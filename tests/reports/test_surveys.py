import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.metrics import registry
from portal.periods import Period
from reports.models import Survey, SurveyFileAnswer, SurveyResponse

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
            f"q_{survey.q_file.pk}": SimpleUploadedFile("stend.pdf", PDF, "application/pdf"),
            "submit": "",
        },
    )
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.submitted_at and response.submitted_by == world.officer_a
    assert response.answers[str(survey.q_where.pk)] == ["ВКонтакте", "Сайт"]
    assert response.answers[str(survey.q_count.pk)] == 2.0
    stored = SurveyFileAnswer.objects.get(response=response, question=survey.q_file)
    assert stored.original_name == "stend.pdf" and stored.file.name.startswith("surveys/")
    assert str(survey.q_file.pk) not in response.answers  # the JSON keeps the other kinds
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


# --- File answers: checked, private, downloaded through a permission-checked view -----------------


def _post_file(client, survey, upload, **extra):
    return client.post(
        _url(survey), {f"q_{survey.q_file.pk}": upload, "save": "", **extra}, follow=False
    )


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue() + b"<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("evil.html", b"<html><script src='evil.js'></script></html>"),
        ("evil.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"),
        ("evil.pdf", b"<html><script>1</script></html>"),
    ],
)
def test_file_answer_of_a_wrong_type_is_refused_and_other_answers_kept(
    client, world, survey, name, content
):
    client.force_login(world.officer_a)
    answer = _post_file(
        client,
        survey,
        SimpleUploadedFile(name, content, "text/html"),
        **{f"q_{survey.q_link.pk}": "https://vk.com/ppo_a"},
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors[f"q_{survey.q_file.pk}"]
    assert f"«{name}»" in errors[0] and "PDF, DOCX, XLSX, ODT, JPEG, PNG" in errors[0]
    assert "https://vk.com/ppo_a" in answer.content.decode()
    assert not SurveyResponse.objects.exists()


def test_file_answer_over_the_limit_is_refused(client, world, survey, settings):
    client.force_login(world.officer_a)
    big = PDF + b"0" * (50 * 1024 * 1024)
    answer = _post_file(client, survey, SimpleUploadedFile("big.pdf", big, "application/pdf"))
    assert answer.status_code == 200
    error = answer.context["form"].errors[f"q_{survey.q_file.pk}"][0]
    assert "«big.pdf»" in error and "не больше 20 МБ" in error


def test_pdf_is_stored_privately_and_downloaded_by_those_allowed(client, world, survey, settings):
    from pathlib import Path

    from portal.storage import private_storage

    client.force_login(world.officer_a)
    assert _post_file(client, survey, SimpleUploadedFile("акт.pdf", PDF)).status_code == 302
    stored = SurveyFileAnswer.objects.get(response__organization=world.org_a)
    assert stored.question == survey.q_file and stored.uploaded_by == world.officer_a
    assert stored.original_name == "акт.pdf"
    assert stored.file.name.endswith(".pdf") and "акт" not in stored.file.name
    assert private_storage().exists(stored.file.name)
    assert SurveyResponse.objects.get().answers.get(str(survey.q_file.pk)) is None
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert not Path(private_storage().path(stored.file.name)).is_relative_to(media)

    url = reverse(
        "reports:survey_file",
        kwargs={"pk": survey.pk, "organization": world.org_a.pk, "question": survey.q_file.pk},
    )
    own = client.get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/media/" not in anonymous.get("Location", "")

    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404

    client.force_login(world.staff)
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"

    results = client.get(reverse("reports:survey_results", kwargs={"pk": survey.pk}))
    assert f'href="{url}"' in results.content.decode() and "/media/" not in results.content.decode()
    export = client.get(reverse("reports:survey_export", kwargs={"pk": survey.pk}))
    sheet = load_workbook(BytesIO(export.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any(url in c and "акт.pdf" in c for c in cells)


def test_png_is_re_encoded(client, world, survey):
    from portal.storage import private_storage

    client.force_login(world.officer_a)
    upload = SimpleUploadedFile("stend.png", _png(), "image/png")
    assert _post_file(client, survey, upload).status_code == 302
    stored = SurveyFileAnswer.objects.get()
    assert stored.file.name.endswith(".png") and stored.original_name == "stend.png"
    with private_storage().open(stored.file.name) as file:
        assert b"<script>" not in file.read()


def test_migration_moves_files_to_private_storage(world, survey):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from portal.storage import private_storage

    migration = importlib.import_module("reports.migrations.0004_survey_files_private")
    old = default_storage.save(f"surveys/{survey.pk}/{world.org_a.pk}/акт.pdf", ContentFile(PDF))
    moved = SurveyResponse.objects.create(
        survey=survey, organization=world.org_a, answers={str(survey.q_file.pk): old}
    )
    missing = SurveyResponse.objects.create(
        survey=survey,
        organization=world.org_b,
        answers={str(survey.q_file.pk): "surveys/1/2/gone.pdf", str(survey.q_page.pk): True},
    )
    migration._move(apps, None)
    moved.refresh_from_db()
    missing.refresh_from_db()
    answer = moved.answers[str(survey.q_file.pk)]
    assert answer["original"] == "акт.pdf" and answer["name"].endswith(".pdf")
    assert private_storage().open(answer["name"]).read() == PDF
    assert not default_storage.exists(old)
    assert missing.answers == {str(survey.q_file.pk): None, str(survey.q_page.pk): True}


def test_file_over_the_limit_of_the_settings_is_refused_and_typed_answers_kept(
    client, world, survey, settings
):
    settings.DOCUMENTS_MAX_UPLOAD_SIZE = 1024 * 1024
    client.force_login(world.officer_a)
    big = PDF + b"0" * (2 * 1024 * 1024)
    answer = _post_file(
        client,
        survey,
        SimpleUploadedFile("отчёт.pdf", big, "application/pdf"),
        **{f"q_{survey.q_count.pk}": "7", f"q_{survey.q_link.pk}": "https://vk.com/ppo_a"},
    )
    assert answer.status_code == 200
    (error,) = answer.context["form"].errors[f"q_{survey.q_file.pk}"]
    assert error == "Файл «отчёт.pdf» весит 2 МБ, а допускается не больше 1 МБ."
    page = answer.content.decode()
    assert "https://vk.com/ppo_a" in page and 'value="7"' in page
    assert "PDF, DOCX, XLSX, ODT, JPEG, PNG, не более 1 МБ." in page  # the field tells the limit
    assert not SurveyResponse.objects.exists() and not SurveyFileAnswer.objects.exists()


def test_a_new_file_replaces_the_old_one_and_deletes_it(
    client, world, survey, django_capture_on_commit_callbacks
):
    from portal.storage import private_storage

    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        _post_file(client, survey, SimpleUploadedFile("первый.pdf", PDF))
    first = SurveyFileAnswer.objects.get().file.name
    second_pdf = PDF + b"% second\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(
            client,
            survey,
            SimpleUploadedFile("второй.pdf", second_pdf),
            **{f"q_{survey.q_link.pk}": "https://t.me/ppo_a"},
        )
    assert response.status_code == 302
    answer = SurveyFileAnswer.objects.get()  # still one row for the question
    assert answer.original_name == "второй.pdf" and answer.file.name != first
    assert not private_storage().exists(first)
    assert private_storage().open(answer.file.name).read() == second_pdf
    # The page tells the file already there; a save without a new file keeps it.
    page = client.get(_url(survey))
    assert "Уже загружен файл: второй.pdf" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _post_file(client, survey, "", **{f"q_{survey.q_page.pk}": "yes"})
    assert SurveyFileAnswer.objects.get().file.name == answer.file.name
    assert private_storage().exists(answer.file.name)


def test_a_required_file_question_is_answered_by_a_stored_file(client, world, survey):
    survey.q_file.required = True
    survey.q_file.save(update_fields=["required"])
    client.force_login(world.officer_a)
    typed = {
        f"q_{survey.q_page.pk}": "yes",
        f"q_{survey.q_stand.pk}": "yes",
        f"q_{survey.q_where.pk}": ["Сайт"],
    }
    missing = client.post(_url(survey), {**typed, "submit": ""})
    assert missing.status_code == 200
    assert missing.context["form"].errors[f"q_{survey.q_file.pk}"] == ["Ответьте на этот вопрос."]
    assert not SurveyFileAnswer.objects.exists()
    _post_file(client, survey, SimpleUploadedFile("стенд.pdf", PDF))
    done = client.post(_url(survey), {**typed, "submit": ""})
    assert done.status_code == 302
    assert SurveyResponse.objects.get().submitted_at


def test_another_ppos_officer_cannot_download_nor_reach_it_through_their_own_ppo(
    client, world, survey
):
    client.force_login(world.officer_a)
    _post_file(client, survey, SimpleUploadedFile("акт.pdf", PDF))
    client.force_login(world.officer_b)
    for organization in (world.org_a, world.org_b):
        url = reverse(
            "reports:survey_file",
            kwargs={"pk": survey.pk, "organization": organization.pk, "question": survey.q_file.pk},
        )
        assert client.get(url).status_code == 404


def test_admin_shows_file_answers_through_the_checked_download(client, world, survey):
    client.force_login(world.officer_a)
    _post_file(client, survey, SimpleUploadedFile("акт.pdf", PDF))
    answer = SurveyFileAnswer.objects.get()
    client.force_login(world.staff)
    page = client.get(
        reverse("admin:reports_surveyresponse_change", args=[answer.response.pk])
    ).content.decode()
    url = reverse(
        "reports:survey_file",
        kwargs={"pk": survey.pk, "organization": world.org_a.pk, "question": survey.q_file.pk},
    )
    assert f'<a href="{url}">акт.pdf</a>' in page
    assert answer.file.name not in page  # no storage address, no file input
    assert client.get(url).status_code == 200


def test_migration_moves_json_file_answers_into_rows_and_back(world, survey):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    from portal.storage import private_storage

    migration = importlib.import_module("reports.migrations.0010_survey_file_answers_from_json")
    name = private_storage().save("surveys/2025/01/abc.pdf", ContentFile(PDF))
    file_key, page_key = str(survey.q_file.pk), str(survey.q_page.pk)
    moved = SurveyResponse.objects.create(
        survey=survey,
        organization=world.org_a,
        answers={file_key: {"name": name, "original": "акт.pdf"}, page_key: True},
    )
    empty = SurveyResponse.objects.create(
        survey=survey, organization=world.org_b, answers={file_key: None, page_key: False}
    )
    migration.forwards(apps, None)
    moved.refresh_from_db()
    empty.refresh_from_db()
    answer = SurveyFileAnswer.objects.get()
    assert (answer.response, answer.question) == (moved, survey.q_file)
    assert answer.file.name == name and answer.original_name == "акт.pdf"
    assert answer.file.read() == PDF  # the file stayed where it was
    assert moved.answers == {page_key: True} and empty.answers == {page_key: False}
    migration.forwards(apps, None)  # again: nothing left to move
    assert SurveyFileAnswer.objects.count() == 1

    migration.backwards(apps, None)
    moved.refresh_from_db()
    assert moved.answers == {file_key: {"name": name, "original": "акт.pdf"}, page_key: True}
    assert not SurveyFileAnswer.objects.exists() and private_storage().exists(name)


def test_deleting_a_response_deletes_its_stored_files(
    client, world, survey, django_capture_on_commit_callbacks
):
    from portal.storage import private_storage

    client.force_login(world.officer_a)
    _post_file(client, survey, SimpleUploadedFile("акт.pdf", PDF))
    name = SurveyFileAnswer.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        SurveyResponse.objects.get().delete()
    assert not SurveyFileAnswer.objects.exists() and not private_storage().exists(name)


def test_a_row_inserted_meanwhile_is_taken_over_without_leaving_a_stray_file(
    world, survey, monkeypatch, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from django.core.files.base import ContentFile
    from django.db.models import QuerySet

    from portal.storage import private_storage
    from reports import surveys

    response = SurveyResponse.objects.create(survey=survey, organization=world.org_a)
    SurveyFileAnswer.objects.create(
        response=response, question=survey.q_file, file=ContentFile(PDF, name="a.pdf")
    )
    # As if the row appeared between the look-up and the insert (another path than the form).
    monkeypatch.setattr(QuerySet, "first", lambda self: None)
    with django_capture_on_commit_callbacks(execute=True):
        surveys._file_answer_put(
            response=response,
            question=survey.q_file,
            file=SimpleUploadedFile("новый.pdf", PDF + b"%new"),
            user=world.officer_a,
        )
    answer = SurveyFileAnswer.objects.get()
    assert answer.original_name == "новый.pdf" and answer.uploaded_by == world.officer_a
    stored = [p for p in Path(private_storage().location).rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [Path(answer.file.name).name]
