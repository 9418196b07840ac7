import datetime as dt

from django.core.files.base import ContentFile

from programme.models import Activity, ExecutionRecord, Measure, Training
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


ROUTES = [
    Route("programme:dashboard", PRESIDIUM_AND_STAFF),
    Route("programme:measure_detail", PRESIDIUM_AND_STAFF, _measure),
    Route("programme:cabinet", OFFICER_ONLY),
    Route("programme:evidence_file", OWN_PPO_OR_OVERSEERS, _ppo_record),
    Route("programme:training_materials", LOGGED_IN, _training),
]
