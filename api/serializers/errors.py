"""The shape of every error body, for the schema (api.errors builds the real ones)."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: `not_found`, `invalid`, ...")
    detail = serializers.CharField(help_text="Plain English, for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Only when particular inputs need correcting: messages by field name.",
    )


MEANINGS = {
    400: (
        "Something sent needs correcting (`invalid`, `parse_error`, `json_too_deep`, "
        "`nul_character` or a rule's own code)."
    ),
    401: "Not signed in (`not_authenticated`, `authentication_failed`).",
    403: "Signed in but not allowed (`not_allowed`, `permission_denied`).",
    404: "No such thing (`not_found`).",
    429: (
        "Too many requests (`throttled`), or too many of one thing in a short time "
        "(`too_fast`, `too_many_password_guesses`); see the Retry-After header."
    ),
    503: "The database is out of reach for a moment (`try_again_later`); see Retry-After.",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=MEANINGS[code]) for code in statuses}
