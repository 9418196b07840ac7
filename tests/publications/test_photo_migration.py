"""publications 0008 moves the files of the photos of news not published yet from public media
to the private storage (their names get «private/»), and back when unapplied."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from portal.storage import private_storage
from tests.factories import UserFactory
from tests.migrating import migrate, migrate_to_latest
from tests.publications.factories import image_bytes

BEFORE = [("publications", "0007_alter_publicationphoto_image")]
AFTER = [("publications", "0008_photos_private_until_live")]


def _photo(apps, publication, *, renditions=True):
    Photo = apps.get_model("publications", "PublicationPhoto")
    names = {}
    for field in ("image", "thumbnail", "web") if renditions else ("image",):
        folder = "" if field == "image" else "renditions/"
        names[field] = default_storage.save(
            f"publications/{publication.pk}/{folder}{field}.jpg", ContentFile(image_bytes())
        )
    return Photo.objects.create(publication=publication, **names)


@pytest.mark.django_db(transaction=True)
def test_unpublished_news_photos_move_private_and_back():
    old = migrate(BEFORE)
    Publication = old.get_model("publications", "Publication")
    author = UserFactory()
    draft = Publication.objects.create(author_id=author.pk, title="Черновик", status="draft")
    live = Publication.objects.create(
        author_id=author.pk, title="В ленте", status="published", published_at=timezone.now()
    )
    scheduled = Publication.objects.create(
        author_id=author.pk, title="Позже", status="approved", publish_at=timezone.now()
    )
    draft_photo, live_photo = _photo(old, draft), _photo(old, live)
    late_photo = _photo(old, scheduled, renditions=False)
    gone = _photo(old, draft, renditions=False)
    default_storage.delete(gone.image.name)  # a row whose file was lost: skipped
    before = {
        photo.pk: (photo.image.name, photo.thumbnail.name, photo.web.name)
        for photo in (draft_photo, live_photo, late_photo, gone)
    }
    try:
        new = migrate(AFTER)
        Photo = new.get_model("publications", "PublicationPhoto")
        for photo in (draft_photo, late_photo):
            moved = Photo.objects.get(pk=photo.pk)
            for name, stored in zip(
                before[photo.pk],
                (moved.image.name, moved.thumbnail.name, moved.web.name),
                strict=True,
            ):
                if not name:
                    assert stored == ""
                    continue
                assert stored == f"private/{name}"
                assert private_storage().exists(name) and not default_storage.exists(name)
        kept = Photo.objects.get(pk=live_photo.pk)
        assert (kept.image.name, kept.thumbnail.name, kept.web.name) == before[live_photo.pk]
        assert all(default_storage.exists(name) for name in before[live_photo.pk])
        assert Photo.objects.get(pk=gone.pk).image.name == before[gone.pk][0]

        back = migrate(BEFORE)
        Photo = back.get_model("publications", "PublicationPhoto")
        for pk, names in before.items():
            photo = Photo.objects.get(pk=pk)
            assert (photo.image.name, photo.thumbnail.name, photo.web.name) == names
            for name in filter(None, names):
                assert not private_storage().exists(name)
                assert default_storage.exists(name) or pk == gone.pk
    finally:
        migrate_to_latest()
