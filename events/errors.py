"""The exceptions the events services raise. The API and the pages already turn any
CommunityError into `{"code", "detail"}` or a message next to the field."""

from community.errors import CommunityError


class EventError(CommunityError):
    """Something about creating or changing an event, a series or a date."""


class BookingError(CommunityError):
    """A booking, cancellation or waiting-list request the rules do not allow."""


class RegisterError(CommunityError):
    """Marking attendance or adding walk-ins."""


class ImportFileError(CommunityError):
    """An .ics file that cannot be imported."""
