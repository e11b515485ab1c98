"""The chat's WebSocket route; config/asgi.py adds it beside the base routes."""

from django.urls import path

from community.chat.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/rooms/<int:room_id>/", RoomConsumer.as_asgi()),
]
