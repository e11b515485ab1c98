"""The directory of advisors and planning partners: one row per person, filtered by what they
offer and where, to find someone to ask for help."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.support.directory import AdvisorFilterSerializer, AdvisorSerializer
from community.models import User
from community.support.selectors import DirectoryFilters, directory, next_drop_ins_hosted


@extend_schema(tags=["support"])
class AdvisorList(GenericAPIView):
    serializer_class = AdvisorSerializer
    pagination_class = NumberedPages
    queryset = User.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="The directory of advisors and planning partners",
        description=(
            "One row per person, with every organisation that vouches for them. Only people "
            "who chose to be listed and are not paused appear. A postcode we cannot place "
            "answers 400 `unknown_postcode`."
        ),
        parameters=[AdvisorFilterSerializer],
        responses={200: AdvisorSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = AdvisorFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        people = self.paginate_queryset(
            directory(filters=DirectoryFilters(**filters.validated_data))
        )
        next_dates = next_drop_ins_hosted(person_ids=[person.pk for person in people])
        for person in people:
            person.next_drop_in = next_dates.get(person.pk)
        return self.get_paginated_response(AdvisorSerializer(people, many=True).data)
