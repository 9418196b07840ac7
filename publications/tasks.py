"""Celery tasks of publications: thin wrappers over services."""

from celery import shared_task


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=3, soft_time_limit=120, time_limit=180
)
def make_photo_renditions(photo_id: int) -> None:
    from .models import PublicationPhoto
    from .services import photo_make_renditions

    photo = PublicationPhoto.objects.filter(pk=photo_id).first()
    if photo is not None:
        photo_make_renditions(photo=photo)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=300, time_limit=360
)
def sync_publication_photos(publication_id: int) -> int:
    """Move a publication's photo files to the side its state says (public once published)."""
    from .photos import publication_photos_sync

    return publication_photos_sync(publication_id=publication_id)


@shared_task(soft_time_limit=120, time_limit=180)
def publish_due_publications() -> int:
    from .services import publication_publish_due

    return publication_publish_due()


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_publication_notification(event_id: int) -> None:
    from .notifications import notify_author

    notify_author(event_id=event_id)


@shared_task(soft_time_limit=120, time_limit=180)
def crosspost_publication(publication_id: int) -> dict[str, int] | None:
    """No automatic retry: a post that timed out may still have appeared, so a failure waits for
    staff's «Повторить» on the moderation page rather than risk a double post."""
    from .models import Publication
    from .services import publication_crosspost

    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return None
    return publication_crosspost(publication=publication)
