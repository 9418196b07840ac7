from programme.models import Measure
from tests.routes import OFFICER_ONLY, PRESIDIUM_AND_STAFF, Route


def _measure(world):
    return {"pk": Measure.objects.order_by("pk").values_list("pk", flat=True).first()}


ROUTES = [
    Route("programme:dashboard", PRESIDIUM_AND_STAFF),
    Route("programme:measure_detail", PRESIDIUM_AND_STAFF, _measure),
    Route("programme:cabinet", OFFICER_ONLY),
]
