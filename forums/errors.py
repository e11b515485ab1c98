"""The exception the forum services raise: a stable code, a plain-English message, maybe a field."""

from community.errors import CommunityError, NotAllowed


class ForumError(CommunityError):
    pass


class TopicLocked(ForumError, NotAllowed):
    """A reply to a closed topic. A NotAllowed, so the API answers 403, with its own code."""

    def __init__(self):
        CommunityError.__init__(self, "topic_locked", "This topic is closed to new replies.")
