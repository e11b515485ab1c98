"""Every chat endpoint is in the OpenAPI schema, and the schema validates."""

from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

CHAT_OPERATIONS = {
    ("/api/v1/chat/rooms/", "get"),
    ("/api/v1/chat/rooms/", "post"),
    ("/api/v1/chat/rooms/{id}/", "get"),
    ("/api/v1/chat/rooms/{id}/messages/", "get"),
    ("/api/v1/chat/rooms/{id}/messages/", "post"),
    ("/api/v1/chat/rooms/{id}/read/", "post"),
    ("/api/v1/chat/rooms/{id}/mute/", "post"),
    ("/api/v1/chat/rooms/{id}/queue/", "get"),
    ("/api/v1/chat/rooms/{id}/queue/", "post"),
    ("/api/v1/chat/rooms/{id}/queue/", "delete"),
    ("/api/v1/chat/rooms/{id}/queue/take/", "post"),
    ("/api/v1/chat/messages/{id}/", "patch"),
    ("/api/v1/chat/messages/{id}/", "delete"),
    ("/api/v1/chat/conversations/", "post"),
    ("/api/v1/chat/conversations/{id}/hand-on/", "post"),
    ("/api/v1/chat/drop-ins/{occurrence_id}/", "get"),
    ("/api/v1/blocks/", "get"),
    ("/api/v1/blocks/", "post"),
    ("/api/v1/blocks/{person_id}/", "delete"),
}


def test_every_chat_endpoint_is_in_the_valid_schema_and_nothing_else_is_new(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate(schema)
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    # That nothing else is new is tests/api/test_schema.py's check.
    assert operations >= CHAT_OPERATIONS
    chat_tags = {
        tag
        for path, item in schema["paths"].items()
        if "/chat/" in path or "/blocks/" in path
        for operation in item.values()
        for tag in operation["tags"]
    }
    assert chat_tags == {"chat"}


def test_a_message_in_the_schema_has_the_websocket_frames_fields(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    message = schema["components"]["schemas"]["Message"]["properties"]
    assert set(message) == {
        "type",
        "id",
        "room",
        "author",
        "body_html",
        "created",
        "edited",
        "removed",
        "client_id",
        "visibility",
    }
    sent = schema["components"]["schemas"]["SentMessage"]["properties"]
    assert set(sent) == set(message) | {"urgent_help"}
