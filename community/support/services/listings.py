"""What a helper shows in the directory, and pausing: by themselves (still listed, no new
requests) or by their organisation's staff (not listed, nothing new until staff resume)."""

from django.db import transaction

from community.areas import AREA_NAMES
from community.errors import HIDDEN_CHARACTER, NotAllowed
from community.languages import LANGUAGE_NAMES
from community.models import Organisation, Theme, User
from community.services.audit import record
from community.support.errors import SupportError
from community.support.models import AVAILABILITY_MAX, PAUSED_REASON_MAX, Listing, WayToTalk
from community.support.permissions import can_pause_helper, is_helper


def listing_for(person: User) -> Listing:
    """The person's one listing, made with the defaults on first use: the one place it is made."""
    listing, _ = Listing.objects.get_or_create(person=person)
    return listing


def _must_be_helper(person: User) -> None:
    if not is_helper(person):
        raise SupportError(
            "not_a_helper",
            "Only trained advisors and planning partners have a place in the directory.",
        )


def _codes(values, known, *, field: str, what: str) -> list[str]:
    """The chosen codes, each once, in the order given; an unknown one is refused by name."""
    chosen: list[str] = []
    for value in values:
        if value not in known:
            raise SupportError("invalid", f"Choose {what} from the list.", field=field)
        if value not in chosen:
            chosen.append(value)
    return chosen


def update_listing(
    *,
    person: User,
    listed: bool,
    specialisms: list[Theme],
    languages: list[str],
    areas: list[str],
    ways_to_talk: list[str],
    availability: str,
) -> Listing:
    _must_be_helper(person)
    languages = _codes(languages, LANGUAGE_NAMES, field="languages", what="languages")
    areas = _codes(areas, AREA_NAMES, field="areas", what="the areas you cover")
    ways = _codes(ways_to_talk, WayToTalk.values, field="ways_to_talk", what="ways to talk")
    availability = availability.strip()
    if "\x00" in availability:
        raise SupportError("invalid", HIDDEN_CHARACTER, field="availability")
    if len(availability) > AVAILABILITY_MAX:
        raise SupportError(
            "invalid",
            f"Keep this to {AVAILABILITY_MAX} characters or fewer.",
            field="availability",
        )
    with transaction.atomic():
        listing = listing_for(person)
        listing.listed = listed
        listing.languages = languages
        listing.areas = areas
        listing.ways_to_talk = ways
        listing.availability = availability
        # Only what this form changes: a pause by staff (or by the helper in another tab) made
        # since the listing was read is kept.
        listing.save(
            update_fields=[
                "listed",
                "languages",
                "areas",
                "ways_to_talk",
                "availability",
                "updated",
            ]
        )
        listing.specialisms.set(specialisms)
    # What is stored now, pauses included: the reply must not say "not paused" when staff
    # paused them between our read and our save.
    listing.refresh_from_db(fields=["paused", "paused_by_organisation", "paused_reason", "updated"])
    return listing


def set_paused(*, person: User, paused: bool) -> Listing:
    """The helper's own pause: they stay who they are, but nobody is offered to them."""
    _must_be_helper(person)
    listing = listing_for(person)
    if listing.paused != paused:
        listing.paused = paused
        listing.save(update_fields=["paused", "updated"])
    return listing


def _locked_listing(person: User) -> Listing:
    """The listing's row, locked: staff of two organisations acting at once go one at a time."""
    listing_for(person)
    return Listing.objects.select_for_update().get(person=person)


def pause_helper(
    *, staff: User, organisation: Organisation, helper: User, reason: str = ""
) -> Listing:
    """Staff stop one of their helpers taking requests. A pause another organisation made is
    left alone: only they know why, and only they can resume the person."""
    if not can_pause_helper(staff, organisation, helper):
        raise NotAllowed("Only the organisation's staff can pause one of its helpers.")
    with transaction.atomic():
        listing = _locked_listing(helper)
        if listing.paused_by_organisation_id not in (None, organisation.pk):
            raise SupportError(
                "paused",
                f"Another organisation has already paused {helper.display_name}. "
                "They stay paused until that organisation resumes them.",
            )
        listing.paused_by_organisation = organisation
        listing.paused_reason = reason.replace("\x00", "").strip()[:PAUSED_REASON_MAX]
        listing.save(update_fields=["paused_by_organisation", "paused_reason", "updated"])
        record(
            actor=staff,
            action="support.helper_paused",
            subject=listing,
            organisation=organisation,
            person=helper.pk,
        )
    return listing


def resume_helper(*, staff: User, organisation: Organisation, helper: User) -> Listing:
    if not can_pause_helper(staff, organisation, helper):
        raise NotAllowed("Only the organisation's staff can resume one of its helpers.")
    with transaction.atomic():
        listing = _locked_listing(helper)
        if listing.paused_by_organisation_id is None:
            return listing
        if listing.paused_by_organisation_id != organisation.pk:
            # Another organisation's decision is theirs to undo.
            raise NotAllowed("Another organisation paused this person. Only they can resume them.")
        listing.paused_by_organisation = None
        listing.paused_reason = ""
        listing.save(update_fields=["paused_by_organisation", "paused_reason", "updated"])
        record(
            actor=staff,
            action="support.helper_resumed",
            subject=listing,
            organisation=organisation,
            person=helper.pk,
        )
    return listing
