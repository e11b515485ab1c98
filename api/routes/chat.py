"""API routes for chat and blocks, included under /api/v1/."""

from django.urls import path

from api.views.chat import blocks, conversations, messages, queue, rooms

urlpatterns = [
    path("chat/rooms/", rooms.RoomList.as_view(), name="chat-room-list"),
    path("chat/rooms/<int:pk>/", rooms.RoomDetail.as_view(), name="chat-room-detail"),
    path(
        "chat/rooms/<int:pk>/messages/", messages.RoomMessages.as_view(), name="chat-room-messages"
    ),
    path("chat/rooms/<int:pk>/read/", rooms.RoomRead.as_view(), name="chat-room-read"),
    path("chat/rooms/<int:pk>/mute/", rooms.RoomMute.as_view(), name="chat-room-mute"),
    path("chat/rooms/<int:pk>/queue/", queue.RoomQueue.as_view(), name="chat-room-queue"),
    path("chat/rooms/<int:pk>/queue/take/", queue.QueueTake.as_view(), name="chat-queue-take"),
    path("chat/messages/<int:pk>/", messages.MessageDetail.as_view(), name="chat-message-detail"),
    path(
        "chat/conversations/", conversations.Conversations.as_view(), name="chat-conversation-list"
    ),
    path(
        "chat/conversations/<int:pk>/hand-on/",
        conversations.ConversationHandOn.as_view(),
        name="chat-conversation-hand-on",
    ),
    path(
        "chat/drop-ins/<int:occurrence_id>/", rooms.DropInRoom.as_view(), name="chat-drop-in-room"
    ),
    path("blocks/", blocks.BlockList.as_view(), name="block-list"),
    path("blocks/<int:person_id>/", blocks.BlockDetail.as_view(), name="block-detail"),
]
