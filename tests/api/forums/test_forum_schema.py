"""Every forum endpoint is in the OpenAPI schema, and the schema validates."""

from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

FORUM_OPERATIONS = {
    ("/api/v1/forums/categories/", "get"),
    ("/api/v1/forums/categories/{slug}/", "get"),
    ("/api/v1/forums/categories/{slug}/watch/", "put"),
    ("/api/v1/forums/categories/{slug}/watch/", "delete"),
    ("/api/v1/forums/topics/", "get"),
    ("/api/v1/forums/topics/", "post"),
    ("/api/v1/forums/topics/{id}/", "get"),
    ("/api/v1/forums/topics/{id}/posts/", "get"),
    ("/api/v1/forums/topics/{id}/posts/", "post"),
    ("/api/v1/forums/topics/{id}/watch/", "put"),
    ("/api/v1/forums/topics/{id}/watch/", "delete"),
    ("/api/v1/forums/topics/{id}/read/", "post"),
    ("/api/v1/forums/topics/{id}/answer/", "delete"),
    ("/api/v1/forums/topics/{id}/answering/", "get"),
    ("/api/v1/forums/topics/{id}/answering/", "post"),
    ("/api/v1/forums/topics/{id}/answering/", "delete"),
    ("/api/v1/forums/topics/{id}/draft/", "get"),
    ("/api/v1/forums/topics/{id}/draft/", "put"),
    ("/api/v1/forums/topics/{id}/draft/", "delete"),
    ("/api/v1/forums/posts/{id}/", "get"),
    ("/api/v1/forums/posts/{id}/", "patch"),
    ("/api/v1/forums/posts/{id}/", "delete"),
    ("/api/v1/forums/posts/{id}/history/", "get"),
    ("/api/v1/forums/posts/{id}/helped/", "post"),
    ("/api/v1/forums/posts/{id}/helped/", "delete"),
    ("/api/v1/forums/posts/{id}/accept/", "post"),
    ("/api/v1/forums/drafts/new-topic/", "get"),
    ("/api/v1/forums/drafts/new-topic/", "put"),
    ("/api/v1/forums/drafts/new-topic/", "delete"),
    ("/api/v1/forums/search/", "get"),
    ("/api/v1/forums/similar/", "get"),
    ("/api/v1/forums/waiting-for-advisor/", "get"),
    ("/api/v1/forums/council-decisions/", "get"),
    ("/api/v1/forums/topics/{id}/council-decision/", "get"),
    ("/api/v1/forums/topics/{id}/council-decision/", "post"),
    ("/api/v1/forums/topics/{id}/council-decision/", "patch"),
    ("/api/v1/forums/topics/{id}/council-decision/", "delete"),
}


def test_every_forum_endpoint_is_in_the_valid_schema(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate(schema)
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    forum_operations = {(path, method) for path, method in operations if "/forums/" in path}
    assert forum_operations == FORUM_OPERATIONS
