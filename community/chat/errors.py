"""The chat's refusals: a stable code for clients and a plain-English message for people."""

from community.errors import CommunityError


class ChatError(CommunityError):
    pass
