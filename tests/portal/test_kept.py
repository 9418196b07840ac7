"""What every page repeats, kept in the cache (``portal.pagecache.kept`` and the ``{% kept %}``
tag): read once, and seen changed on the very next request after its rows change, whichever
process serves it (the cache is the real, shared Redis)."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import pagecache
from portal.models import Organization
from portal.roles import PRESIDIUM_GROUP
from ppo import services as ppo_services
from ppo.models import Channel
from tests.factories import ChannelFactory, MembershipFactory, UserFactory
from tests.publications.factories import publication_in_state

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_layout_reads_nothing_from_the_database_once_kept(client, world):
    """A logged-in page's navigation and footer (the organization, the person's roles, the
    officer's PPO, the ЧРО's channels) cost no query from the second view on: the session and
    the user are all that is left of them."""
    ChannelFactory(organization=None, title="Канал ЧРО")
    client.force_login(world.officer_a)
    url = reverse("portal:notifications")
    first = _queries(client, url)
    kept = _queries(client, url)
    assert first - kept >= 4, (first, kept)
    html = _page(client, url)
    assert "Личный кабинет" in html and "Канал ЧРО" in html


def test_an_edited_organization_record_shows_on_the_next_page(client, world):
    client.force_login(world.officer_a)
    assert "Чувашской Республики" in _page(client, "/")
    record = Organization.objects.get()
    record.region_genitive = "Марий Эл"
    record.save()
    assert "Профсоюз здравоохранения Марий Эл" in _page(client, reverse("portal:notifications"))


def test_a_role_given_or_taken_counts_on_the_next_request(client, world):
    person = UserFactory()
    client.force_login(person)
    dashboard = reverse("programme:dashboard")
    assert client.get(dashboard).status_code == 403
    group = Group.objects.get(name=PRESIDIUM_GROUP)
    person.groups.add(group)
    assert client.get(dashboard).status_code == 200
    group.user_set.remove(person)  # from the group's side
    assert client.get(dashboard).status_code == 403
    person.groups.add(group)
    assert client.get(dashboard).status_code == 200
    person.groups.clear()
    assert client.get(dashboard).status_code == 403


def test_an_ended_appointment_closes_the_cabinet_on_the_next_request(client, world):
    client.force_login(world.officer_a)
    cabinet = reverse("ppo:cabinet")
    assert client.get(cabinet).status_code == 200
    appointment = world.officer_a.appointments.get()
    ppo_services.appointment_end(
        appointment=appointment, ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert client.get(cabinet).status_code == 403
    assert "Личный кабинет" not in _page(client, "/")


def test_the_cabinets_figures_follow_a_new_month_and_channel(client, world):
    client.force_login(world.officer_a)
    cabinet = reverse("ppo:cabinet")
    assert "Телеграм-канал ППО" not in _page(client, cabinet)
    month = timezone.localdate().replace(day=1)
    MembershipFactory(organization=world.org_a, month=month, members=321, employees=400)
    ChannelFactory(
        organization=world.org_a, platform=Channel.Platform.TELEGRAM, title="Телеграм-канал ППО"
    )
    html = _page(client, cabinet)
    assert "321 членов профсоюза из 400 работников" in html
    assert "Телеграм-канал ППО" in html
    # Another PPO's officer never sees them: the figures are kept per PPO.
    client.force_login(world.officer_b)
    assert "Телеграм-канал ППО" not in _page(client, cabinet)


def test_a_ppo_page_shows_a_new_news_to_a_logged_in_visitor(client, world):
    client.force_login(world.officer_a)
    page = reverse("ppo:organization_detail", args=[world.org_a.slug])
    assert "Новостей организации пока нет" in _page(client, page)
    publication_in_state(
        "published",
        organization=world.org_a,
        author=world.officer_a,
        staff=world.staff,
        title="Турнир по волейболу",
    )
    html = _page(client, page)
    assert "Турнир по волейболу" in html
    # The other PPO's page keeps its own body.
    assert "Турнир по волейболу" not in _page(
        client, reverse("ppo:organization_detail", args=[world.org_b.slug])
    )


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/")
    return Template("{% load portal_tags %}" + source).render(
        Context({"request": request, **context})
    )


def test_a_kept_fragment_is_rendered_once_per_generation():
    calls = []
    source = '{% kept "test" pk groups="news" %}{{ count }}{% endkept %}'

    def count():
        calls.append(1)
        return len(calls)

    assert _render(source, pk=1, count=count) == "1"
    assert _render(source, pk=1, count=count) == "1"  # kept
    assert _render(source, pk=2, count=count) == "2"  # kept by its values
    pagecache.bump("news")
    assert _render(source, pk=1, count=count) == "3"
    pagecache.bump("ppo")  # not its group
    assert _render(source, pk=1, count=count) == "3"


def test_a_fragment_with_a_csrf_token_is_never_kept():
    """A token rendered for one visitor is never served to another."""
    source = '{% kept "form" groups="news" %}<form>{% csrf_token %}</form>{% endkept %}'
    first = Template("{% load portal_tags %}" + source).render(
        Context({"csrf_token": "token-of-the-first-visitor"})
    )
    second = Template("{% load portal_tags %}" + source).render(
        Context({"csrf_token": "token-of-the-second-visitor"})
    )
    assert "token-of-the-first-visitor" in first
    assert "token-of-the-second-visitor" in second


def test_a_failing_cache_renders_the_page_as_if_nothing_were_kept(client, world):
    client.force_login(world.officer_a)
    page = reverse("ppo:organization_detail", args=[world.org_a.slug])
    with mock.patch.object(cache, "get", side_effect=ConnectionError("Redis is down")):
        html = _page(client, page)
    assert world.org_a.full_name in html


def test_the_kept_tag_says_what_it_needs():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="groups="):
        Template('{% load portal_tags %}{% kept "name" %}x{% endkept %}')
