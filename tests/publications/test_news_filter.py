"""The news feed's PPO filter: a PPO typed by name and found on the server (no list of all)."""

import pytest
from django.urls import reverse

from tests.factories import AppointmentFactory, OrganizationFactory
from tests.publications.factories import publication_in_state

pytestmark = pytest.mark.django_db

FEED = reverse("publications:news")


@pytest.fixture
def news(world):
    hospital = OrganizationFactory(
        short_name="ППО Республиканской детской больницы", slug="rdb", medical_organization="РДБ"
    )
    clinic = OrganizationFactory(
        short_name="ППО Детской поликлиники № 3", slug="dp3", medical_organization="ДП № 3"
    )
    made = {}
    for organization, title in ((hospital, "Ёлка в стационаре"), (clinic, "Прививочная неделя")):
        made[organization.slug] = publication_in_state(
            "published",
            organization=organization,
            author=AppointmentFactory(organization=organization).user,
            staff=world.staff,
            title=title,
        )
    return made


def test_the_field_is_text_not_a_list_of_every_ppo(client, news):
    body = client.get(FEED).content.decode()
    assert '<select name="ppo"' not in body
    assert 'name="ppo"' in body and 'list="ppo-suggestions"' in body
    assert "ППО Детской поликлиники № 3</option>" not in body


@pytest.mark.parametrize("typed", ["поликлиники 3", "ппо детской поликлиники № 3", "dp3"])
def test_a_typed_name_a_part_of_it_or_a_link_finds_the_ppo(client, news, typed):
    response = client.get(FEED, {"ppo": typed})
    body = response.content.decode()
    assert "Прививочная неделя" in body
    assert "Ёлка в стационаре" not in body
    # The field shows the PPO's name, whatever was typed or linked.
    assert 'value="ППО Детской поликлиники № 3"' in body


def test_several_matches_are_offered_as_links_keeping_the_other_filters(client, news):
    response = client.get(FEED, {"ppo": "детской", "category": "events"})
    body = response.content.decode()
    assert "подходят несколько ППО" in body
    assert 'value="детской"' in body  # nothing typed is lost
    choices = [(o.slug, q) for o, q in response.context["ppo_choices"]]
    assert [slug for slug, _ in choices] == ["dp3", "rdb"]
    assert all("category=events" in q for _, q in choices)
    assert f'href="?{choices[0][1]}"' in body.replace("&amp;", "&")


def test_an_unknown_ppo_is_explained_next_to_the_field(client, news):
    body = client.get(FEED, {"ppo": "Госпиталь ветеранов"}).content.decode()
    assert "ППО «Госпиталь ветеранов» не найдена" in body
    assert 'value="Госпиталь ветеранов"' in body


def test_suggestions_come_from_the_server(client, news):
    url = reverse("ppo:suggest")
    assert client.get(url, {"q": "д"}).json() == {"results": []}  # at least two letters
    names = [r["name"] for r in client.get(url, {"q": "детской"}).json()["results"]]
    assert names == ["ППО Детской поликлиники № 3", "ППО Республиканской детской больницы"]


def test_the_month_list_is_one_cached_aggregate(client, news, django_assert_max_num_queries):
    from publications import selectors

    months = selectors.news_months()
    assert months and all(m.day == 1 for m in months)
    with django_assert_max_num_queries(0):
        assert selectors.news_months() == months
