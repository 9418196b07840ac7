import pytest
from django.urls import reverse

from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_public_pages_forbid_inline_scripts(client):
    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_allows_the_inline_code_of_its_libraries(client):
    client.force_login(staff_user())
    policy = client.get(reverse("admin:ppo_primaryorganization_export"))["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy


def test_home_shows_the_newest_published_news_only(client, world):
    from tests.publications.factories import publication_in_state

    published = publication_in_state(
        "published",
        organization=world.org_a,
        author=world.officer_a,
        staff=world.staff,
        title="Опубликованная новость",
    )
    publication_in_state(
        "draft",
        organization=world.org_a,
        author=world.officer_a,
        staff=world.staff,
        title="Черновик новости",
    )
    body = client.get(reverse("portal:home")).content.decode()
    assert published.title in body
    assert "Черновик новости" not in body


def test_home_queries_do_not_grow_with_news(client, world, django_assert_max_num_queries):
    from tests.publications.factories import publication_in_state

    for n in (1, 6):
        for i in range(n):
            publication_in_state(
                "published",
                organization=world.org_a,
                author=world.officer_a,
                staff=world.staff,
                title=f"Новость {n}-{i}",
            )
        with django_assert_max_num_queries(25):
            assert client.get(reverse("portal:home")).status_code == 200
