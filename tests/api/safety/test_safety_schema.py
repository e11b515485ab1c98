"""Every reporting and moderation endpoint is in the OpenAPI schema, and the schema validates."""

from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

SAFETY_OPERATIONS = {
    ("/api/v1/reports/", "get"),
    ("/api/v1/reports/", "post"),
    ("/api/v1/moderation/cases/", "get"),
    ("/api/v1/moderation/cases/{id}/", "get"),
    ("/api/v1/moderation/cases/{id}/actions/", "post"),
    ("/api/v1/moderation/people/{id}/actions/", "post"),
    ("/api/v1/moderation/audit-log/", "get"),
}


def test_every_safety_endpoint_is_in_the_valid_schema(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate(schema)
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert operations >= SAFETY_OPERATIONS
    tags = {
        tag for path, method in SAFETY_OPERATIONS for tag in schema["paths"][path][method]["tags"]
    }
    assert tags == {"safety"}
