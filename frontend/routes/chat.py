"""Chat pages, under /chat/. URL names start with `chat_` (the chat home is `chat`).
`chat_drop_in` is the stable address of a drop-in date's room that e-mails and feeds link to;
`chat_room` is the room itself (Room.get_absolute_url)."""

from django.urls import path

from frontend.views.chat import editing, home, people, queue, room

urlpatterns = [
    path("", home.chat_home, name="chat"),
    path("rooms/new/", home.room_create, name="chat_room_create"),
    path("rooms/<int:room_id>/", room.room, name="chat_room"),
    path("rooms/<int:room_id>/hand-on/", room.hand_on, name="chat_hand_on"),
    path("rooms/<int:room_id>/mute/", editing.mute, name="chat_mute"),
    path("rooms/<int:room_id>/queue/join/", queue.queue_join, name="chat_queue_join"),
    path("rooms/<int:room_id>/queue/leave/", queue.queue_leave, name="chat_queue_leave"),
    path("rooms/<int:room_id>/queue/take/", queue.queue_take, name="chat_queue_take"),
    path("messages/<int:message_id>/edit/", editing.message_edit, name="chat_message_edit"),
    path("messages/<int:message_id>/remove/", editing.message_remove, name="chat_message_remove"),
    path("drop-ins/<int:occurrence_id>/", room.drop_in, name="chat_drop_in"),
    path("with/<int:person_id>/", people.conversation_start, name="chat_start"),
    path("people/<int:person_id>/block/", people.block, name="chat_block"),
    path("people/<int:person_id>/unblock/", people.unblock, name="chat_unblock"),
    path("blocked/", people.blocked_list, name="chat_blocked"),
]
