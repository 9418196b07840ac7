from tests.routes import OFFICER_ONLY, OWN_PPO, PUBLIC, STAFF_ONLY, Route


def _publication(world, status: str):
    """A publication of PPO A in the given state (created on first use)."""
    key = f"publication_{status}"
    if key not in world.objects:
        from tests.publications.factories import publication_in_state

        world.objects[key] = publication_in_state(
            status, organization=world.org_a, author=world.officer_a, staff=world.staff
        )
    return {"pk": world.objects[key].pk}


def _draft_photo(world):
    """The stored name (without «private/») of a photo of PPO A's draft: private, served by the
    view to PPO A's officer and staff; to anyone else it does not exist."""
    if "draft_photo" not in world.objects:
        from portal.storage import SplitStorage
        from publications import services
        from tests.publications.factories import upload

        _publication(world, "draft")
        draft = world.objects["publication_draft"]
        saved, _errors = services.publication_add_photos(
            user=world.officer_a, publication=draft, files=[upload()]
        )
        world.objects["draft_photo"] = SplitStorage.public_name(saved[0].image.name)
    return {"name": world.objects["draft_photo"]}


# Submitting an incomplete draft of one's own PPO sends the officer back to the form.
OWN_PPO_POST = {**OWN_PPO, "officer_a": 302}
STAFF_POST_REDIRECT = {**STAFF_ONLY, "staff": 302}

ROUTES = [
    Route("publications:list", OFFICER_ONLY),
    Route("publications:create", OFFICER_ONLY),
    Route("publications:detail", OWN_PPO, lambda w: _publication(w, "draft")),
    Route("publications:update", OWN_PPO, lambda w: _publication(w, "draft")),
    Route("publications:archive_photos", OWN_PPO, lambda w: _publication(w, "draft")),
    Route("publications:submit", OWN_PPO_POST, lambda w: _publication(w, "draft"), method="post"),
    Route("publications:queue", STAFF_ONLY),
    Route("publications:review", STAFF_ONLY, lambda w: _publication(w, "submitted")),
    Route(
        "publications:approve",
        STAFF_POST_REDIRECT,
        lambda w: _publication(w, "submitted"),
        method="post",
    ),
    # Without the required comment the page comes back with the message (200), nothing changes.
    Route(
        "publications:request_changes",
        STAFF_ONLY,
        lambda w: _publication(w, "submitted"),
        method="post",
    ),
    Route("publications:reject", STAFF_ONLY, lambda w: _publication(w, "submitted"), method="post"),
    # Nothing failed: staff are sent back to the review page with «nothing to retry».
    Route(
        "publications:crosspost_retry",
        STAFF_POST_REDIRECT,
        lambda w: _publication(w, "published"),
        method="post",
    ),
    Route("publications:staff_create", STAFF_ONLY),
    Route("publications:staff_update", STAFF_ONLY, lambda w: _publication(w, "submitted")),
    Route(
        "publications:staff_archive_photos",
        STAFF_ONLY,
        lambda w: _publication(w, "submitted"),
    ),
    Route("publications:news", PUBLIC),
    Route("publications:news_feed", PUBLIC),
    Route("publications:news_atom", PUBLIC),
    Route("publications:news_detail", PUBLIC, lambda w: _publication(w, "published")),
    Route(
        "publications:photo_file",
        {"anonymous": 404, "officer_a": 200, "officer_b": 404, "presidium": 404, "staff": 200},
        _draft_photo,
    ),
]
