"""Where the files of a news photo live: in the private storage until the news is published
(served only by the permission-checked view publications:photo_file), in public media after.

The photo fields use ``portal.storage.SplitStorage``: a stored name ``private/<name>`` is
private, ``<name>`` public. A new photo is placed by its news' state (models._photo_path), a
rendition next to its original (models._rendition_path); ``publication_photos_sync`` moves the
files when the state changes sides. It runs after the state's commit as a job (at least once),
so it is written to be run any number of times: it always brings the files to where the
current state says, and does nothing when they are there."""

import logging

from django.db import transaction

from portal import uploads
from portal.storage import SplitStorage

from .models import Publication, PublicationPhoto

FILE_FIELDS = ("image", "thumbnail", "web")
logger = logging.getLogger(__name__)


def photos_are_public(publication: Publication) -> bool:
    return publication.status == Publication.Status.PUBLISHED


def _target(name: str, *, public: bool) -> str:
    return SplitStorage.public_name(name) if public else SplitStorage.private_name(name)


@transaction.atomic
def publication_photos_sync(*, publication_id: int) -> int:
    """Bring the files of the publication's photos to where its state says (public once
    published, private otherwise); returns how many files changed sides.

    The publication and its photos are locked, so a state change or a rendition being made
    waits (a rendition is placed next to its original, see photo_make_renditions). A file is
    copied under its other name and the row updated; the old file is deleted after the commit,
    so a rolled-back run leaves the rows pointing at files that still exist. A copy left by an
    interrupted run is reused (portal.uploads.store_moved); a file missing on both sides is
    logged and left as it is."""
    publication = Publication.objects.select_for_update().filter(pk=publication_id).first()
    if publication is None:
        return 0
    public = photos_are_public(publication)
    superseded = []
    photos = PublicationPhoto.objects.select_for_update().filter(publication=publication)
    for photo in photos.order_by("pk"):
        changed = []
        for field in FILE_FIELDS:
            file = getattr(photo, field)
            target = _target(file.name, public=public) if file else file.name
            if target == file.name:
                continue
            if file.storage.exists(file.name):
                new_name = uploads.store_moved(file.storage, file.name, target)
                superseded.append((file.storage, file.name))
            elif file.storage.exists(target):  # moved before, the row's update was lost
                new_name = target
            else:
                logger.warning("Photo %s: file %s is missing, left as it is", photo.pk, file.name)
                continue
            file.name = new_name
            changed.append(field)
        if changed:
            photo.save(update_fields=changed)

    def delete_superseded():
        for storage, name in superseded:
            try:
                storage.delete(name)
            except OSError as error:  # a stray copy: harmless, never a reason to fail the move
                logger.warning("Photo file %s not deleted after its move: %s", name, error)

    transaction.on_commit(delete_superseded)
    return len(superseded)


def enqueue_photos_sync(publication: Publication) -> None:
    """After the commit of a state change: move the photos' files (kept in the outbox while the
    broker is down; until the move the view serves them to whoever may see the news)."""
    from portal.jobs import enqueue

    from .tasks import sync_publication_photos

    enqueue(sync_publication_photos, publication.pk)
