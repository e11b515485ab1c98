"""A person's own notifications: newest first, and marking them read."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.pagination import NewestFirstCursor
from api.serializers.errors import error_responses
from api.serializers.notifications import (
    MarkReadResultSerializer,
    MarkReadSerializer,
    NotificationSerializer,
)
from community.models import Notification
from community.selectors import notifications_for, unread_notification_count
from community.services.notifications import mark_read


@extend_schema(tags=["notifications"])
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    pagination_class = NewestFirstCursor
    permission_classes = [IsAuthenticated]
    queryset = Notification.objects.none()  # for the schema; rows come from the selector

    def get_queryset(self):
        return notifications_for(person=self.request.user)

    @extend_schema(
        summary="Your notifications, newest first",
        responses={200: NotificationSerializer(many=True), **error_responses(401)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Mark your notifications read",
        description='Send `{"ids": [...]}` to mark some, or `{}` to mark them all.',
        request=MarkReadSerializer,
        responses={200: MarkReadResultSerializer, **error_responses(400, 401, 429)},
    )
    @action(detail=False, methods=["post"], url_path="mark-read", pagination_class=None)
    def mark_read(self, request):
        chosen = MarkReadSerializer(data=request.data)
        chosen.is_valid(raise_exception=True)
        marked = mark_read(person=request.user, notification_ids=chosen.validated_data.get("ids"))
        unread = unread_notification_count(person=request.user)
        return Response(MarkReadResultSerializer({"marked": marked, "unread": unread}).data)
