"""A real broker for the tests of background jobs: a Redis of the test's own on a free port,
started when the test says (until then the broker URL points at a port where nothing listens,
like a broker that is down), and Celery switched from eager to real publishing meanwhile."""

import shutil
import socket
import subprocess
import time

import pytest

from portal.celery import app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, message, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(message)


def start_redis(port: int) -> subprocess.Popen:
    """A Redis of the test's own on ``port`` (nothing on disk), once it answers."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed for the outage tests")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
    )

    def answers():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_for(answers, "redis-server did not start", seconds=10)
    return process


@pytest.fixture
def broker(settings):
    """CELERY_BROKER_URL on a port of our own where nothing listens yet, and a function that
    starts Redis there."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    settings.CELERY_BROKER_URL = url
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    app._after_fork()  # forget connections made with the eager settings
    processes = []

    def start():
        processes.append(start_redis(port))

    try:
        yield start
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        app.conf.update(saved)
        app._after_fork()
