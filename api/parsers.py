"""Reading JSON request bodies. DRF's parser turns malformed JSON into a 400, but JSON nested
deeper than Python's recursion limit (`[[[[...`) raises RecursionError, which would be a 500."""

from rest_framework import exceptions, parsers

TOO_DEEP = "What was sent is nested too deeply for us to read. Send a simpler JSON body."


class JSONTooDeep(exceptions.ParseError):
    default_code = "json_too_deep"
    default_detail = TOO_DEEP


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise JSONTooDeep() from error
