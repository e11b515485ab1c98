"""Who may do what with support requests, the directory and an organisation's helpers: one
predicate per rule, used by the services, the pages and the API alike.

A "helper" is a trained advisor or planning partner: an active trained role from a verified
organisation (Membership.objects.trained(), the same rule as the public badges), on an open
account. Site admins and moderators get no look at requests: they are private to the member,
the people they were sent to and that organisation's staff. A request an advisor handed over
is the staff's alone until they give it to someone: the team no longer sees it. A request a
moderator hid (or that reports held) is the member's and the staff's alone: no helper sees it.
"""

from typing import TypeGuard

from community.models import Membership, Organisation, User
from community.permissions import Person, is_moderator, is_organisation_staff, is_signed_in
from community.safety.selectors import is_blocked_between
from community.safety.visibility import Visibility
from community.support.models import Listing, SupportRequest

OPEN = SupportRequest.State.OPEN
ACCEPTED = SupportRequest.State.ACCEPTED
CLOSED = SupportRequest.State.CLOSED
EXPIRED = SupportRequest.State.EXPIRED
WITHDRAWN = SupportRequest.State.WITHDRAWN


def is_helper(person: Person | None) -> TypeGuard[User]:
    # TypeGuard, not TypeIs: a signed-in person who is no helper is still a User.
    return is_signed_in(person) and Membership.objects.trained().filter(person=person).exists()


def is_helper_of(person: Person | None, organisation: Organisation | None) -> bool:
    """A trained role at this organisation in particular."""
    if organisation is None or not is_signed_in(person):
        return False
    return Membership.objects.trained().filter(person=person, organisation=organisation).exists()


def _listing(person: User) -> Listing | None:
    # Read fresh, not from a cached relation: staff may have paused them a moment ago.
    return Listing.objects.filter(person=person).first()


def is_paused(listing: Listing | None) -> bool:
    """Paused by themselves or by an organisation's staff: either way, no new requests."""
    return listing is not None and (listing.paused or listing.paused_by_organisation_id is not None)


def takes_requests(person: Person | None) -> bool:
    """A helper who has not paused (nor been paused). Needs no listing: the defaults take."""
    return is_helper(person) and not is_paused(_listing(person))


def is_in_directory(person: Person | None) -> bool:
    """Listed unless they chose not to be (no listing yet counts as listed), and not paused
    either way."""
    if not is_helper(person):
        return False
    listing = _listing(person)
    return listing is None or (listing.listed and not is_paused(listing))


def can_be_asked(person: Person | None) -> bool:
    """Whether a member may send a request to this person by name: the directory's own rule, so
    whoever the directory shows can be asked and nobody it hides can (an unlisted helper still
    takes requests their team or their staff pass them)."""
    return is_in_directory(person)


def can_ask_for_help(person: Person | None) -> bool:
    return is_signed_in(person)


def _is_member(person: Person | None, request: SupportRequest) -> bool:
    return is_signed_in(person) and request.member_id == person.pk


def _is_advisor(person: Person | None, request: SupportRequest) -> bool:
    return is_signed_in(person) and request.advisor_id == person.pk


def is_with_the_staff(request: SupportRequest) -> bool:
    """Handed over and not yet given to anyone: only the organisation's staff deal with it. The
    team does not see it: the note may be a safeguarding worry about the member."""
    return request.state == OPEN and request.advisor_id is None and bool(request.handed_over)


def _waiting_for_the_team(request: SupportRequest) -> bool:
    """Sent to the team, nobody has it yet, and no advisor handed it to the staff."""
    return request.state == OPEN and request.advisor_id is None and not request.handed_over


def is_shown_to_helpers(request: SupportRequest) -> bool:
    """Not hidden or held by moderation."""
    return request.visibility == Visibility.SHOWN


def can_see_request(viewer: Person | None, request: SupportRequest) -> bool:
    if not is_signed_in(viewer):
        return False
    if _is_member(viewer, request):
        return True
    if _is_advisor(viewer, request) and is_shown_to_helpers(request):
        return True
    organisation = request.organisation
    if organisation is None:
        return False
    if (
        _waiting_for_the_team(request)
        and is_shown_to_helpers(request)
        and is_helper_of(viewer, organisation)
    ):
        # Any helper of the team may take it, unless the two are kept apart.
        return not is_blocked_between(viewer.pk, request.member_id)
    return is_organisation_staff(viewer, organisation)


def can_accept_request(person: Person | None, request: SupportRequest) -> bool:
    if not is_signed_in(person) or request.state != OPEN or _is_member(person, request):
        return False
    if not is_shown_to_helpers(request):
        return False
    if request.advisor_id is not None:
        if not _is_advisor(person, request):
            return False
    elif not _waiting_for_the_team(request) or not is_helper_of(person, request.organisation):
        return False  # a handed-over request waits for the staff to give it to someone
    return takes_requests(person) and not is_blocked_between(person.pk, request.member_id)


def can_withdraw_request(person: Person | None, request: SupportRequest) -> bool:
    return _is_member(person, request) and request.state in (OPEN, ACCEPTED)


def can_close_request(person: Person | None, request: SupportRequest) -> bool:
    return request.state == ACCEPTED and (
        _is_member(person, request)
        or (_is_advisor(person, request) and is_shown_to_helpers(request))
    )


def can_hand_over_request(person: Person | None, request: SupportRequest) -> bool:
    return (
        _is_advisor(person, request)
        and is_shown_to_helpers(request)
        and request.state in (OPEN, ACCEPTED)
        and request.organisation_id is not None
    )


def can_reassign_request(person: Person | None, request: SupportRequest) -> bool:
    # Only the organisation's staff: the people who may see the request (site admins may not).
    if request.state not in (OPEN, ACCEPTED):
        return False
    organisation = request.organisation
    return organisation is not None and is_organisation_staff(person, organisation)


def can_remove_request(person: Person | None, request: SupportRequest) -> bool:
    """Ending a request through moderation: moderators, and its organisation's staff. Moderators
    act from the case (they do not read the request page)."""
    if is_moderator(person):
        return True
    organisation = request.organisation
    return organisation is not None and is_organisation_staff(person, organisation)


def can_see_hand_over_note(viewer: Person | None, request: SupportRequest) -> bool:
    """Why it was handed over, and the note: for the staff who follow it up and the advisor who
    wrote it, never the member it may be about, nor a helper it is given to later."""
    if not request.handed_over or not is_signed_in(viewer) or _is_member(viewer, request):
        return False
    if request.handed_over_by_id == viewer.pk:
        return can_see_request(viewer, request)
    organisation = request.organisation
    return organisation is not None and is_organisation_staff(viewer, organisation)


def can_send_again(person: Person | None, request: SupportRequest) -> bool:
    """The member, once, from a request that expired or that they withdrew."""
    return (
        _is_member(person, request)
        and request.state in (EXPIRED, WITHDRAWN)
        and request.sent_again_as_id is None
    )


def can_answer_did_it_help(person: Person | None, request: SupportRequest) -> bool:
    return _is_member(person, request) and request.state == CLOSED


def can_see_organisation_support(person: Person | None, organisation: Organisation) -> bool:
    # Staff only: the page lists the organisation's open and accepted requests, and site admins
    # may not read requests any more than moderators may.
    return is_organisation_staff(person, organisation)


def can_pause_helper(person: Person | None, organisation: Organisation, helper: User) -> bool:
    return is_organisation_staff(person, organisation) and is_helper_of(helper, organisation)
