"""A calendar file served over real HTTP from a thread on this machine, for the tests that read
a calendar from its web address (no mocks: urllib, sockets and redirects are the real ones)."""

import http.server
import threading


class ServedCalendar:
    """A calendar file on a real HTTP server in a thread; `body` can change between reads."""

    def __init__(self, body: str) -> None:
        self.body = body
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — the standard library's name
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

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"http://127.0.0.1:{self.server.server_port}/programme.ics"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
