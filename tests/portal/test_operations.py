"""Operations: request ids in log lines and on the 500 page, error reporting by settings."""

import gzip
import http.server
import json
import logging
import threading

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils.module_loading import import_string

from portal.errors import init_error_reporting, parse_admins
from portal.request_context import choose_request_id
from portal.views import server_error

pytestmark = pytest.mark.urls("tests.portal.error_urls")


@pytest.fixture
def log_lines():
    """The site's own LOGGING formatter and filter, writing into a list."""
    lines = []

    class ListHandler(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    config = settings.LOGGING
    handler = ListHandler()
    handler.setFormatter(logging.Formatter(config["formatters"]["line"]["format"]))
    handler.addFilter(import_string(config["filters"]["request_id"]["()"])())
    logger = logging.getLogger("portal.tests")
    # A real Celery worker started by an earlier test reconfigures logging (it may disable
    # existing loggers); this test reads the site's own format, whatever ran before it.
    disabled, level = logger.disabled, logger.level
    logger.disabled = False
    logger.setLevel(logging.INFO)
    logging.disable(logging.NOTSET)
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)
    logger.disabled, logger.level = disabled, level


def test_log_line_has_time_level_logger_and_request_id(db, log_lines):
    response = Client().get("/test/logs/", headers={"X-Request-ID": "proxy-id-12345678"})
    assert response["X-Request-ID"] == "proxy-id-12345678"
    (line,) = log_lines
    # 2026-12-01 21:00:00,123 WARNING portal.tests [proxy-id-12345678] Проверка журнала
    date, time, level, name, request_id, message = line.split(" ", 5)
    assert len(date) == 10 and date[4] == "-" and time.count(":") == 2
    assert (level, name, request_id, message) == (
        "WARNING",
        "portal.tests",
        "[proxy-id-12345678]",
        "Проверка журнала",
    )


def test_log_outside_a_request_has_a_dash(log_lines):
    logging.getLogger("portal.tests").warning("Без запроса")
    assert " [-] Без запроса" in log_lines[0]


def test_unsafe_incoming_request_id_is_replaced(db):
    response = Client().get("/test/logs/", headers={"X-Request-ID": "bad id\r\nX: y"})
    assert response["X-Request-ID"] != "bad id\r\nX: y"
    assert len(response["X-Request-ID"]) == 32
    assert choose_request_id("<script>alert(1)</script>") != "<script>alert(1)</script>"
    assert choose_request_id("a" * 65) != "a" * 65
    assert choose_request_id("short") != "short"


def test_500_page_is_honest_and_shows_the_request_id(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test/fails/", headers={"X-Request-ID": "incident-2026-0001"})
    page = response.content.decode()
    assert response.status_code == 500
    assert response["X-Request-ID"] == "incident-2026-0001"
    assert '<code id="request-id" class="fs-6 user-select-all">incident-2026-0001</code>' in page
    assert "Ошибка на сервере" in page
    assert "Мы уже знаем" not in page


def test_500_page_renders_without_the_database():
    # No db fixture: any query here would raise pytest-django's "Database access not allowed".
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Номер запроса" in response.content.decode()


def test_admins_from_the_environment_form():
    assert parse_admins("Иван Петров <ivan@example.org>, ops@example.org,, bad") == [
        ("Иван Петров", "ivan@example.org"),
        ("ops@example.org", "ops@example.org"),
    ]
    assert parse_admins("") == []


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        type(self).received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Collector.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # an inactive client again for the following tests


def test_sentry_is_started_only_with_a_dsn(sentry_server):
    assert init_error_reporting(dsn="", environment="test") is False
    assert not sentry_sdk.get_client().is_active()

    port = sentry_server.server_address[1]
    started = init_error_reporting(
        dsn=f"http://publickey@127.0.0.1:{port}/7", environment="staging", release="portal@1.2"
    )
    assert started is True and sentry_sdk.get_client().is_active()
    try:
        raise RuntimeError("Проверка отправки ошибки")
    except RuntimeError as error:
        sentry_sdk.capture_exception(error)
    sentry_sdk.flush(timeout=5)
    (path, body), *_ = _Collector.received
    assert path == "/api/7/envelope/"
    event = json.loads(body.splitlines()[2])
    assert event["environment"] == "staging" and event["release"] == "portal@1.2"
    assert event["exception"]["values"][0]["value"] == "Проверка отправки ошибки"
    assert event["tags"]["request_id"] == "-"
