"""portal/http.py against a local server: limits, redirects and the private-address guard."""

import pytest

from portal import http
from tests.integrations.fakes import FakeServer, endless, json_answer, slow


def test_user_agent_names_the_portal(fake):
    fake.routes["/page"] = json_answer({"ok": True})
    response = http.get(fake.url + "/page", mode="monitor")
    assert response.json() == {"ok": True}
    assert "ChroPortal" in fake.requests[0]["headers"]["User-Agent"]


def test_redirect_followed_and_each_hop_rechecked(fake):
    fake.routes["/old"] = lambda r: (301, {"Location": "/new"}, b"")
    fake.routes["/new"] = json_answer("<p>Профсоюз</p>")
    response = http.get(fake.url + "/old", mode="monitor")
    assert response.url == fake.url + "/new"


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{other}/x",
        "http://10.0.0.1/",
        "http://[::1]:8080/",
        "http://169.254.169.254/",
    ],
)
def test_redirect_to_a_private_address_is_refused(fake, target):
    other = FakeServer().start()  # a real listener on 127.0.0.1 whose port is NOT allowed
    try:
        fake.routes["/go"] = lambda r: (302, {"Location": target.format(other=other.port)}, b"")
        with pytest.raises(http.BlockedAddress, match="внутреннюю сеть"):
            http.get(fake.url + "/go", mode="monitor")
        assert other.requests == []
    finally:
        other.stop()


def test_first_request_to_loopback_refused_without_the_setting(settings):
    settings.OUTBOUND_ALLOWED_PRIVATE = []
    with pytest.raises(http.BlockedAddress, match="внутреннюю сеть"):
        http.get("http://localhost:9/", mode="monitor")


def test_api_mode_needs_the_allow_list(settings):
    settings.OUTBOUND_API_HOSTS = ["api.vk.com"]
    with pytest.raises(http.BlockedAddress, match="не входит в список разрешённых API"):
        http.get("https://evil.example/method", mode="api")


def test_only_http_schemes(fake):
    with pytest.raises(http.BlockedAddress, match="только адреса http"):
        http.get("file:///etc/passwd", mode="monitor")


def test_redirect_loop_is_bounded(fake, settings):
    settings.OUTBOUND_MAX_REDIRECTS = 3
    fake.routes["/loop"] = lambda r: (302, {"Location": "/loop"}, b"")
    with pytest.raises(http.TooManyRedirects, match="больше 3"):
        http.get(fake.url + "/loop", mode="monitor")
    assert len(fake.requests) == 4


def test_huge_streamed_body_aborted(fake, settings):
    settings.OUTBOUND_MAX_BYTES = 100_000
    fake.routes["/huge"] = endless()
    with pytest.raises(http.ResponseTooLarge, match="больше допустимого"):
        http.get(fake.url + "/huge", mode="monitor")


def test_declared_huge_body_refused_before_reading(fake, settings):
    settings.OUTBOUND_MAX_BYTES = 1000
    fake.routes["/big"] = lambda r: (200, {}, b"x" * 5000)
    with pytest.raises(http.ResponseTooLarge):
        http.get(fake.url + "/big", mode="monitor")


def test_slow_answer_times_out_after_retries(fake, settings):
    settings.OUTBOUND_TIMEOUT_SECONDS = 0.3
    settings.OUTBOUND_RETRIES = 1
    fake.routes["/slow"] = slow(1.5)
    with pytest.raises(http.TransientError, match="не ответил вовремя"):
        http.get(fake.url + "/slow", mode="monitor")
    assert len(fake.requests) == 2


def test_transient_5xx_retried_then_succeeds(fake):
    answers = iter([(503, {}, b"busy"), (200, {}, b"ok")])
    fake.routes["/flaky"] = lambda r: next(answers)
    assert http.get(fake.url + "/flaky", mode="monitor").content == b"ok"
    assert len(fake.requests) == 2
