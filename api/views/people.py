"""People: anyone's public profile, and a signed-in person's own account."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.people import (
    OwnAccountChangeSerializer,
    OwnAccountSerializer,
    PublicProfileSerializer,
)
from community.models import User
from community.selectors import people_with_badges, public_person, unread_notification_count
from community.services.profiles import ensure_profile, update_profile
from community.services.text_size import set_text_size_and_contrast


@extend_schema(tags=["people"])
class PersonViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PublicProfileSerializer
    queryset = User.objects.none()  # for the schema; people are read through the selector
    lookup_value_regex = r"\d+"

    def get_object(self):
        person = public_person(person_id=int(self.kwargs["pk"]))
        if person is None:
            raise NotFound()
        return person

    @extend_schema(
        summary="A person's public profile",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: PublicProfileSerializer, **error_responses(404)},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["people"])
class OwnAccountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Your own account",
        responses={200: OwnAccountSerializer, **error_responses(401)},
    )
    def get(self, request):
        return self._render(request.user.pk)

    @extend_schema(
        summary="Change your display name, profile, text size or contrast",
        request=OwnAccountChangeSerializer,
        responses={200: OwnAccountSerializer, **error_responses(400, 401, 429)},
    )
    def patch(self, request):
        changes = OwnAccountChangeSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        person = request.user
        # The text size and contrast are not part of the profile: a change of only those
        # leaves the profile alone, and they are saved once the profile change has passed.
        looks = {
            name: changes.validated_data.pop(name)
            for name in ("text_size", "contrast")
            if name in changes.validated_data
        }
        if changes.validated_data or not looks:
            profile = ensure_profile(person=person)
            # update_profile sets every field, so whatever was not sent keeps its current value.
            values = {
                "display_name": person.display_name,
                "real_name": person.real_name,
                "i_am": profile.i_am,
                "bio": profile.bio,
                "languages": profile.languages,
                "area": profile.area,
                **changes.validated_data,
            }
            update_profile(editor=person, person=person, **values)
        if looks:
            set_text_size_and_contrast(editor=person, person=person, **looks)
        return self._render(person.pk)

    def _render(self, person_id: int) -> Response:
        person = people_with_badges(User.objects.filter(pk=person_id)).get()
        context = {"unread_notifications": unread_notification_count(person=person)}
        return Response(OwnAccountSerializer(person, context=context).data)
