"""Helping others: "My help" for advisors and planning partners, their directory listing and
pause, and an organisation's staff looking after its helpers (counts and waiting times only)."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.support.helping import (
    HelperSummarySerializer,
    ListingChangeSerializer,
    ListingSerializer,
    MyHelpSerializer,
    OrganisationSupportSerializer,
    PauseSerializer,
)
from api.shared.support import (
    must_be_helper,
    organisation_named,
    person_named,
    themes_named,
    with_relations,
)
from community.errors import NotAllowed
from community.support.models import Listing
from community.support.permissions import (
    can_see_organisation_support,
    is_in_directory,
    takes_requests,
)
from community.support.plan_selectors import plans_as_partner
from community.support.selectors import (
    helper_card,
    my_conversations,
    next_drop_ins_hosted,
    organisation_helpers,
    requests_for_organisation,
    requests_to_take,
)
from community.support.services.listings import (
    listing_for,
    pause_helper,
    resume_helper,
    set_paused,
    update_listing,
)

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH)
PERSON_ID = OpenApiParameter("person_id", int, OpenApiParameter.PATH)
NOT_A_HELPER = "Not a trained advisor or planning partner: 403 `not_a_helper`."


def _with_state(person, listing: Listing) -> Listing:
    """What the listing serializer reads besides the listing's own fields."""
    listing.in_directory = is_in_directory(person)
    listing.takes_requests = takes_requests(person)
    return listing


def _listing_data(person, listing: Listing) -> dict:
    return ListingSerializer(_with_state(person, listing)).data


def _listing_of(person, card) -> Listing:
    try:
        return card.listing  # joined, with its specialisms prefetched
    except Listing.DoesNotExist:
        return listing_for(person)


@extend_schema(tags=["support"])
class MyHelp(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary='"My help": requests you can take, your conversations and plans, your next drop-in',
        description=f"For advisors and planning partners. {NOT_A_HELPER}",
        responses={200: MyHelpSerializer, **error_responses(401, 403)},
    )
    def get(self, request):
        must_be_helper(request)
        person = request.user
        card = helper_card(person_id=person.pk)
        if card is None:  # an account closed meanwhile
            raise NotFound()
        context = {"request": request}
        offered = requests_to_take(person=person)
        to_take = offered.matches
        with_relations([match.request for match in to_take])  # loads them in place
        data = {
            "listing": _with_state(person, _listing_of(person, card)),
            "roles": card.trained_roles,
            "requests_i_can_take": to_take,
            "requests_waiting": offered.waiting,
            "conversations": with_relations(my_conversations(person=person)),
            "plans_as_partner": plans_as_partner(person=person).select_related(
                "partner", "organisation"
            ),
            "next_drop_in": next_drop_ins_hosted(person_ids=[person.pk]).get(person.pk),
        }
        return Response(MyHelpSerializer(data, context=context).data)


@extend_schema(tags=["support"])
class MyListing(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="What you show in the directory, and whether you take new requests",
        description=NOT_A_HELPER,
        responses={200: ListingSerializer, **error_responses(401, 403)},
    )
    def get(self, request):
        must_be_helper(request)
        return Response(_listing_data(request.user, listing_for(request.user)))

    @extend_schema(
        summary="Change what you show in the directory, or pause taking new requests",
        description=(
            "Send the whole listing: lists left out are emptied. `paused` left out stays as it "
            f"is. {NOT_A_HELPER}"
        ),
        request=ListingChangeSerializer,
        responses={200: ListingSerializer, **error_responses(400, 401, 403, 429)},
    )
    def put(self, request):
        incoming = ListingChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        must_be_helper(request)
        data = dict(incoming.validated_data)
        paused = data.pop("paused", None)
        data["specialisms"] = themes_named(data["specialisms"], "specialisms")
        with transaction.atomic():
            listing = update_listing(person=request.user, **data)
            if paused is not None:
                listing = set_paused(person=request.user, paused=paused)
        return Response(_listing_data(request.user, listing))


def _staff_organisation(request, slug: str):
    organisation = organisation_named(slug)
    if not can_see_organisation_support(request.user, organisation):
        raise NotAllowed("Only the organisation's staff can see this.")
    return organisation


@extend_schema(tags=["support"])
class OrganisationSupport(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="An organisation's advisors and planning partners, and its open requests",
        description=(
            "For its staff. Each helper's open and accepted requests are counted, with how "
            "long the oldest open one has waited; never what anyone wrote to each other."
        ),
        parameters=[SLUG],
        responses={200: OrganisationSupportSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, slug):
        organisation = _staff_organisation(request, slug)
        data = {
            "helpers": organisation_helpers(organisation=organisation),
            "requests": with_relations(requests_for_organisation(organisation=organisation)),
        }
        return Response(OrganisationSupportSerializer(data, context={"request": request}).data)


class _HelperAction(APIView):
    permission_classes = [IsAuthenticated]

    def summary(self, organisation, helper) -> Response:
        """The helper as the organisation view shows them now."""
        for summary in organisation_helpers(organisation=organisation):
            if summary.person.pk == helper.pk:
                return Response(HelperSummarySerializer(summary).data)
        raise NotFound("We could not find that person among the organisation's helpers.")


@extend_schema(tags=["support"])
class HelperPause(_HelperAction):
    @extend_schema(
        summary="Pause one of your helpers (organisation staff)",
        description=(
            "They leave the directory and are offered no new requests until you resume them. "
            "They see the reason on their own page."
        ),
        parameters=[SLUG, PERSON_ID],
        request=PauseSerializer,
        responses={200: HelperSummarySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, slug, person_id):
        incoming = PauseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        organisation = organisation_named(slug)
        helper = person_named(person_id)
        pause_helper(
            staff=request.user,
            organisation=organisation,
            helper=helper,
            reason=incoming.validated_data["reason"],
        )
        return self.summary(organisation, helper)


@extend_schema(tags=["support"])
class HelperResume(_HelperAction):
    @extend_schema(
        summary="Resume a helper you paused (organisation staff)",
        parameters=[SLUG, PERSON_ID],
        request=None,
        responses={200: HelperSummarySerializer, **error_responses(401, 403, 404, 429)},
    )
    def post(self, request, slug, person_id):
        organisation = organisation_named(slug)
        helper = person_named(person_id)
        resume_helper(staff=request.user, organisation=organisation, helper=helper)
        return self.summary(organisation, helper)
