"""The OpenAPI schema is complete and valid, and the docs pages load only our own files."""

import re

from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

from tests.api.chat.test_chat_schema import CHAT_OPERATIONS
from tests.api.forums.test_forum_schema import FORUM_OPERATIONS
from tests.api.safety.test_safety_schema import SAFETY_OPERATIONS
from tests.api.support.test_support_schema import SUPPORT_OPERATIONS

CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs", "fonts.googleapis.com", "fonts.gstatic")

EXPECTED_OPERATIONS = {
    ("/api/v1/me/", "get"),
    ("/api/v1/me/", "patch"),
    ("/api/v1/people/{id}/", "get"),
    ("/api/v1/organisations/", "get"),
    ("/api/v1/organisations/{slug}/", "get"),
    ("/api/v1/organisations/{slug}/", "patch"),
    ("/api/v1/organisations/{organisation_slug}/memberships/", "get"),
    ("/api/v1/organisations/{organisation_slug}/memberships/", "post"),
    ("/api/v1/organisations/{organisation_slug}/memberships/{id}/", "delete"),
    ("/api/v1/advisors/", "get"),
    ("/api/v1/notifications/", "get"),
    ("/api/v1/notifications/mark-read/", "post"),
    ("/api/v1/auth/token/", "post"),
    ("/api/v1/auth/token/", "delete"),
}

EVENT_OPERATIONS = {
    ("/api/v1/access-requests/", "get"),
    ("/api/v1/access-requests/{id}/answer/", "post"),
    ("/api/v1/bookings/", "get"),
    ("/api/v1/bookings/", "post"),
    ("/api/v1/bookings/{id}/cancel/", "post"),
    ("/api/v1/bookings/{id}/", "patch"),
    ("/api/v1/calendar-feed/", "get"),
    ("/api/v1/calendar-feed/", "post"),
    ("/api/v1/events/", "get"),
    ("/api/v1/events/", "post"),
    ("/api/v1/events/{slug}/", "get"),
    ("/api/v1/events/{slug}/", "patch"),
    ("/api/v1/events/{slug}/cancel/", "post"),
    ("/api/v1/events/{slug}/dates/", "post"),
    ("/api/v1/events/{slug}/publish/", "post"),
    ("/api/v1/events/{slug}/series/", "post"),
    ("/api/v1/events/{slug}/series/change/", "post"),
    ("/api/v1/events/{slug}/series/end/", "post"),
    ("/api/v1/events/{slug}/series/skip/", "post"),
    ("/api/v1/occurrences/", "get"),
    ("/api/v1/occurrences/{id}/", "get"),
    ("/api/v1/occurrences/{id}/", "patch"),
    ("/api/v1/occurrences/{id}/cancel/", "post"),
    ("/api/v1/occurrences/{id}/move/", "post"),
    ("/api/v1/occurrences/{id}/note/", "post"),
    ("/api/v1/occurrences/{id}/theme/", "patch"),
    ("/api/v1/occurrences/{id}/bookings/", "post"),
    ("/api/v1/hosting/", "get"),
    ("/api/v1/occurrences/{id}/walk-ins/", "post"),
    ("/api/v1/occurrences/{id}/register/", "get"),
    ("/api/v1/occurrences/{id}/register.csv", "get"),
    ("/api/v1/occurrences/{id}/register/{booking_id}/", "patch"),
    ("/api/v1/waiting-list/", "get"),
    ("/api/v1/waiting-list/{id}/", "delete"),
    ("/api/v1/waiting-list/{id}/accept/", "post"),
    ("/api/v1/waiting-list/{id}/decline/", "post"),
}


def test_generated_schema_is_valid_openapi_and_has_every_endpoint(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate(schema)
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    # Exactly these: a new endpoint must be added here, so none slips in undocumented.
    assert operations == (
        EXPECTED_OPERATIONS
        | EVENT_OPERATIONS
        | FORUM_OPERATIONS
        | CHAT_OPERATIONS
        | SUPPORT_OPERATIONS
        | SAFETY_OPERATIONS
    )


def test_schema_is_served_as_json(client, db):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    validate(response.json())


def test_swagger_docs_load_only_local_static_files(client, db):
    page = client.get("/api/docs/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert not any(host in html for host in CDN_HOSTS)
    # No inline script or style: the page must work under our CSP (script-src 'self').
    assert re.search(r"<script>", html) is None
    assert "<style" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(src.startswith("/") for src in sources)

    script_url = next(src for src in sources if "script=" in src)
    script = client.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_redoc_loads_only_local_static_files(client, db):
    page = client.get("/api/redoc/")

    html = page.content.decode()
    assert page.status_code == 200
    assert not any(host in html for host in CDN_HOSTS)
    assert re.search(r"<script>", html) is None
    assert 'spec-url="/api/schema/"' in html
    # Redoc injects its own styles, so that page alone relaxes style-src; scripts stay strict.
    policy = dict(
        directive.strip().split(" ", 1) for directive in page["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
