"""Thin tasks of the archive: each loads by id and calls one service."""

from celery import shared_task

from portal.jobs import enqueue
from portal.mail import mail_send_once
from portal.notifications import render_email


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=3, soft_time_limit=120, time_limit=150
)
def make_renditions(item_id: int) -> None:
    from .services import item_renditions_make

    item_renditions_make(item_id=item_id)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=1800,
    time_limit=1900,
)
def build_album_export(export_id: int) -> None:
    from .services import album_export_build

    export = album_export_build(export_id=export_id)
    if export is not None and export.file:
        enqueue(send_export_ready, export.pk)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_export_ready(export_id: int) -> None:
    from .models import AlbumExport

    export = (
        AlbumExport.objects.select_related("album", "requested_by").filter(pk=export_id).first()
    )
    if export is None or not export.requested_by.email:
        return
    mail_send_once(
        key=f"media_archive.export_ready:{export.pk}",
        email=export.requested_by.email,
        build=lambda to: render_email(
            "media_archive/email/export_ready", {"export": export}, to=[to]
        ),
    )


@shared_task(soft_time_limit=300, time_limit=360)
def delete_old_exports() -> int:
    from .services import exports_delete_old

    return exports_delete_old()
