"""The public library's search on PostgreSQL: word forms of titles, ranking, escaped snippets."""

import pytest
from django.urls import reverse

from documents import selectors
from documents.models import Document

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db

LIBRARY = reverse("documents:library")


def public(title, description="", **kwargs):
    return DocumentFactory(
        title=title,
        description=description,
        is_public=True,
        kind=Document.Kind.METHODOLOGY,
        **kwargs,
    )


def titles(query):
    return [d.title for d in selectors.search_public_documents(query)]


def test_finds_a_word_form_of_the_title_and_ranks_title_first():
    public("Методические рекомендации по охране труда медицинских сестёр")
    public("Брендбук профсоюза", description="Для буклетов о правах медсестры.")
    public("Шаблон протокола собрания")
    DocumentFactory(title="Письмо медсестрам (не публичное)", is_public=False)
    public("Медсёстрам: памятка о правах", description="Коротко о главном.")
    # «сестёр» is not «медсестра»; the title match outranks the summary match.
    assert titles("медсестра") == ["Медсёстрам: памятка о правах", "Брендбук профсоюза"]
    assert titles("охрана труда") == [
        "Методические рекомендации по охране труда медицинских сестёр"
    ]
    assert titles("протоколы") == ["Шаблон протокола собрания"]
    assert titles("протакол") == ["Шаблон протокола собрания"]


def test_library_page_searches_and_escapes(client, django_assert_max_num_queries):
    public("Шаблон протокола собрания", description='Образец <b>протокола</b> & "подписи".')
    public("Брендбук профсоюза")
    with django_assert_max_num_queries(8) as small:
        page = client.get(LIBRARY, {"q": "протоколы"}).content.decode()
    assert "Шаблон протокола собрания" in page and "Брендбук профсоюза" not in page
    assert "найден 1 документ" in page
    # ts_headline drops the tags themselves; what is left is escaped.
    assert "<mark>протокола</mark>" in page and "<b>" not in page
    assert "&amp; &quot;подписи" in page
    for n in range(10):
        public(f"Протокол заседания № {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(LIBRARY, {"q": "протоколы"}).content.decode()
    assert "найдено 11 документов" in page  # the catalog's form for 11
    nothing = client.get(LIBRARY, {"q": "шахматы"}).content.decode()
    assert "Ничего не найдено" in nothing
    everything = client.get(LIBRARY).content.decode()
    assert "Брендбук профсоюза" in everything and "Протокол заседания № 9" in everything
