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
]
