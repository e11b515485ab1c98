"""Support's refusals: a stable code for clients and a plain-English message for people.

Permission refusals use community.errors.NotAllowed (code "not_allowed"); everything else a
SupportError with one of: not_a_helper, paused, not_listed, wrong_state, no_one_to_send_to,
unknown_postcode, blocked, not_partner, invalid_time, not_found.
"""

from community.errors import CommunityError, NotAllowed

__all__ = ["NotAllowed", "SupportError"]


class SupportError(CommunityError):
    pass
