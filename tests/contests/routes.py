from tests.routes import LOGGED_IN, OFFICER_ONLY, OWN_PPO, PUBLIC, STAFF_ONLY, Route

from .factories import ContestFactory, EntryFactory, EntryPhotoFactory

# Before the results are out a photo is seen by its own PPO and staff; to others it does not exist.
PHOTO_BEFORE_RESULTS = {
    "anonymous": 404,
    "officer_a": 200,
    "officer_b": 404,
    "presidium": 404,
    "staff": 200,
}
JURORS_ONLY = {"anonymous": 302, "officer_a": 403, "officer_b": 403, "presidium": 403, "staff": 403}


def _objects(world) -> dict:
    objects = world.objects
    if "contest" not in objects:
        contest = ContestFactory()
        entry = EntryFactory(
            contest=contest, organization=world.org_a, submitted_by=world.officer_a
        )
        objects.update(contest=contest, entry=entry, photo=EntryPhotoFactory(entry=entry))
    return objects


def _slug(world):
    return {"slug": _objects(world)["contest"].slug}


ROUTES = [
    Route("contests:contest_list", PUBLIC),
    Route("contests:contest_detail", PUBLIC, _slug),
    Route("contests:entry_photo", PHOTO_BEFORE_RESULTS, lambda w: {"pk": _objects(w)["photo"].pk}),
    Route("contests:cabinet_list", OFFICER_ONLY),
    Route("contests:entry_create", OFFICER_ONLY, _slug),
    Route("contests:entry_update", OWN_PPO, lambda w: {"pk": _objects(w)["entry"].pk}),
    Route("contests:jury_list", LOGGED_IN),
    Route("contests:jury_entries", JURORS_ONLY, _slug),
    Route(
        "contests:entry_score",
        JURORS_ONLY,
        lambda w: {**_slug(w), "pk": _objects(w)["entry"].pk},
    ),
    Route("contests:jury_progress", STAFF_ONLY, _slug),
]
