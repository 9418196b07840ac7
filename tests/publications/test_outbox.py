"""Issue 12, done when: with the broker down an officer's news with a photo and its approval go
through as usual, their jobs wait in the outbox; once a real Redis and a worker are up and the
outbox is flushed, the photo's renditions exist, its files are public and the author is told
once."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from portal.celery import app
from portal.jobs import enqueue, outbox_flush
from portal.models import OutboxJob
from portal.tasks import send_invitation
from publications.models import Publication, PublicationPhoto
from tests.broker import wait_for
from tests.factories import UserFactory
from tests.publications.factories import upload
from tests.publications.test_views import form_data

RENDITIONS = "publications.tasks.make_photo_renditions"
NOTIFICATION = "publications.tasks.send_publication_notification"
PHOTOS_SYNC = "publications.tasks.sync_publication_photos"


def _waiting_tasks() -> list[str]:
    jobs = OutboxJob.objects.filter(sent_at__isnull=True).order_by("pk")
    return list(jobs.values_list("task", flat=True))


def _renditions_made() -> bool:
    return PublicationPhoto.objects.get().has_renditions


def _files_public() -> bool:
    photo = PublicationPhoto.objects.get()
    return photo.has_renditions and not any(f.name.startswith("private/") for f in photo.files)


@pytest.mark.django_db(transaction=True)
def test_news_with_a_photo_saved_and_approved_while_the_broker_is_down(client, world, broker):
    # The broker is down (CELERY_BROKER_URL points at a port where nothing listens).
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:create"),
        {**form_data(action="submit"), "photos": [upload("vruchenie.jpg", size=(800, 600))]},
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.status == Publication.Status.SUBMITTED
    assert _waiting_tasks() == [RENDITIONS]
    assert OutboxJob.objects.get().args == [PublicationPhoto.objects.get().pk]
    assert not _renditions_made()

    client.force_login(world.staff)
    response = client.post(reverse("publications:approve", args=[publication.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1] == (reverse("publications:queue"), 302)
    assert "«День медицинской сестры»: опубликована." in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert _waiting_tasks() == [RENDITIONS, PHOTOS_SYNC, NOTIFICATION]
    assert outbox_flush() == 0  # still down: all stay
    # Meanwhile the news is public and its photo, still private, is served by the view to all.
    client.logout()
    photo_url = PublicationPhoto.objects.get().image.url
    assert photo_url.startswith("/news/photos/") and client.get(photo_url).status_code == 200
    assert not _renditions_made() and mail.outbox == []

    broker()
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        call_command("flush_outbox")
        assert _waiting_tasks() == []
        wait_for(_renditions_made, "The worker did not make the photo's renditions")
        wait_for(_files_public, "The worker did not move the photo's files public")
        wait_for(lambda: mail.outbox, "The worker did not tell the author")
        # The notification delivered a second time (at least once) does not mail again; the
        # renditions job run again keeps the files it made.
        photo = PublicationPhoto.objects.get()
        made = (photo.thumbnail.name, photo.web.name)
        for job in OutboxJob.objects.order_by("pk"):
            app.send_task(job.task, args=job.args, kwargs=job.kwargs)
        # An invitation queued behind them shows when the worker is past them.
        latecomer = UserFactory()
        enqueue(send_invitation, latecomer.pk, invitation_id="after")
        wait_for(lambda: len(mail.outbox) >= 2, "The worker did not send the invitation")
    photo.refresh_from_db()
    assert (photo.thumbnail.name, photo.web.name) == made
    assert photo.thumbnail.storage.exists(photo.thumbnail.name)
    assert photo.web.storage.exists(photo.web.name)
    assert client.get(photo.web.url).status_code == 200 and photo.web.url.startswith("/media/")
    assert [m.to for m in mail.outbox] == [[world.officer_a.email], [latecomer.email]]
    assert "одобрена" in mail.outbox[0].subject
