"""The public site for search engines and browsers: sitemap.xml, robots.txt, the manifest,
the icon and the meta description / Open Graph tags of every public page."""

import json
import re

import pytest
from django.urls import reverse

from media_archive.models import Album
from tests.factories import OrganizationFactory
from tests.media_archive.factories import AlbumFactory
from tests.publications.factories import publication_in_state


def _locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_sitemap_lists_public_news_ppo_pages_and_albums(client, world):
    published = publication_in_state(
        "published", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    draft = publication_in_state(
        "draft", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    closed = OrganizationFactory(is_active=False)
    public_album = AlbumFactory(visibility=Album.Visibility.PUBLIC)
    internal_album = AlbumFactory(visibility=Album.Visibility.INTERNAL)

    locations = _locations(client)
    assert f"http://testserver{published.get_absolute_url()}" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations
    for organization in (world.org_a, world.org_b):
        assert f"http://testserver{organization.get_absolute_url()}" in locations
    assert f"http://testserver{closed.get_absolute_url()}" not in locations
    assert f"http://testserver{public_album.get_absolute_url()}" in locations
    assert f"http://testserver{internal_album.get_absolute_url()}" not in locations
    assert "http://testserver/news/" in locations and "http://testserver/" in locations


def test_sitemap_queries_do_not_grow_with_content(client, world, django_assert_max_num_queries):
    for _ in range(3):
        OrganizationFactory()
        AlbumFactory(organization=None)
    with django_assert_max_num_queries(12):
        small = len(_locations(client))
    for _ in range(20):
        OrganizationFactory()
        AlbumFactory(organization=None)
    with django_assert_max_num_queries(12):
        assert len(_locations(client)) == small + 40


def test_robots_points_to_the_sitemap_and_keeps_out_of_private_pages(client, db):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    for path in ("/cabinet/", "/staff/", "/admin/"):
        assert f"Disallow: {path}" in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"
    assert reverse("ppo:cabinet").startswith("/cabinet/")


def test_manifest_names_the_organization(client, db):
    response = client.get("/site.webmanifest")
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["short_name"] == "ЧРО"
    assert manifest["name"] == "Портал ЧРО Профсоюза работников здравоохранения"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_favicon_is_a_real_icon(client, db):
    from django.contrib.staticfiles import finders
    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.ico"
    with Image.open(finders.find("favicon.ico")) as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]


@pytest.mark.parametrize("url", ["/", "/news/", "/ppo/", "/archive/", "/contests/", "/documents/"])
def test_public_pages_have_description_and_open_graph(client, world, url):
    page = client.get(url).content.decode()
    assert re.search(r'<meta name="description" content="[^"]{40,}">', page), url
    assert '<meta property="og:title" content="' in page
    assert f'<meta property="og:url" content="http://testserver{url}">' in page
    assert (
        '<meta property="og:image" content="http://testserver/static/img/og-default.png">' in page
    )
    assert page.count('property="og:type"') == 1


def test_ppo_page_has_open_graph(client, world):
    page = client.get(world.org_a.get_absolute_url()).content.decode()
    assert (
        '<meta property="og:image" content="http://testserver/static/img/og-default.png">' in page
    )
