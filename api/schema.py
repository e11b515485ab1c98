"""What drf-spectacular cannot see for itself: the error answers every paginated list can give,
whichever view it is (see api.pagination), and the 400 and 503 any operation can give."""

from api.serializers.errors import MEANINGS

ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
# The query parameter a list takes -> the error statuses it can cause.
LIST_ERRORS = {"page": (400, 404), "cursor": (404,)}


def document_list_errors(result, generator, request, public):
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for status in _list_errors(operation):
                operation["responses"].setdefault(
                    str(status), {"content": ERROR_BODY, "description": MEANINGS[status]}
                )
    return result


def _list_errors(operation: dict) -> set[int]:
    names = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    return {status for name in names & LIST_ERRORS.keys() for status in LIST_ERRORS[name]}


def document_try_again_later(result, generator, request, public):
    """drf-spectacular post-processing hook: any operation answers 503 `try_again_later` while
    the database is out of reach (api.errors)."""
    return _on_every_operation(result, 503)


def document_refused_characters(result, generator, request, public):
    """drf-spectacular post-processing hook: any operation answers 400 `nul_character` when its
    address or query holds a NUL character (config.middleware.RefuseNulCharacters)."""
    return _on_every_operation(result, 400)


def _on_every_operation(result, status: int):
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            operation["responses"].setdefault(
                str(status), {"content": ERROR_BODY, "description": MEANINGS[status]}
            )
    return result
