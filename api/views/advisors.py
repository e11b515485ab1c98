"""The directory of verified advisors and planning partners, to find someone to talk to."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from api.pagination import NumberedPages
from api.serializers.advisors import AdvisorFilterSerializer, AdvisorSerializer
from api.serializers.errors import error_responses
from community.selectors import trained_people


@extend_schema(tags=["advisors"])
class AdvisorList(generics.ListAPIView):
    serializer_class = AdvisorSerializer
    pagination_class = NumberedPages

    def get_queryset(self):
        filters = AdvisorFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return trained_people(
            area=filters.validated_data.get("area", ""),
            organisation_slug=filters.validated_data.get("organisation", ""),
        )

    @extend_schema(
        summary="Verified advisors and planning partners",
        description="One row per badge: someone trained by two organisations appears twice.",
        parameters=[AdvisorFilterSerializer],
        responses={200: AdvisorSerializer(many=True), **error_responses(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
