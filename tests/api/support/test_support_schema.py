"""Every connecting-people endpoint is in the OpenAPI schema, and the schema validates."""

from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

REQUEST = "/api/v1/support-requests/{id}"
PLAN = "/api/v1/plans/{id}"
SUPPORT_OPERATIONS = {
    ("/api/v1/advisors/", "get"),
    ("/api/v1/support-requests/", "get"),
    ("/api/v1/support-requests/", "post"),
    (f"{REQUEST}/", "get"),
    *{
        (f"{REQUEST}/{action}/", "post")
        for action in (
            "accept",
            "withdraw",
            "close",
            "hand-over",
            "reassign",
            "did-it-help",
            "send-again",
        )
    },  # fmt: skip
    ("/api/v1/my-help/", "get"),
    ("/api/v1/my-help/listing/", "get"),
    ("/api/v1/my-help/listing/", "put"),
    ("/api/v1/organisations/{slug}/support/", "get"),
    ("/api/v1/organisations/{slug}/support/{person_id}/pause/", "post"),
    ("/api/v1/organisations/{slug}/support/{person_id}/resume/", "post"),
    ("/api/v1/plans/", "get"),
    ("/api/v1/plans/", "post"),
    (f"{PLAN}/", "get"),
    (f"{PLAN}/sections/{{part}}/", "put"),
    (f"{PLAN}/sections/{{part}}/history/", "get"),
    (f"{PLAN}/comments/", "post"),
    (f"{PLAN}/comments/{{comment_id}}/resolve/", "post"),
    (f"{PLAN}/shares/", "get"),
    (f"{PLAN}/shares/", "post"),
    (f"{PLAN}/shares/{{person_id}}/", "delete"),
    (f"{PLAN}/partner/", "put"),
    (f"{PLAN}/partner/", "delete"),
    (f"{PLAN}/organisation-access/", "put"),
    (f"{PLAN}/sessions/", "post"),
    (f"{PLAN}/sessions/{{session_id}}/cancel/", "post"),
}


def test_every_support_endpoint_is_in_the_valid_schema(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate(schema)
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    # That nothing else is new is tests/api/test_schema.py's check.
    assert operations >= SUPPORT_OPERATIONS
    tags = {
        tag for path, method in SUPPORT_OPERATIONS for tag in schema["paths"][path][method]["tags"]
    }
    assert tags == {"support"}


def test_every_request_and_plan_address_documents_its_404(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    for path, method in SUPPORT_OPERATIONS:
        if "{id}" in path:
            assert "404" in schema["paths"][path][method]["responses"], (path, method)
