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
# Advisors choose how often they hear of questions; a day's questions in one e-mail unless they
# say otherwise, so a busy forum does not flood a volunteer.
QUESTION_FOR_ADVISORS = register(
    "forums.question_for_advisors",
    "When someone asks for an advisor's answer about something you know about",
    Delivery.DIGEST,
)
# Staff hear soon: a question raised to them has already waited days.
QUESTION_WAITING_LONG = register(
    "forums.question_waiting_long",
    "When a question for an advisor has waited days without an advisor's answer "
    "(for organisation staff)",
    Delivery.EMAIL,
)
