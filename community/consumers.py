"""WebSocket consumers for a signed-in person's own live channel (`/ws/me/`)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.permissions import is_signed_in
from community.selectors import unread_notification_count
from community.services.broadcasts import person_group

# 4401: like HTTP 401, in the application range of WebSocket close codes.
CLOSE_NOT_SIGNED_IN = 4401


class MeConsumer(AsyncJsonWebsocketConsumer):
    """One per open tab. Sends the unread count on connect and whenever it changes."""

    async def connect(self):
        person = self.scope.get("user")
        if not is_signed_in(person):
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.group = person_group(person.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        count = await database_sync_to_async(unread_notification_count)(person=person)
        await self.send_json({"type": "unread", "notifications": count})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Nothing is sent this way yet; say so rather than drop it silently.
        await self.send_json(
            {"type": "error", "code": "unsupported", "detail": "This channel only sends updates."}
        )

    async def unread_count(self, event):
        await self.send_json({"type": "unread", "notifications": event["notifications"]})
