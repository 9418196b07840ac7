"""Redis down: the pages are computed without the cache, never a 500 (portal/cache.py). The test
runs a Redis of its own on its own port and stops it; the shared one is never touched."""

import logging
import signal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from portal import cache as tolerant
from portal.roles import PRESIDIUM_GROUP
from tests.broker import free_port, start_redis
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class OwnRedis:
    def __init__(self, port: int):
        self.port, self.processes = port, []

    def start(self):
        self.processes.append(start_redis(self.port))

    def pause(self):
        """Unreachable but keeping its data (a network partition): calls time out."""
        self.processes[-1].send_signal(signal.SIGSTOP)

    def resume(self):
        self.processes[-1].send_signal(signal.SIGCONT)

    def stop(self):
        self.resume()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


@pytest.fixture
def own_redis(settings, monkeypatch):
    """The default cache on a Redis of the test's own, started."""
    redis = OwnRedis(free_port())
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    monkeypatch.setattr(tolerant.TolerantRedisCacheClient, "_down_until", 0.0)
    try:
        yield redis
    finally:
        redis.stop()


def _pages(world):
    return [
        ("anonymous", "/"),
        ("anonymous", reverse("publications:news")),
        ("anonymous", reverse("ppo:organization_detail", args=[world.org_a.slug])),
        ("officer_a", "/"),
        ("officer_a", reverse("ppo:cabinet")),
        ("officer_a", reverse("ppo:organization_detail", args=[world.org_a.slug])),
        ("officer_a", reverse("portal:notifications")),
        ("presidium", reverse("reports:cc_list")),
        ("staff", reverse("reports:matrix")),
    ]


def _get_all(client, world) -> dict:
    answers = {}
    for role, url in _pages(world):
        client.logout()
        if role != "anonymous":
            client.force_login(world.user(role))
        response = client.get(url)
        answers[(role, url)] = (response.status_code, response.content.decode())
    return answers


def test_the_pages_answer_while_redis_is_down_and_use_it_again_after(
    client, world, own_redis, monkeypatch, caplog
):
    cache.set("probe", "up")
    assert cache.get("probe") == "up"  # the cache is the test's own Redis, and it works
    before = _get_all(client, world)
    assert {status for status, _ in before.values()} == {200}

    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        during = _get_all(client, world)
    assert {key: status for key, (status, _) in during.items()} == {key: 200 for key in during}
    cabinet = during[("officer_a", reverse("ppo:cabinet"))][1]
    assert world.org_a.full_name in cabinet and "Личный кабинет" in cabinet
    assert cache.get("probe", "nothing") == "nothing"  # reads find nothing
    assert cache.add("lock", 1) is True  # a lock is taken at once (nothing else can hold it)
    with pytest.raises(ValueError):
        cache.incr("counter")  # as for a missing key: callers start it again
    # One warning for the outage, not one per call: the process waits before trying again.
    assert 1 <= len([r for r in caplog.records if "unavailable" in r.getMessage()]) <= 2

    # Back up (and the waiting time over): the cache is used again.
    own_redis.start()
    monkeypatch.setattr(tolerant.TolerantRedisCacheClient, "_down_until", 0.0)
    cache.set("probe", "again")
    assert cache.get("probe") == "again"
    client.force_login(world.officer_a)
    assert client.get(reverse("ppo:cabinet")).status_code == 200


def _outage(own_redis, monkeypatch):
    own_redis.stop()
    # A first call finds Redis down; the process then skips it for RETRY_SECONDS.
    assert cache.get("anything") is None
    assert tolerant.degraded()


def test_people_log_in_and_subscribe_while_redis_is_down(client, world, own_redis, monkeypatch):
    """allauth's rate limit takes a lock in the cache on every login: taken at once while the
    cache is down, so the login goes on (nothing is counted meanwhile)."""
    person = UserFactory(email="ivanova@example.org")
    _outage(own_redis, monkeypatch)
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session.get("_auth_user_id") == str(person.pk)
    response = client.post(reverse("documents:digest_subscribe"), {"email": "reader@example.org"})
    assert response.status_code == 302


def test_a_role_taken_away_during_an_outage_is_not_given_back_by_the_cache(
    client, world, own_redis, monkeypatch
):
    """The kept roles of a person were stored before Redis became unreachable (keeping its
    data); the change made meanwhile could not bump them: the process bumps again once the
    cache answers, so the old roles are not read from it."""
    page = reverse("reports:cc_list")  # the Presidium's
    person = UserFactory()
    person.groups.add(Group.objects.get(name=PRESIDIUM_GROUP))
    client.force_login(person)
    assert client.get(page).status_code == 200  # its roles are kept now
    own_redis.pause()
    person.groups.clear()  # the first call times out (1 s); the bump is dropped
    assert tolerant.degraded()
    assert client.get(page).status_code == 403  # read afresh: the cache is skipped
    own_redis.resume()
    monkeypatch.setattr(tolerant.TolerantRedisCacheClient, "_down_until", 0.0)
    assert client.get(page).status_code == 403
