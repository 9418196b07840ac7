"""A local HTTP server (127.0.0.1, random port) answering like VK, Telegram and hospital sites.

Routes are a dict {path: handler}; a handler gets the request (path, query, form) and returns
(status, headers, body) or a callable streaming body. Every request is recorded."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeServer:
    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                form = {}
                if "x-www-form-urlencoded" in self.headers.get("content-type", ""):
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                request = {
                    "path": parts.path,
                    "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    "form": form,
                    "raw": raw,
                    "headers": dict(self.headers),
                }
                server.requests.append(request)
                handler = server.routes.get(parts.path)
                if handler is None:
                    status, headers, body = 404, {}, b"not found"
                else:
                    status, headers, body = handler(request)
                if isinstance(body, (dict, list)):
                    body = json.dumps(body).encode()
                    headers = {"Content-Type": "application/json", **headers}
                elif isinstance(body, str):
                    body = body.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if callable(body):
                    self.end_headers()
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        body(self.wfile)
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def json_answer(payload, status=200, headers=None):
    return lambda request: (status, headers or {}, payload)


def slow(seconds, payload="late"):
    def handler(request):
        time.sleep(seconds)
        return 200, {}, payload

    return handler


def endless(chunk=b"x" * 65536):
    """A body that never ends (no Content-Length): the client must stop reading."""

    def body(wfile):
        for _ in range(10_000):
            wfile.write(chunk)

    return lambda request: (200, {"Content-Type": "text/html"}, body)
