"""Staff finding the member they are booking a place for (someone who phoned) by the exact e-mail
address they were given. Accounts cannot be searched, and whether an address has one is for staff
only, so every look-up counts against a rate limit and every one that finds nobody is in the audit
log (that it missed, never the address)."""

from community.errors import NotAllowed
from community.models import User
from community.rate_limits import check_rate
from community.selectors import person_by_email
from community.services.audit import record
from events.errors import BookingError
from events.models import Occurrence
from events.permissions import can_book_for_someone

LOOKUP_MISSED = "events.booking_for_someone.lookup_missed"


def find_member_to_book(*, staff: User, occurrence: Occurrence, email: str) -> User:
    """The open account with exactly this address (capitals aside), for `book_for_someone`.
    Staff of the date's organisation only; raises RateLimited after too many look-ups and
    BookingError "no_account" (field "email") when no open account has the address."""
    if not can_book_for_someone(staff, occurrence):
        raise NotAllowed("Only the organisation's staff can book places for other people.")
    check_rate("account_lookup", person=staff)
    person = person_by_email(email=email)
    if person is None or not person.is_active:
        record(
            actor=staff,
            action=LOOKUP_MISSED,
            subject=occurrence,
            organisation=occurrence.event.organisation,
            account_closed=person is not None,
        )
        raise BookingError(
            "no_account",
            "No account has this e-mail address. Check it with them, or book by name.",
            field="email",
        )
    return person
