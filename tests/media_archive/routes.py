from tests.routes import LOGGED_IN, PUBLIC, Route

# Officers manage their PPO's albums, staff all of them (for the ЧРО's own albums).
ARCHIVE_MANAGERS = {
    "anonymous": 302,
    "officer_a": 200,
    "officer_b": 200,
    "presidium": 403,
    "staff": 200,
}
OWN_ALBUM = {"anonymous": 302, "officer_a": 200, "officer_b": 404, "presidium": 403, "staff": 200}
OWN_ALBUM_REDIRECT = {**OWN_ALBUM, "officer_a": 302, "staff": 302}


def _objects(world):
    from django.core.files.base import ContentFile

    from media_archive.models import AlbumExport
    from tests.media_archive.factories import AlbumFactory, PhotoFactory

    if "album" not in world.objects:
        album = AlbumFactory(organization=world.org_a)
        world.objects["album"] = album
        world.objects["photo"] = PhotoFactory(album=album)
        # A ready export of officer A's: 200 for them, 404 for everybody else.
        world.objects["export"] = AlbumExport.objects.create(
            album=album,
            requested_by=world.officer_a,
            status=AlbumExport.Status.READY,
            file=ContentFile(b"PK\x05\x06" + bytes(18), name="album.zip"),
        )
    return world.objects


def _album(world):
    return {"pk": _objects(world)["album"].pk}


def _photo(world):
    return {"pk": _objects(world)["photo"].pk}


def _thumbnail(world):
    return {"pk": _objects(world)["photo"].pk, "size": "thumbnail"}


def _export(world):
    return {"pk": _objects(world)["export"].pk}


ROUTES = [
    Route("media_archive:album_list", PUBLIC),
    Route("media_archive:album_detail", PUBLIC, _album),
    Route("media_archive:album_zip", PUBLIC, _album),
    Route("media_archive:item_original", PUBLIC, _photo),
    Route("media_archive:item_image", PUBLIC, _thumbnail),
    # Only the requester's ready export (a pending one is 404 for everybody, see
    # test_access_by_visibility, which also checks internal and staff-only albums).
    Route(
        "media_archive:export_download",
        {**LOGGED_IN, "officer_b": 404, "presidium": 404, "staff": 404},
        _export,
    ),
    Route("media_archive:cabinet_album_list", ARCHIVE_MANAGERS),
    Route("media_archive:cabinet_album_create", ARCHIVE_MANAGERS),
    Route("media_archive:cabinet_album_detail", OWN_ALBUM, _album),
    Route("media_archive:cabinet_album_update", OWN_ALBUM, _album),
    Route("media_archive:cabinet_video_add", OWN_ALBUM, _album),
    # GET of the upload endpoint only redirects back to the album.
    Route("media_archive:cabinet_photo_upload", OWN_ALBUM_REDIRECT, _album),
    Route(
        "media_archive:cabinet_item_delete",
        {"anonymous": 302, "officer_a": 405, "officer_b": 405, "presidium": 403, "staff": 405},
        _photo,
    ),
]
