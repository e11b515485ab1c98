"""WebSocket routes; config/asgi.py wraps them in session auth and the origin check."""

from django.urls import path

from community.consumers import MeConsumer

websocket_urlpatterns = [
    path("ws/me/", MeConsumer.as_asgi()),
]
