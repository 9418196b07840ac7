import pytest

from tests.integrations.fakes import FakeServer


@pytest.fixture
def fake(settings):
    """A local fake server the portal may call (its exact host:port is allowed), with the VK and
    Telegram clients pointed at it."""
    server = FakeServer().start()
    settings.OUTBOUND_ALLOWED_PRIVATE = [f"127.0.0.1:{server.port}"]
    settings.OUTBOUND_API_HOSTS = []
    settings.OUTBOUND_BACKOFF_SECONDS = 0.01
    settings.OUTBOUND_MAX_RETRY_AFTER_SECONDS = 0.05
    settings.OUTBOUND_TIMEOUT_SECONDS = 2
    settings.VK_API_URL = server.url + "/vk/method/"
    settings.TELEGRAM_API_URL = server.url + "/tg/"
    settings.VK_SERVICE_TOKEN = "service-token"
    settings.TELEGRAM_BOT_TOKEN = "123:bot"
    yield server
    server.stop()
