import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from programme import services
from programme.models import (
    Activity,
    CommissionMeeting,
    ExecutionRecord,
    Measure,
    Programme,
    Training,
)
from tests.routes import LOGGED_IN, OFFICER_ONLY, PRESIDIUM_AND_STAFF, Route

# The evidence of PPO A's record: staff, the Presidium and A's officer; officer B gets 404.
OWN_PPO_OR_OVERSEERS = {
    "anonymous": 302,
    "officer_a": 200,
    "officer_b": 404,
    "presidium": 200,
    "staff": 200,
}

PDF = b"%PDF-1.4 evidence"

# Files for staff and the Presidium only: officers get 404, as if there were no such file.
PRESIDIUM_AND_STAFF_404 = {
    "anonymous": 302,
    "officer_a": 404,
    "officer_b": 404,
    "presidium": 200,
    "staff": 200,
}


def _measure(world):
    return {"pk": Measure.objects.order_by("pk").values_list("pk", flat=True).first()}


def _record(world, *, organization, responsible, key):
    if key not in world.objects:
        record = ExecutionRecord(
            activity=Activity.objects.filter(responsible=responsible).order_by("pk").first(),
            organization=organization,
            date=dt.date(2025, 3, 1),
            text="Протокол собрания",
        )
        record.evidence_file.save("protocol.pdf", ContentFile(PDF), save=False)
        record.save()
        world.objects[key] = record
    return {"pk": world.objects[key].pk}


def _ppo_record(world):
    return _record(world, organization=world.org_a, responsible="each_ppo", key="ppo_record")


def _training(world):
    if "training" not in world.objects:
        training = Training(date=dt.date(2025, 4, 1), topic="Семинар", format="video")
        training.materials_file.save("slides.pdf", ContentFile(PDF), save=False)
        training.save()
        world.objects["training"] = training
    return {"pk": world.objects["training"].pk}


def _meeting(world):
    if "meeting" not in world.objects:
        meeting = CommissionMeeting(date=dt.date(2025, 3, 14), agenda="О ходе программы")
        meeting.minutes_file.save("minutes.pdf", ContentFile(PDF), save=False)
        meeting.save()
        world.objects["meeting"] = meeting
    return {"pk": world.objects["meeting"].pk}


def _closed_programme(world):
    if "closed_programme" not in world.objects:
        programme = Programme.objects.get(status=Programme.Status.ACTIVE)
        services.programme_close(programme=programme, user=world.staff)
        world.objects["closed_programme"] = programme
    return {"pk": world.objects["closed_programme"].pk}


def _presidium_version(world):
    if "presidium_version" not in world.objects:
        programme = Programme.objects.get(status=Programme.Status.ACTIVE)
        world.objects["presidium_version"] = services.presidium_report_save(
            programme=programme, as_of=timezone.localdate(), user=world.staff
        )
    return {"pk": world.objects["presidium_version"].pk}


# A POST-only save: GET redirects back to the report for those who may see it.
SAVE_GET = {"anonymous": 302, "officer_a": 403, "officer_b": 403, "presidium": 403, "staff": 302}


def _activity(world):
    return {"pk": Activity.objects.filter(responsible="each_ppo").order_by("pk").first().pk}


def _organization(world):
    return {"pk": world.org_a.pk}


ROUTES = [
    Route("programme:dashboard", PRESIDIUM_AND_STAFF),
    Route("programme:dashboard_organizations", PRESIDIUM_AND_STAFF),
    Route("programme:dashboard_organization", PRESIDIUM_AND_STAFF, _organization),
    Route("programme:activity_count", PRESIDIUM_AND_STAFF, _activity),
    Route("programme:measure_detail", PRESIDIUM_AND_STAFF, _measure),
    Route("programme:cabinet", OFFICER_ONLY),
    Route("programme:evidence_file", OWN_PPO_OR_OVERSEERS, _ppo_record),
    Route("programme:training_materials", LOGGED_IN, _training),
    Route("programme:commission_minutes", PRESIDIUM_AND_STAFF_404, _meeting),
    Route("programme:programme_list", PRESIDIUM_AND_STAFF),
    Route("programme:final_report", PRESIDIUM_AND_STAFF, _closed_programme),
    Route("programme:final_report_print", PRESIDIUM_AND_STAFF, _closed_programme),
    Route("programme:final_report_xlsx", PRESIDIUM_AND_STAFF, _closed_programme),
    Route("programme:presidium_report", PRESIDIUM_AND_STAFF),
    Route("programme:presidium_report_print", PRESIDIUM_AND_STAFF),
    Route("programme:presidium_report_save", SAVE_GET),
    Route("programme:presidium_report_detail", PRESIDIUM_AND_STAFF, _presidium_version),
    Route("programme:presidium_report_version_print", PRESIDIUM_AND_STAFF, _presidium_version),
]
