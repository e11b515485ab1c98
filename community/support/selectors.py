"""Reading support: the directory of trained people, matching requests to helpers, each
person's requests, and an organisation's view of its helpers. Lists cost a fixed number of
queries however many people or requests: relations are joined or prefetched, counts grouped."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from community.languages import language_code
from community.models import Membership, Organisation, User
from community.safety.selectors import kept_apart_ids
from community.safety.visibility import Visibility
from community.selectors import badge_memberships
from community.support.errors import SupportError
from community.support.models import Listing, SupportRequest
from community.support.permissions import can_see_request, is_helper, is_paused
from community.support.postcodes import council_for_postcode
from events.models import Event, Occurrence

OPEN = SupportRequest.State.OPEN
ACCEPTED = SupportRequest.State.ACCEPTED


@dataclass(frozen=True)
class DirectoryFilters:
    """What people can narrow the directory by; every field optional."""

    q: str = ""
    specialism: str = ""  # theme slug
    language: str = ""  # community.languages code
    area: str = ""  # council slug
    postcode: str = ""  # "near me": turned into a council
    way: str = ""  # WayToTalk value
    organisation: str = ""  # slug


# An open request nobody has: the team's to take, unless an advisor handed it over. Then it is
# with the organisation's staff (permissions.is_with_the_staff), until they give it to someone.
WAITING_FOR_THE_TEAM = Q(state=OPEN, advisor__isnull=True, handed_over="")
WITH_THE_STAFF = Q(state=OPEN, advisor__isnull=True) & ~Q(handed_over="")


# --- Who counts -------------------------------------------------------------------------------


def _helper_ids():
    return Membership.objects.trained().values("person_id")


def _helpers() -> QuerySet[User]:
    """Open accounts with a trained role (the rule in Membership.objects.trained())."""
    return User.objects.filter(is_active=True, pk__in=_helper_ids())


# Paused by themselves or by their organisation: nobody offers them requests or lists them.
# A helper with no listing yet takes requests on the defaults.
TAKING_REQUESTS = Q(listing__isnull=True) | Q(
    listing__paused=False, listing__paused_by_organisation__isnull=True
)
# A trained person is listed until they say otherwise (Listing.listed defaults to on): someone
# trained yesterday appears with their badges before they have filled in anything else.
_LISTED = Q(listing__isnull=True) | Q(
    listing__listed=True, listing__paused=False, listing__paused_by_organisation__isnull=True
)


def team_helpers(*, organisation: Organisation, member: User | None = None) -> list[User]:
    """The organisation's helpers who take requests now, by name, leaving out the member
    asking and anyone kept apart from them: who a request to the team goes to."""
    trained_there = Membership.objects.trained().filter(organisation=organisation)
    people = _helpers().filter(TAKING_REQUESTS, pk__in=trained_there.values("person_id"))
    if member is not None:
        people = people.exclude(pk=member.pk).exclude(pk__in=kept_apart_ids(person_id=member.pk))
    return list(people.order_by("display_name", "pk"))


def _shaped(people: QuerySet[User]) -> QuerySet[User]:
    """Each person as a card shows them, in three queries however many."""
    return people.select_related("listing", "profile").prefetch_related(
        Prefetch("memberships", queryset=badge_memberships(), to_attr="trained_roles"),
        "listing__specialisms",
    )


def _json_list_has(field: str, code: str) -> Q:
    # JSON lists of codes: matching the quoted code works on SQLite and PostgreSQL alike
    # (SQLite has no JSON "contains"). Codes never hold quotes, so "en" cannot match "ben".
    return Q(**{f"{field}__icontains": f'"{code}"'})


# --- The directory ----------------------------------------------------------------------------


def _free_text(q: str) -> Q:
    by_specialism = Listing.objects.filter(specialisms__name__icontains=q).values("person_id")
    by_training = Membership.objects.trained().filter(trained_for__icontains=q).values("person_id")
    return (
        Q(display_name__icontains=q)
        | Q(listing__availability__icontains=q)
        | Q(profile__bio__icontains=q)
        | Q(pk__in=by_specialism)
        | Q(pk__in=by_training)
    )


def directory(*, filters: DirectoryFilters = DirectoryFilters()) -> QuerySet[User]:
    """People in the directory, by name: helpers whose listing says show me, not paused."""
    people = _helpers().filter(_LISTED)
    if filters.postcode.strip():
        council = council_for_postcode(filters.postcode)
        if council is None:
            raise SupportError(
                "unknown_postcode",
                "We do not know that postcode. Check it, or choose your council instead.",
                field="postcode",
            )
        people = people.filter(_json_list_has("listing__areas", council))
    if filters.area:
        people = people.filter(_json_list_has("listing__areas", filters.area))
    if filters.language:
        code = language_code(filters.language)
        people = people.filter(_json_list_has("listing__languages", code))
    if filters.way:
        people = people.filter(_json_list_has("listing__ways_to_talk", filters.way))
    if filters.specialism:
        chosen = Listing.objects.filter(specialisms__slug=filters.specialism)
        people = people.filter(pk__in=chosen.values("person_id"))
    if filters.organisation:
        vouched = Membership.objects.trained().filter(organisation__slug=filters.organisation)
        people = people.filter(pk__in=vouched.values("person_id"))
    if filters.q.strip():
        people = people.filter(_free_text(filters.q.strip()))
    return _shaped(people).order_by("display_name", "pk")


def helper_card(*, person_id: int) -> User | None:
    """One helper as the directory shows them, paused or unlisted too (for their own page).
    `.listing` raises Listing.DoesNotExist (an AttributeError) if they never made one."""
    return _shaped(_helpers().filter(pk=person_id)).first()


def next_drop_ins_hosted(*, person_ids: list[int]) -> dict[int, Occurrence]:
    """The next drop-in date each person hosts (as the event's host or that date's), in one
    query. People who host none are left out. Only each person's next date is read, not every
    future date of every drop-in they host (a weekly drop-in has a year of them)."""
    wanted = set(person_ids)
    if not wanted:
        return {}
    upcoming = Occurrence.objects.filter(
        end__gte=timezone.now(),
        event__status=Event.Status.PUBLISHED,
        event__visibility=Visibility.SHOWN,
        event__kind=Event.Kind.DROP_IN,
    ).exclude(status=Occurrence.Status.CANCELLED)
    hosted_by = Q(host_id=OuterRef("pk")) | Q(event__hosts__id=OuterRef("pk"))
    first_of_each = (
        User.objects.filter(pk__in=wanted)
        .annotate(
            next_id=Subquery(upcoming.filter(hosted_by).order_by("start", "id").values("id")[:1])
        )
        .values("next_id")
    )
    dates = (
        upcoming.filter(pk__in=first_of_each)
        .annotate(event_host_id=F("event__hosts__id"))
        .filter(Q(host_id__in=wanted) | Q(event_host_id__in=wanted))
        .select_related("event__organisation")
        .order_by("start", "id")
    )
    # One row per date and event host. Each person's next date is among them and, in date
    # order, comes before any other date of theirs here.
    found: dict[int, Occurrence] = {}
    for occurrence in dates:
        for person_id in (occurrence.host_id, occurrence.event_host_id):
            if person_id in wanted and person_id not in found:
                found[person_id] = occurrence
    return found


# --- Matching ---------------------------------------------------------------------------------

SPECIALISM_POINTS = 4
LANGUAGE_POINTS = 3
AREA_POINTS = 2
WAY_POINTS = 1


POINTS = {
    "specialism": SPECIALISM_POINTS,
    "language": LANGUAGE_POINTS,
    "area": AREA_POINTS,
    "way_to_talk": WAY_POINTS,
}


def matches_on(listing: Listing | None, request: SupportRequest) -> list[str]:
    """What a helper offers that the request asked for, of "specialism", "language", "area" and
    "way_to_talk", in that order: the one matching rule (match_score counts it, pages say it in
    words). Uses the prefetched specialisms when there are some."""
    if listing is None:
        return []
    matched = []
    if (
        request.specialism_id
        and listing.pk is not None
        and any(theme.pk == request.specialism_id for theme in listing.specialisms.all())
    ):
        matched.append("specialism")
    if request.language and request.language in listing.languages:
        matched.append("language")
    if request.area and request.area in listing.areas:
        matched.append("area")
    if request.way_to_talk and request.way_to_talk in listing.ways_to_talk:
        matched.append("way_to_talk")
    return matched


def match_score(listing: Listing | None, request: SupportRequest) -> int:
    """How well a helper fits a request: what it is about counts most, then language, area and
    way to talk."""
    return sum(POINTS[match] for match in matches_on(listing, request))


@dataclass(frozen=True)
class RequestMatch:
    """A request a helper could take, and its match_score against what they offer."""

    request: SupportRequest
    score: int


@dataclass(frozen=True)
class HelperMatch:
    """A helper who could take a request, and their match_score for it."""

    person: User
    score: int


def listing_of(person: User) -> Listing | None:
    """The person's listing as loaded with them (select_related), or None: no query when joined."""
    try:
        return person.listing
    except Listing.DoesNotExist:
        return None


def _my_listing(person: User) -> Listing | None:
    return Listing.objects.filter(person=person).prefetch_related("specialisms").first()


# "My help" shows the best matches first; a big team's helpers see this many, and how many more.
REQUESTS_SHOWN = 50


def _requests_open_to(person: User) -> QuerySet[SupportRequest]:
    my_organisations = Membership.objects.trained().filter(person=person).values("organisation_id")
    apart = kept_apart_ids(person_id=person.pk)
    return (
        SupportRequest.objects.filter(state=OPEN, visibility=Visibility.SHOWN)
        .filter(
            Q(advisor=person) | (WAITING_FOR_THE_TEAM & Q(organisation_id__in=my_organisations))
        )
        .exclude(member=person)
        .exclude(member_id__in=apart)
    )


def _score_in_the_database(listing: Listing) -> Expression:
    """match_score as SQL, so the best matches of thousands of requests come back first without
    loading them all. The same points as match_score (a test holds the two together)."""

    def points(condition: Q, worth: int) -> Case:
        return Case(When(condition, then=Value(worth)), default=Value(0))

    if listing.pk is None:
        return Value(0)
    specialism_ids = [theme.pk for theme in listing.specialisms.all()]
    return (
        points(Q(specialism_id__in=specialism_ids), SPECIALISM_POINTS)
        + points(Q(language__in=listing.languages) & ~Q(language=""), LANGUAGE_POINTS)
        + points(Q(area__in=listing.areas) & ~Q(area=""), AREA_POINTS)
        + points(Q(way_to_talk__in=listing.ways_to_talk) & ~Q(way_to_talk=""), WAY_POINTS)
    )


@dataclass(frozen=True)
class RequestsToTake:
    """The best matches a helper is shown, and how many requests they could take in all."""

    matches: list[RequestMatch]
    waiting: int


def requests_to_take(*, person: User, limit: int = REQUESTS_SHOWN) -> RequestsToTake:
    """Open requests sent to me, or to the team of an organisation I am trained at (nobody has
    taken them yet, and nobody handed them to the staff): best match first, then the longest
    waiting; at most `limit` of them, and the count of all. None while I am paused."""
    listing = _my_listing(person)
    if not is_helper(person) or is_paused(listing):
        return RequestsToTake([], 0)
    open_to_me = _requests_open_to(person)
    requests = open_to_me.select_related("member", "specialism", "organisation", "topic")
    if listing is not None:
        requests = requests.annotate(score=_score_in_the_database(listing))
        requests = requests.order_by("-score", "created", "pk")
    else:
        requests = requests.order_by("created", "pk")
    matches = [RequestMatch(request, match_score(listing, request)) for request in requests[:limit]]
    # Counted every time, so the page costs the same queries however many are waiting.
    return RequestsToTake(matches, open_to_me.count())


def requests_i_can_take(*, person: User, limit: int = REQUESTS_SHOWN) -> list[RequestMatch]:
    """requests_to_take's matches alone."""
    return requests_to_take(person=person, limit=limit).matches


def helpers_for_request(*, request: SupportRequest) -> list[HelperMatch]:
    """Who could take this request (for staff reassigning it): helpers taking requests, of its
    organisation (or anyone, when it has none), best match first, then by name."""
    people = _helpers().filter(TAKING_REQUESTS).exclude(pk=request.member_id)
    if request.organisation_id is not None:
        trained_there = Membership.objects.trained().filter(organisation_id=request.organisation_id)
        people = people.filter(pk__in=trained_there.values("person_id"))
    people = people.exclude(pk__in=kept_apart_ids(person_id=request.member_id))
    ranked = [
        HelperMatch(person, match_score(listing_of(person), request)) for person in _shaped(people)
    ]
    ranked.sort(
        key=lambda match: (-match.score, match.person.display_name.lower(), match.person.pk)
    )
    return ranked


# --- Requests ---------------------------------------------------------------------------------


def _with_people(requests: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    return requests.select_related(
        "member", "advisor", "organisation", "specialism", "room", "topic"
    )


def my_requests(*, member: User) -> QuerySet[SupportRequest]:
    return _with_people(SupportRequest.objects.filter(member=member)).order_by("-created", "-pk")


def my_conversations(*, person: User) -> QuerySet[SupportRequest]:
    """Requests I accepted and am helping with now, each with its private conversation (not one
    hidden by moderation)."""
    mine = SupportRequest.objects.filter(
        advisor=person, state=ACCEPTED, visibility=Visibility.SHOWN
    )
    return _with_people(mine).order_by("-accepted_at", "-pk")


def request_for(*, viewer: User, request_id: int) -> SupportRequest | None:
    """None when there is no such request or the viewer may not see it: the same answer, so
    nothing leaks (pages and API answer 404)."""
    request = _with_people(SupportRequest.objects.filter(pk=request_id)).first()
    if request is None or not can_see_request(viewer, request):
        return None
    return request


def requests_for_organisation(*, organisation: Organisation) -> QuerySet[SupportRequest]:
    """Open and accepted requests to the organisation or its helpers, oldest first, for staff."""
    return _with_people(
        SupportRequest.objects.filter(organisation=organisation, state__in=(OPEN, ACCEPTED))
    ).order_by("created", "pk")


# --- An organisation's helpers ----------------------------------------------------------------


@dataclass
class HelperSummary:
    person: User
    roles: list[Membership]
    paused: bool
    paused_by_organisation: bool
    open_count: int = 0
    accepted_count: int = 0
    oldest_open_waiting: datetime.timedelta | None = None


def organisation_helpers(*, organisation: Organisation) -> list[HelperSummary]:
    """Each trained person of the organisation with how many of its requests they hold and how
    long the oldest open one has waited: counts and times only, never what anyone wrote. Two
    queries however many people."""
    roles = (
        Membership.objects.trained()
        .filter(organisation=organisation, person__is_active=True)
        .select_related("person__listing", "organisation")
        .order_by("person__display_name", "person_id", "role")
    )
    summaries: dict[int, HelperSummary] = {}
    for role in roles:
        summary = summaries.get(role.person_id)
        if summary is None:
            listing = listing_of(role.person)
            summary = summaries[role.person_id] = HelperSummary(
                person=role.person,
                roles=[],
                paused=bool(listing and listing.paused),
                paused_by_organisation=bool(listing and listing.paused_by_organisation_id),
            )
        summary.roles.append(role)
    counts = (
        SupportRequest.objects.filter(
            organisation=organisation, advisor_id__in=list(summaries), state__in=(OPEN, ACCEPTED)
        )
        .values("advisor_id", "state")
        .annotate(count=Count("pk"), oldest=Min("created"))
        .order_by()
    )
    now = timezone.now()
    for row in counts:
        summary = summaries[row["advisor_id"]]
        if row["state"] == OPEN:
            summary.open_count = row["count"]
            summary.oldest_open_waiting = now - row["oldest"]
        else:
            summary.accepted_count = row["count"]
    return list(summaries.values())
