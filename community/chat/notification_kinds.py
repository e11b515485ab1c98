"""The notifications chat sends. Imported from ChatConfig.ready(), which registers them."""

from community.notification_kinds import Delivery, register

PRIVATE_MESSAGE = register(
    "chat.private_message",
    "When someone writes to you in a private conversation while you are away",
    Delivery.EMAIL,
)
PRIVATE_TALK_READY = register(
    "chat.private_talk_ready",
    "When an advisor is ready to talk privately with you",
    Delivery.IN_APP,
)
PRIVATE_TALK_MISSED = register(
    "chat.private_talk_missed",
    "When a drop-in ends before an advisor could talk privately with you",
    Delivery.EMAIL,
)
