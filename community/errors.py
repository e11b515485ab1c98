"""The exception the community services raise: a stable code and a plain-English message."""


class CommunityError(Exception):
    """A rule said no. `code` is stable for API clients; `message` is shown to people."""

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotAllowed(CommunityError):
    def __init__(self, message: str = "You do not have permission to do that."):
        super().__init__("not_allowed", message)
