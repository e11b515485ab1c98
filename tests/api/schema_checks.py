"""The API's own OpenAPI schema, loaded by schemathesis from /api/schema/ and served by the real
app in-process (WSGI), and the checks every answer must pass: never a server error, a documented
status, the documented content type and a body that matches the documented shape."""

from contextlib import contextmanager

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@contextmanager
def served_in_test_transaction():
    """Requests share the test's transaction, as with Django's own test client: a request must
    not close the connection (PostgreSQL with a pool would hand it back mid-test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def load_schema():
    """Inside served_in_test_transaction(), with the database (the schema is served)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", _served(WSGIHandler()))
    return schema


def _served(app):
    """As a WSGI server passes requests: werkzeug's test client leaves out the client's address,
    which the password-guess limits need."""

    def application(environ, start_response):
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")
        return app(environ, start_response)

    return application
