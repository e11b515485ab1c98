"""Organisations: the public list and pages, and changes by their staff."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.organisations import (
    OrganisationChangeSerializer,
    OrganisationFilterSerializer,
    OrganisationSerializer,
)
from community.selectors import organisations_list
from community.services.organisations import update_organisation


@extend_schema(tags=["organisations"])
@extend_schema_view(
    list=extend_schema(
        summary="Organisations",
        parameters=[OrganisationFilterSerializer],
        responses={200: OrganisationSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One organisation", responses={200: OrganisationSerializer, **error_responses(404)}
    ),
)
class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = OrganisationSerializer
    pagination_class = NumberedPages
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if self.action != "list":
            return organisations_list()
        filters = OrganisationFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return organisations_list(**filters.validated_data)

    @extend_schema(
        summary="Change an organisation's details (its staff or a site admin)",
        request=OrganisationChangeSerializer,
        responses={200: OrganisationSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        changes = OrganisationChangeSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        organisation = update_organisation(
            editor=request.user, organisation=self.get_object(), **changes.validated_data
        )
        return Response(OrganisationSerializer(organisation).data)
