"""Issue 12: a news photo is reachable without a permission check only once the news is
published. Until then its files are in the private storage and served by publications:photo_file
to the news' PPO officers and staff; publishing moves them to public media (real files)."""

import datetime as dt
import logging
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from portal import uploads
from portal.models import Notification
from portal.storage import SplitStorage, private_storage
from publications import services
from publications.models import Publication, PublicationPhoto
from publications.photos import publication_photos_sync
from tests.publications.factories import image_bytes, publication_in_state, upload

Status = Publication.Status
pytestmark = pytest.mark.django_db


def make(world, status, **kwargs):
    return publication_in_state(
        status, organization=world.org_a, author=world.officer_a, staff=world.staff, **kwargs
    )


def add_photo(world, publication, *, renditions=True, capture=None, name="photo.jpg", **kwargs):
    """A photo added by the author (staff once the news is beyond the author's states); with
    ``renditions`` the renditions job runs after the commit, as the eager worker would."""
    user = world.officer_a if publication.status in Publication.AUTHOR_EDITABLE else world.staff
    files = [upload(name, **kwargs)]
    if renditions:
        with capture(execute=True):
            saved, errors = services.publication_add_photos(
                user=user, publication=publication, files=files
            )
    else:
        saved, errors = services.publication_add_photos(
            user=user, publication=publication, files=files
        )
    assert errors == []
    return PublicationPhoto.objects.get(pk=saved[0].pk)


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def assert_private(photo):
    for file in photo.files:
        assert file.name.startswith("private/"), file.name
        inner = SplitStorage.public_name(file.name)
        assert private_storage().exists(inner) and not default_storage.exists(inner)


def assert_public(photo):
    for file in photo.files:
        assert not file.name.startswith("private/"), file.name
        assert default_storage.exists(file.name)
        assert not private_storage().exists(file.name)


def get_as(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- A draft's photo ----------------------------------------------------------------------------


def test_a_drafts_photo_is_private_and_served_to_its_ppo_and_staff_only(
    client, world, settings, django_capture_on_commit_callbacks
):
    draft = make(world, "draft")
    photo = add_photo(world, draft, capture=django_capture_on_commit_callbacks)
    assert photo.has_renditions
    assert_private(photo)
    assert media_files(settings) == []  # nothing at all in the public media folder
    inner = SplitStorage.public_name(photo.web.name)
    assert client.get(settings.MEDIA_URL + inner).status_code == 404
    assert client.get(settings.MEDIA_URL + photo.web.name).status_code == 404

    url = photo.web.url
    assert url == reverse("publications:photo_file", kwargs={"name": inner})
    response = get_as(client, world.officer_a, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    assert get_as(client, world.staff, photo.image.url).status_code == 200
    for outsider in (None, world.officer_b, world.presidium):
        assert get_as(client, outsider, url).status_code == 404
        assert get_as(client, outsider, photo.image.url).status_code == 404
    # A name of another publication's folder, a made-up one: 404 as well.
    assert (
        get_as(client, world.officer_a, url.replace(inner, "publications/x/a.jpg")).status_code
        == 404
    )


def test_a_webp_original_is_served_inline_as_webp(
    client, world, django_capture_on_commit_callbacks
):
    photo = add_photo(
        world,
        make(world, "draft"),
        capture=django_capture_on_commit_callbacks,
        name="photo.webp",
        fmt="WEBP",
    )
    response = get_as(client, world.officer_a, photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline")


def test_the_cabinet_and_the_moderation_page_show_the_private_photos(
    client, world, django_capture_on_commit_callbacks
):
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    assert_private(photo)
    for user, page in (
        (world.officer_a, reverse("publications:detail", kwargs={"pk": publication.pk})),
        (world.staff, reverse("publications:review", kwargs={"pk": publication.pk})),
    ):
        html = get_as(client, user, page).content.decode()
        assert photo.thumbnail.url in html and "/media/" not in html
        assert get_as(client, user, photo.thumbnail.url).status_code == 200


# --- Publishing moves the files ------------------------------------------------------------------


def test_approved_now_the_files_go_public_and_the_private_copies_are_gone(
    client, world, settings, django_capture_on_commit_callbacks
):
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    private_url, inner = photo.web.url, SplitStorage.public_name(photo.web.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_approve(user=world.staff, publication=publication)
    photo.refresh_from_db()
    assert_public(photo)
    assert photo.web.name == inner  # the same name, without the prefix
    assert photo.web.url == settings.MEDIA_URL + inner
    assert sorted(media_files(settings)) == sorted(f.name for f in photo.files)
    response = get_as(client, None, photo.web.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    # A page made before the move (a cached one) points at the view: sent to the public file.
    response = get_as(client, None, private_url)
    assert response.status_code == 302 and response["Location"] == photo.web.url
    html = get_as(client, None, publication.get_absolute_url()).content.decode()
    assert photo.web.url in html and "/news/photos/" not in html


def test_approved_for_later_stays_private_until_beat_publishes_it(
    client, world, settings, django_capture_on_commit_callbacks
):
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    at = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_approve(user=world.staff, publication=publication, publish_at=at)
    photo.refresh_from_db()
    assert_private(photo)
    assert get_as(client, None, photo.web.url).status_code == 404

    # Its moment has come, beat has not run yet: the news is public, so is its photo (by view).
    Publication.objects.filter(pk=publication.pk).update(
        publish_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert get_as(client, None, photo.web.url).status_code == 200
    assert media_files(settings) == []

    with django_capture_on_commit_callbacks(execute=True):
        assert services.publication_publish_due() == 1
    photo.refresh_from_db()
    assert_public(photo)
    assert get_as(client, None, settings.MEDIA_URL + photo.web.name).status_code == 200


@pytest.mark.parametrize("status", ["changes_requested", "rejected"])
def test_returned_or_rejected_news_keeps_its_photos_private(
    client, world, status, django_capture_on_commit_callbacks
):
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    action = (
        services.publication_request_changes
        if status == "changes_requested"
        else services.publication_reject
    )
    with django_capture_on_commit_callbacks(execute=True):
        action(user=world.staff, publication=publication, comment="Не то.")
    photo.refresh_from_db()
    assert_private(photo)
    assert get_as(client, None, photo.web.url).status_code == 404
    assert get_as(client, world.officer_a, photo.web.url).status_code == 200


# --- Renditions land where the original is ------------------------------------------------------


def test_renditions_made_before_publishing_move_with_the_original(
    world, django_capture_on_commit_callbacks
):
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    assert photo.has_renditions
    assert_private(photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_approve(user=world.staff, publication=publication)
    photo.refresh_from_db()
    assert photo.has_renditions
    assert_public(photo)


def test_renditions_made_after_publishing_land_public(world, django_capture_on_commit_callbacks):
    publication = make(world, "submitted")
    # The renditions job is late (the broker was down): the news is published first.
    photo = add_photo(world, publication, renditions=False)
    assert not photo.has_renditions
    assert_private(photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_approve(user=world.staff, publication=publication)
    photo.refresh_from_db()
    assert_public(photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_make_renditions(photo=photo)
    photo.refresh_from_db()
    assert photo.has_renditions
    assert_public(photo)


def test_a_photo_added_to_a_published_news_is_public_at_once(
    world, django_capture_on_commit_callbacks
):
    publication = make(world, "published")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    assert photo.has_renditions
    assert_public(photo)


# --- The move is idempotent ---------------------------------------------------------------------


def published_before_the_move(world, capture):
    """A news with a private photo (renditions made), published without its move having run."""
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=capture)
    Publication.objects.filter(pk=publication.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    return publication, photo


def test_the_move_run_twice_does_nothing_the_second_time(world, django_capture_on_commit_callbacks):
    publication, photo = published_before_the_move(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert publication_photos_sync(publication_id=publication.pk) == 3
    photo.refresh_from_db()
    names = [f.name for f in photo.files]
    with django_capture_on_commit_callbacks(execute=True):
        assert publication_photos_sync(publication_id=publication.pk) == 0
    photo.refresh_from_db()
    assert [f.name for f in photo.files] == names
    assert_public(photo)


def test_a_copy_left_by_an_interrupted_move_is_reused(world, django_capture_on_commit_callbacks):
    publication, photo = published_before_the_move(world, django_capture_on_commit_callbacks)
    # A run that copied the original and died before its commit.
    target = SplitStorage.public_name(photo.image.name)
    assert uploads.store_moved(photo.image.storage, photo.image.name, target) == target
    with django_capture_on_commit_callbacks(execute=True):
        publication_photos_sync(publication_id=publication.pk)
    photo.refresh_from_db()
    assert photo.image.name == target  # no second copy under another name
    assert_public(photo)


def test_a_missing_file_is_left_as_it_is(world, caplog, django_capture_on_commit_callbacks):
    publication = make(world, "submitted")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    photo.thumbnail.storage.delete(photo.thumbnail.name)
    Publication.objects.filter(pk=publication.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        assert publication_photos_sync(publication_id=publication.pk) == 2
    photo.refresh_from_db()
    assert photo.thumbnail.name.startswith("private/") and "is missing" in caplog.text
    assert not photo.image.name.startswith("private/") and default_storage.exists(photo.web.name)


def test_the_move_back_to_private(world, django_capture_on_commit_callbacks):
    """No transition leaves «published» today; should one come, the same move takes the files
    back (the function follows the state, whichever way)."""
    publication = make(world, "published")
    photo = add_photo(world, publication, capture=django_capture_on_commit_callbacks)
    assert_public(photo)
    Publication.objects.filter(pk=publication.pk).update(status=Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        assert publication_photos_sync(publication_id=publication.pk) == 3
    photo.refresh_from_db()
    assert_private(photo)


# --- The local run serves the public media folder only -------------------------------------------


def test_media_url_never_serves_the_private_storage(client, settings):
    # Even if someone configured the private storage inside the media folder.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(Path(settings.MEDIA_ROOT) / "secret")},
        },
    }
    private_storage().save("letter.jpg", ContentFile(image_bytes()))
    default_storage.save("news.jpg", ContentFile(image_bytes()))
    assert client.get(settings.MEDIA_URL + "news.jpg").status_code == 200
    assert client.get(settings.MEDIA_URL + "secret/letter.jpg").status_code == 404
    assert client.get(settings.MEDIA_URL + "secret/../secret/letter.jpg").status_code == 404


def test_the_default_private_storage_is_outside_the_media_folder():
    from portal import settings as defaults  # the module's values, not the tests' folders

    private = Path(defaults.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    assert not private.is_relative_to(Path(defaults.MEDIA_ROOT).resolve())


# --- Beat publishing tells the PPO ----------------------------------------------------------------


def test_beat_publishing_notifies_the_ppos_officers(world, django_capture_on_commit_callbacks):
    from django.core import mail

    from portal.notifications import kinds

    publication = make(world, "submitted")
    services.publication_approve(
        user=world.staff,
        publication=publication,
        publish_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert not Notification.objects.filter(kind="publications:published").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_publish_due(now=timezone.now() + dt.timedelta(hours=2))
    told = Notification.objects.filter(kind="publications:published")
    assert list(told.values_list("recipient_id", flat=True)) == [world.officer_a.pk]
    notification = told.first()
    assert notification.title == f"Новость «{publication.title}» опубликована"
    assert notification.url == publication.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[world.officer_a.email]]
    # Run again (beat every 5 minutes): nothing left to publish, nobody told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publication_publish_due(now=timezone.now() + dt.timedelta(hours=3)) == 0
    assert told.count() == 1
    assert ("publications:published", "Новость опубликована") in [
        (kind, str(label)) for kind, label in kinds(world.officer_a)
    ]


def test_approval_now_tells_the_author_only_of_the_decision(world):
    publication = make(world, "submitted")
    services.publication_approve(user=world.staff, publication=publication)
    assert not Notification.objects.filter(kind="publications:published").exists()
    assert Notification.objects.filter(
        kind="publications:moderation", recipient=world.officer_a
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_test_transaction_the_jobs_run_after_each_commit(client, world, settings):
    """Autocommit, as a request or a task has it: the locks are taken in the services' own
    transactions, renditions and the move run (eagerly) right after each commit."""
    publication = make(world, "submitted")
    saved, _errors = services.publication_add_photos(
        user=world.staff, publication=publication, files=[upload()]
    )
    photo = PublicationPhoto.objects.get(pk=saved[0].pk)
    assert photo.has_renditions
    assert_private(photo)
    services.publication_approve(user=world.staff, publication=publication)
    photo.refresh_from_db()
    assert_public(photo)
    assert get_as(client, None, settings.MEDIA_URL + photo.web.name).status_code == 200
