"""The archive's routes for every role and for a public, an internal and a staff-only album of
PPO A (the project matrix in routes.py builds a public album only)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from media_archive.models import Album, AlbumExport
from media_archive.urls import urlpatterns
from tests.factories import ROLES
from tests.media_archive.factories import AlbumFactory, PhotoFactory
from tests.media_archive.routes import ROUTES

pytestmark = pytest.mark.django_db

# Who sees an album of PPO A (its pages, ZIP, originals and images); the others get 404.
SEES = {
    Album.Visibility.PUBLIC: set(ROLES),
    Album.Visibility.INTERNAL: {"officer_a", "officer_b", "presidium", "staff"},
    Album.Visibility.STAFF: {"officer_a", "presidium", "staff"},  # its own PPO's officer too
}
VIEWING = {"album_detail", "album_zip", "item_original", "item_image"}
# The cabinet does not depend on the visibility: the matrix's answers hold for every album.
CABINET = {route.name.split(":")[1]: route.expect for route in ROUTES if ":cabinet_" in route.name}


def _expected(name: str, visibility: str, role: str) -> int:
    if name == "album_list":
        return 200
    if name in VIEWING:
        return 200 if role in SEES[visibility] else 404
    if name == "export_download":  # officer A's ready export
        return {"anonymous": 302, "officer_a": 200}.get(role, 404)
    return CABINET[name][role]


def _kwargs(name: str, objects: dict) -> dict:
    if name in ("album_list", "cabinet_album_list", "cabinet_album_create"):
        return {}
    if name == "item_image":
        return {"pk": objects["photo"].pk, "size": "thumbnail"}
    if name in ("item_original", "cabinet_item_delete"):
        return {"pk": objects["photo"].pk}
    if name == "export_download":
        return {"pk": objects["export"].pk}
    return {"pk": objects["album"].pk}


def test_every_archive_route_has_an_expectation_here():
    names = {pattern.name for pattern in urlpatterns}
    known = {"album_list", "export_download", *VIEWING, *CABINET}
    assert names == known


@pytest.mark.parametrize("visibility", list(Album.Visibility.values))
@pytest.mark.parametrize("role", ROLES)
def test_archive_routes_per_role_and_visibility(client, world, visibility, role):
    album = AlbumFactory(organization=world.org_a, visibility=visibility, title="Закрытый слёт")
    objects = {
        "album": album,
        "photo": PhotoFactory(album=album),
        "export": AlbumExport.objects.create(
            album=album,
            requested_by=world.officer_a,
            status=AlbumExport.Status.READY,
            file=ContentFile(b"PK\x05\x06" + bytes(18), name="album.zip"),
        ),
    }
    if role != "anonymous":
        client.force_login(world.user(role))
    for pattern in urlpatterns:
        name = pattern.name
        url = reverse(f"media_archive:{name}", kwargs=_kwargs(name, objects))
        response = client.get(url)
        expected = _expected(name, visibility, role)
        assert response.status_code == expected, (name, visibility, role, response.status_code)
        if name == "album_list":
            listed = "Закрытый слёт" in response.content.decode()
            assert listed is (role in SEES[visibility]), (visibility, role)


@pytest.mark.parametrize("visibility", list(Album.Visibility.values))
def test_a_pending_export_is_404_even_to_its_requester(client, world, visibility):
    album = AlbumFactory(organization=world.org_a, visibility=visibility)
    export = AlbumExport.objects.create(album=album, requested_by=world.officer_a)
    client.force_login(world.officer_a)
    url = reverse("media_archive:export_download", kwargs={"pk": export.pk})
    assert client.get(url).status_code == 404
