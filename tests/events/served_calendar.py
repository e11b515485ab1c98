"""A calendar file served over real HTTP from a thread on this machine, for the tests that read
a calendar from its web address (no mocks: urllib, sockets and redirects are the real ones)."""

import http.server
import ssl
import threading
import time


class ServedCalendar:
    """A calendar file on a real HTTP server in a thread; `body` can change between reads.
    /moved.ics redirects to ftp://, /slow.ics sends a byte every tenth of a second. With `tls`
    (a server context) it is served over HTTPS."""

    def __init__(self, body: str, *, tls: ssl.SSLContext | None = None) -> None:
        self.body = body
        self.hosts: list[str | None] = []  # the Host header of each request, in order
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — the standard library's name
                served.hosts.append(self.headers.get("Host"))
                if self.path == "/slow.ics":
                    self._trickle()
                    return
                if self.path == "/moved.ics":
                    self.send_response(302)
                    # urllib itself would follow ftp://; our own check must refuse it.
                    self.send_header("Location", "ftp://127.0.0.1/private.ics")
                    self.end_headers()
                    return
                data = served.body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _trickle(self):
                """A calendar that never finishes: a byte every tenth of a second."""
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.end_headers()
                try:
                    for _ in range(600):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.1)
                except OSError:  # the reader gave up: that is the point
                    return

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        scheme = "https" if tls else "http"
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.address = f"{scheme}://127.0.0.1:{self.port}/programme.ics"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
