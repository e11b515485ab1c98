"""The roles an organisation gives people: who holds them, granting and revoking."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.memberships import GrantRoleSerializer, MembershipSerializer
from community.errors import CommunityError, NotAllowed
from community.models import Membership, Organisation, User
from community.permissions import can_manage_roles
from community.selectors import organisation_roles, person_by_email, public_roles
from community.services.memberships import grant_role, revoke_role

ORGANISATION_SLUG = OpenApiParameter("organisation_slug", str, OpenApiParameter.PATH)


@extend_schema(tags=["organisations"])
@extend_schema_view(
    list=extend_schema(
        summary="Roles at an organisation",
        description=(
            "Everyone sees the organisation's trained advisors and planning partners (verified "
            "organisations only). Its staff and site admins see every active role, staff included."
        ),
        parameters=[ORGANISATION_SLUG],
        responses={200: MembershipSerializer(many=True), **error_responses(404)},
    ),
    create=extend_schema(
        summary="Give someone a role (the organisation's staff or a site admin)",
        parameters=[ORGANISATION_SLUG],
        request=GrantRoleSerializer,
        responses={201: MembershipSerializer, **error_responses(400, 401, 403, 404, 429)},
    ),
    destroy=extend_schema(
        summary="Take a role away (the organisation's staff or a site admin)",
        parameters=[ORGANISATION_SLUG, OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={204: None, **error_responses(400, 401, 403, 404, 429)},
    ),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MembershipSerializer
    pagination_class = NumberedPages
    queryset = Membership.objects.none()  # for the schema; rows come from the selectors
    lookup_value_regex = r"\d+"

    def organisation(self) -> Organisation:
        if not hasattr(self, "_organisation"):
            self._organisation = get_object_or_404(
                Organisation, slug=self.kwargs["organisation_slug"]
            )
        return self._organisation

    def get_queryset(self):
        organisation = self.organisation()
        if can_manage_roles(self.request.user, organisation):
            return organisation_roles(organisation=organisation)
        return public_roles(organisation=organisation)

    def create(self, request, *args, **kwargs):
        grant = GrantRoleSerializer(data=request.data)
        grant.is_valid(raise_exception=True)
        organisation = self.organisation()
        # Asked before looking anyone up, so that only staff learn whether an address has an
        # account. grant_role asks the same question again.
        if not can_manage_roles(request.user, organisation):
            raise NotAllowed("Only staff of this organisation can give people roles.")
        data = grant.validated_data
        if "person_id" in data:
            person = User.objects.filter(pk=data["person_id"]).first()
            field = "person_id"
        else:
            person = person_by_email(email=data["email"])
            field = "email"
        if person is None:
            raise CommunityError("person_not_found", "We could not find that person.", field=field)
        # api.errors: a service's "person" is whichever of the two the client sent.
        self.service_field_names = {"person": field}
        membership = grant_role(
            granted_by=request.user,
            organisation=organisation,
            person=person,
            role=data["role"],
            trained_on=data.get("trained_on"),
            trained_for=data.get("trained_for", ""),
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        membership = get_object_or_404(
            Membership.objects.select_related("organisation"),
            pk=self.kwargs["pk"],
            organisation=self.organisation(),
        )
        revoke_role(revoked_by=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
