"""What the support pages share: a helper's card as the directory, their profile, My help and
the ask page show it (the codes a listing stores turned into the words people read, from what
the selectors already loaded), and whether the header shows "My help"."""

from dataclasses import dataclass, field

from django.core.cache import cache

from community.areas import AREA_NAMES
from community.languages import LANGUAGE_NAMES
from community.models import Membership, Theme, User
from community.services.memberships import roles_cache_key
from community.support import selectors
from community.support.models import Listing, WayToTalk
from community.support.permissions import is_helper, is_in_directory, is_paused
from events.models import Occurrence

WAY_NAMES = dict(WayToTalk.choices)


@dataclass
class HelperCard:
    person: User
    roles: list[Membership]
    listing: Listing | None
    specialisms: list[Theme] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    ways_to_talk: list[str] = field(default_factory=list)
    availability: str = ""
    next_drop_in: Occurrence | None = None


def _names(codes, names: dict[str, str]) -> list[str]:
    # A code no longer on the list (a council that merged) is left out rather than shown raw.
    return [names[code] for code in codes if code in names]


def card_for(person: User, next_drop_in: Occurrence | None = None) -> HelperCard:
    """`person` as directory() or helper_card() return them (roles and specialisms loaded)."""
    listing = selectors.listing_of(person)
    card = HelperCard(
        person=person,
        roles=list(getattr(person, "trained_roles", [])),
        listing=listing,
        next_drop_in=next_drop_in,
    )
    if listing is not None:
        card.specialisms = list(listing.specialisms.all())
        card.languages = _names(listing.languages, LANGUAGE_NAMES)
        card.areas = _names(listing.areas, AREA_NAMES)
        card.ways_to_talk = _names(listing.ways_to_talk, WAY_NAMES)
        card.availability = listing.availability
    return card


# How each thing selectors.match_score counts reads, said of the helper: the same words on My
# help ("Why it matches you") and in staff's list of whom to ask ("Jo — same topic, ...").
WAY_REASONS = {
    WayToTalk.CHAT: "chats here",
    WayToTalk.PHONE: "talks by phone",
    WayToTalk.IN_PERSON: "meets in person",
}


def match_reasons(listing: Listing | None, support_request) -> list[str]:
    """Why a helper suits a request, in words (selectors.matches_on decides what matches)."""
    return [
        _reason(match, support_request) for match in selectors.matches_on(listing, support_request)
    ]


def _reason(match: str, support_request) -> str:
    if match == "specialism":
        return "same topic"
    if match == "language":
        return f"uses {LANGUAGE_NAMES.get(support_request.language, support_request.language)}"
    if match == "area":
        return f"covers {AREA_NAMES.get(support_request.area, support_request.area)}"
    way = support_request.way_to_talk
    return WAY_REASONS.get(way, WAY_NAMES.get(way, way))


def profile_help(viewer, person) -> dict:
    """What a person's profile page shows of them as a helper: their card while they are in the
    directory (or paused, to say so), and whether the viewer can ask them for help. Nothing for
    someone who is not a helper, or who chose not to be listed."""
    if not getattr(person, "badges", None):
        return {}  # public_person loaded their trained roles: none, so no helper (no query)
    helper = selectors.helper_card(person_id=person.pk)
    if helper is None:
        return {}
    listing = selectors.listing_of(helper)
    paused = is_paused(listing)
    if not (is_in_directory(helper) or (paused and listing.listed)):
        return {}
    hosting = selectors.next_drop_ins_hosted(person_ids=[helper.pk])
    return {
        "helper_card": card_for(helper, hosting.get(helper.pk)),
        "helper_paused": paused,
        "may_ask": not paused and viewer.pk != helper.pk,
    }


# --- "My help" in the header ------------------------------------------------------------------
# Asking the database on every page would cost every signed-in page a query, so the answer is
# kept in the cache, per person: worked out at log-in, and again after granting or revoking one
# of their roles drops it (community.services.memberships), so a new advisor sees the link on
# their next page, in every session. Kept with no time limit: only those changes (or the cache
# losing it) make it stale, and a time limit would make some pages cost a query at random.
# The admin drops it too when a role or an organisation's verification changes there. Several
# server processes share the answer only through a shared cache (REDIS_URL), as they share
# everything else; the embedded default is one process.


def shows_my_help(person: User) -> bool:
    """Whether the header links "My help": no query while the cache has the answer."""
    kept = cache.get(roles_cache_key(person.pk))
    if kept is None:
        kept = remember_helper(person, is_helper(person))
    return kept


def remember_helper(person: User, helper: bool) -> bool:
    cache.set(roles_cache_key(person.pk), helper, timeout=None)
    return helper


def on_login(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in (frontend.apps): log-in pays the query, not the next page."""
    remember_helper(user, is_helper(user))
