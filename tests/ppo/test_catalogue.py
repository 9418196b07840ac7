"""The public catalogue of PPOs: 50 a page, searched by name, flat in size and queries."""

import re

import pytest
from django.urls import reverse

from portal import pagecache
from ppo.models import Channel, PrimaryOrganization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<div class="card h-100">')


def grow_union_to(n: int) -> None:
    """PPOs, each with two public channels, up to n in all (bulk inserts, which send no signal:
    the cached pages of PPOs are told here)."""
    missing = n - PrimaryOrganization.objects.count()
    organizations = PrimaryOrganization.objects.bulk_create(
        OrganizationFactory.build_batch(missing)
    )
    Channel.objects.bulk_create(
        Channel(organization=o, platform=platform, url=f"{prefix}{o.slug}", title=f"Профком {o.pk}")
        for o in organizations
        for platform, prefix in (("vk", "https://vk.com/"), ("telegram", "https://t.me/"))
    )
    pagecache.bump("ppo")


def test_catalogue_is_flat_in_queries_and_size(client, django_assert_max_num_queries):
    url = reverse("ppo:organization_list")
    sizes = {}
    for n in (10, 60, 300):
        grow_union_to(n)
        with django_assert_max_num_queries(5):
            response = client.get(url)
        body = response.content.decode()
        sizes[n] = len(body)
        assert len(CARD.findall(body)) == min(n, 50)
        assert f"{n} организаций" in body
    assert response.context["paginator"].num_pages == 6
    # From 10 PPOs the page grows only until it holds 50 cards: at 300 PPOs it weighs what it
    # does at 60 (only the numbers in the names are longer).
    assert sizes[10] < sizes[60], sizes
    assert sizes[300] <= sizes[60] * 1.02, sizes


def test_last_page_and_a_page_past_the_end(client):
    grow_union_to(120)
    url = reverse("ppo:organization_list")
    body = client.get(url, {"page": 3}).content.decode()
    assert len(CARD.findall(body)) == 20
    assert "Страница 3 из 3" in body
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": "²"}).status_code == 404


def test_search_by_words_of_the_name_in_any_case(client):
    grow_union_to(60)
    OrganizationFactory(
        short_name="ППО кардиодиспансера",
        full_name="Первичная профсоюзная организация Республиканского кардиодиспансера",
        medical_organization="БУ «Республиканский кардиологический диспансер»",
    )
    OrganizationFactory(
        short_name="ППО Канашской ЦРБ",
        full_name="Первичная профсоюзная организация Канашской ЦРБ",
        medical_organization="БУ «Канашская центральная районная больница»",
    )
    url = reverse("ppo:organization_list")
    body = client.get(url, {"q": "КАРДИО"}).content.decode()
    assert len(CARD.findall(body)) == 1 and "ППО кардиодиспансера" in body
    assert "Найдена 1 организация" in body
    # By the hospital's name, every word must match.
    body = client.get(url, {"q": "районная канашская"}).content.decode()
    assert len(CARD.findall(body)) == 1 and "ППО Канашской ЦРБ" in body
    body = client.get(url, {"q": "районная кардио"}).content.decode()
    assert "По запросу «районная кардио» организаций не найдено." in body


def test_search_is_kept_across_pages(client):
    grow_union_to(80)  # «ППО больницы № N»: all 80 match «больницы»
    url = reverse("ppo:organization_list")
    response = client.get(url, {"q": "больницы"})
    body = response.content.decode()
    assert response.context["paginator"].count == 80
    assert 'href="?q=%D0%B1%D0%BE%D0%BB%D1%8C%D0%BD%D0%B8%D1%86%D1%8B&amp;page=2"' in body
    assert 'value="больницы"' in body


def test_too_long_search_explains_next_to_the_field(client):
    grow_union_to(3)
    response = client.get(reverse("ppo:organization_list"), {"q": "б" * 101})
    assert response.status_code == 200
    assert "не более 100 символов" in response.context["search_form"].errors["q"][0]
    body = response.content.decode()
    assert "б" * 101 in body  # what was typed stays in the box
    assert len(CARD.findall(body)) == 3  # the catalogue is still shown, unfiltered
