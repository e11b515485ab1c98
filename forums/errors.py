"""The exception the forum services raise: a stable code, a plain-English message, maybe a field."""

from community.errors import CommunityError


class ForumError(CommunityError):
    pass
