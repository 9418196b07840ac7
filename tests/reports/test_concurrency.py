"""First saves of a PPO's month under concurrent submits (two tabs, a double click)."""

import pytest
from django.utils import timezone

from reports import surveys
from reports.models import PpoMonthlyReport, SurveyResponse
from tests.concurrency import meet_here, run_at_once

from .conftest import JANUARY, msk
from .test_surveys import survey  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_first_saves_of_a_month_make_one_report(world, monkeypatch):
    from reports import services

    # Both tabs have read "no report yet" and validated before either inserts.
    monkeypatch.setattr(PpoMonthlyReport, "full_clean", meet_here(2)(PpoMonthlyReport.full_clean))
    jobs = [
        lambda stand=stand: services.monthly_report_save(
            user=world.officer_a,
            organization=world.org_a,
            period=JANUARY,
            submit=True,
            on=msk(2025, 2, 3, 10),
            stand_updates=stand,
        )
        for stand in (1, 2)
    ]
    errors = run_at_once(jobs)
    # The slower tab finds the report submitted: a clear message, not a UniqueViolation.
    assert [type(error).__name__ for error in errors] == ["ValidationError"]
    assert "Отчёт уже отправлен" in str(errors[0])
    report = PpoMonthlyReport.objects.get(organization=world.org_a, month=JANUARY.first_day)
    assert report.status == PpoMonthlyReport.Status.SUBMITTED


def test_two_first_drafts_of_a_month_both_save(world, monkeypatch):
    from reports import services

    # Both tabs have read "no report yet" and validated before either inserts.
    monkeypatch.setattr(PpoMonthlyReport, "full_clean", meet_here(2)(PpoMonthlyReport.full_clean))
    jobs = [
        lambda stand=stand: services.monthly_report_save(
            user=world.officer_a,
            organization=world.org_a,
            period=JANUARY,
            on=msk(2025, 1, 20, 10),
            stand_updates=stand,
        )
        for stand in (1, 2)
    ]
    assert run_at_once(jobs) == []
    report = PpoMonthlyReport.objects.get(organization=world.org_a, month=JANUARY.first_day)
    assert report.stand_updates in (1, 2)  # the later save wins, as with one tab


def test_two_first_saves_of_survey_answers_make_one_response(world, survey, monkeypatch):  # noqa: F811
    monkeypatch.setattr(surveys, "_json_value", meet_here(2)(surveys._json_value))
    data = {
        surveys.field_name(survey.q_page): surveys.YES,
        surveys.field_name(survey.q_stand): surveys.YES,
        surveys.field_name(survey.q_where): ["Сайт"],
    }
    jobs = [
        lambda: surveys.survey_response_save(
            user=world.officer_a, organization=world.org_a, survey=survey, cleaned_data=data
        )
        for _ in range(2)
    ]
    assert run_at_once(jobs) == []
    response = SurveyResponse.objects.get(survey=survey, organization=world.org_a)
    assert response.answers[str(survey.q_where.pk)] == ["Сайт"]
    assert response.updated_at <= timezone.now()


def test_two_first_saves_with_files_keep_one_row_and_one_stored_file(
    world,
    survey,  # noqa: F811
    monkeypatch,
):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.storage import private_storage
    from portal.uploads import check_upload
    from reports.models import SurveyFileAnswer

    monkeypatch.setattr(surveys, "_json_value", meet_here(2)(surveys._json_value))
    uploads = [
        check_upload(
            SimpleUploadedFile(f"скан-{n}.pdf", b"%PDF-1.4 " + bytes([48 + n])), "survey_answer"
        )
        for n in (1, 2)
    ]
    jobs = [
        lambda upload=upload: surveys.survey_response_save(
            user=world.officer_a,
            organization=world.org_a,
            survey=survey,
            cleaned_data={
                surveys.field_name(survey.q_page): surveys.YES,
                surveys.field_name(survey.q_file): upload,
            },
        )
        for upload in uploads
    ]
    assert run_at_once(jobs) == []
    answer = SurveyFileAnswer.objects.get(response__organization=world.org_a)
    assert answer.original_name in ("скан-1.pdf", "скан-2.pdf")
    # The file the later save replaced was deleted once it committed.
    stored = [p for p in Path(private_storage().location).rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [Path(answer.file.name).name]
