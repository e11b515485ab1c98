"""The forum's kinds of notification, registered when the app is ready."""

from community.notification_kinds import Delivery, register

REPLY = register("forums.reply", "When someone replies in a topic you watch", Delivery.EMAIL)
NEW_TOPIC = register(
    "forums.new_topic", "When someone starts a topic in a theme you watch", Delivery.IN_APP
)
MENTION = register("forums.mention", "When someone mentions you in a post", Delivery.EMAIL)
ANSWER_ACCEPTED = register(
    "forums.answer_accepted", "When your reply is chosen as the answer", Delivery.EMAIL
)
