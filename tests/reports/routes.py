import datetime as dt

from tests.routes import LOGGED_IN, OFFICER_ONLY, OWN_PPO, PRESIDIUM_AND_STAFF, STAFF_ONLY, Route

# A POST-only action answers GET by redirecting staff back to the page it belongs to.
STAFF_POST_ONLY = {**STAFF_ONLY, "staff": 302}


def _monthly_report(world):
    if "monthly_report" not in world.objects:
        from reports.models import PpoMonthlyReport

        world.objects["monthly_report"] = PpoMonthlyReport.objects.create(
            organization=world.org_a,
            month=dt.date(2025, 1, 1),
            status=PpoMonthlyReport.Status.SUBMITTED,
            first_submitted_at=dt.datetime(2025, 2, 3, 12, tzinfo=dt.UTC),
        )
    return {"pk": world.objects["monthly_report"].pk}


def _cc_report(world):
    if "cc_report" not in world.objects:
        from portal.periods import Period
        from reports.services import cc_report_compile

        world.objects["cc_report"] = cc_report_compile(period=Period.month(2025, 1))
    return {"pk": world.objects["cc_report"].pk}


ROUTES = [
    Route("reports:monthly_list", OFFICER_ONLY),
    Route("reports:monthly_edit", OFFICER_ONLY, lambda w: {"year": 2025, "month": 1}),
    Route("reports:matrix", STAFF_ONLY),
    Route("reports:matrix_export", STAFF_ONLY),
    Route("reports:monthly_review", STAFF_ONLY, _monthly_report),
    Route("reports:cc_list", PRESIDIUM_AND_STAFF),
    Route("reports:cc_compile", STAFF_POST_ONLY),
    Route("reports:cc_detail", PRESIDIUM_AND_STAFF, _cc_report),
    Route("reports:cc_print", PRESIDIUM_AND_STAFF, _cc_report),
    Route("reports:cc_xlsx", PRESIDIUM_AND_STAFF, _cc_report),
    Route("reports:cc_send", STAFF_POST_ONLY, _cc_report),
    Route("reports:cc_recompile", STAFF_POST_ONLY, _cc_report),
    Route("reports:cc_correct", STAFF_POST_ONLY, _cc_report),
    Route("reports:stale", PRESIDIUM_AND_STAFF),
]


def _rating(world):
    if "rating" not in world.objects:
        from django.utils import timezone

        from reports.models import Rating

        world.objects["rating"] = Rating.objects.create(year=2025, computed_at=timezone.now())
    return {"pk": world.objects["rating"].pk}


ROUTES += [
    Route("reports:rating_officer", OFFICER_ONLY),
    Route("reports:rating_table", PRESIDIUM_AND_STAFF),
    Route("reports:rating_export", PRESIDIUM_AND_STAFF),
    Route("reports:rating_criteria", LOGGED_IN),
    Route("reports:rating_recompute", STAFF_POST_ONLY, _rating),
    Route("reports:rating_publish", STAFF_POST_ONLY, _rating),
    Route("reports:rating_correct", STAFF_POST_ONLY, _rating),
    Route("reports:rating_preview", STAFF_ONLY),
    Route("reports:rating_preview_compute", STAFF_POST_ONLY),
    Route("reports:rating_preview_progress", STAFF_ONLY),
]


def _survey(world):
    if "survey" not in world.objects:
        from reports.models import Survey

        survey = Survey.objects.create(
            title="Анкета", deadline=dt.date(2025, 3, 1), for_all=False, is_published=True
        )
        survey.organizations.add(world.org_a)
        survey.questions.create(text="Есть ли страница?", kind="yes_no")
        world.objects["survey"] = survey
    return {"pk": world.objects["survey"].pk}


def _survey_file(world):
    kwargs = _survey(world)
    if "survey_file" not in world.objects:
        from django.core.files.base import ContentFile

        from reports.models import SurveyFileAnswer, SurveyResponse

        survey = world.objects["survey"]
        question = survey.questions.create(text="Скан", kind="file", required=False)
        response = SurveyResponse.objects.create(survey=survey, organization=world.org_a)
        SurveyFileAnswer.objects.create(
            response=response,
            question=question,
            file=ContentFile(b"%PDF-1.4\n", name="route.pdf"),
            original_name="скан.pdf",
        )
        world.objects["survey_file"] = question
    return {
        **kwargs,
        "organization": world.org_a.pk,
        "question": world.objects["survey_file"].pk,
    }


# A PPO's file answer: its officer, staff and the Presidium; another PPO's officer gets 404.
OWN_PPO_AND_OVERSEERS = {**OWN_PPO, "presidium": 200, "staff": 200}

ROUTES += [
    Route("reports:survey_file", OWN_PPO_AND_OVERSEERS, _survey_file),
    Route("reports:survey_list", OFFICER_ONLY),
    # Assigned to PPO A only: officer B gets 404.
    Route("reports:survey_answer", OWN_PPO, _survey),
    Route("reports:survey_index", PRESIDIUM_AND_STAFF),
    Route("reports:survey_results", PRESIDIUM_AND_STAFF, _survey),
    Route("reports:survey_export", PRESIDIUM_AND_STAFF, _survey),
]
