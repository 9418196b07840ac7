"""News search on PostgreSQL: word forms, ё/е, prefixes, typos (pg_trgm), ranking, snippets."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from portal.search import START, STOP, snippet_html
from publications import selectors
from tests.publications.factories import publication_in_state

pytestmark = pytest.mark.django_db

NEWS = reverse("publications:news")


def news(world, title, body="", lead="Новость первичной организации."):
    return publication_in_state(
        "published",
        organization=world.org_a,
        author=world.officer_a,
        staff=world.staff,
        title=title,
        lead=lead,
        body=body,
    )


def titles(query):
    return [p.title for p in selectors.news_feed(query=query)]


def test_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_word_forms_and_yo(world):
    news(world, "День медицинской сестры", body="Профком поздравил медсестёр больницы.")
    news(world, "Молодёжный форум", body="Собрались активисты.")
    news(world, "Турнир по волейболу", body="Играли команды больниц.")
    assert titles("медсестра") == ["День медицинской сестры"]
    assert titles("молодёжь") == ["Молодёжный форум"]
    assert titles("молодежь") == ["Молодёжный форум"]
    assert titles("МОЛОДЕЖНЫЙ") == ["Молодёжный форум"]
    # Prefix: an unfinished word finds the whole one.
    assert titles("волейб") == ["Турнир по волейболу"]
    assert titles("шахматы") == []


def test_typo_found_through_trigrams(world):
    news(world, "День медицинской сестры", body="Профком поздравил медсестёр больницы.")
    news(world, "Турнир по волейболу", body="Играли команды больниц.")
    assert titles("медсетсра") == ["День медицинской сестры"]


def test_title_match_ranks_first(world):
    news(world, "Отчёт профкома", body="Отдельно поблагодарили медсестёр за дежурства.")
    news(world, "Медсёстры получили грамоты", body="Награждение прошло в актовом зале.")
    assert titles("медсестра") == ["Медсёстры получили грамоты", "Отчёт профкома"]


def test_snippet_highlights_and_escapes(client, world):
    news(
        world,
        "Отчёт профкома",
        body='Поздравили <script>alert("x")</script> медсёстры & врачи больницы.',
    )
    page = client.get(NEWS, {"q": "медсестра"}).content.decode()
    assert "<mark>медсестры</mark>" in page
    # ts_headline drops the tags themselves; what is left is escaped.
    assert '<script>alert("x")' not in page
    assert re.search(r"&amp;\s+врачи", page)


def test_search_page_and_queries_constant(client, world, django_assert_max_num_queries):
    for n in range(3):
        news(world, f"Медсёстры больницы № {n}", body="Поздравили медсестёр.")
    with django_assert_max_num_queries(12) as small:
        assert client.get(NEWS, {"q": "медсестра"}).status_code == 200
    for n in range(3, 12):
        news(world, f"Медсёстры больницы № {n}", body="Поздравили медсестёр.")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(NEWS, {"q": "медсестра"})
    assert len(response.context["publications"]) == 10
    # The typo fallback costs the same.
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(NEWS, {"q": "медсетсра"}).status_code == 200
    # Punctuation alone is no query and no error.
    assert client.get(NEWS, {"q": "&|!:*()"}).status_code == 200


def test_snippet_html_escapes_before_marking():
    raw = f'<img src=x onerror="alert(1)"> & {START}медсестры{STOP}'
    assert snippet_html(raw) == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; <mark>медсестры</mark>"
    )
    assert snippet_html(None) == ""
    # A sanitised HTML body keeps its entities in the headline: decoded, then escaped once.
    assert snippet_html(f"&lt;b&gt; &amp; {START}врачи{STOP}", source_is_html=True) == (
        "&lt;b&gt; &amp; <mark>врачи</mark>"
    )
