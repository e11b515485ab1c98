"""The notifications support sends. Imported from SupportConfig.ready(), which registers them."""

from community.notification_kinds import Delivery, register

REQUEST_ARRIVED = register(
    "support.request_arrived",
    "When someone asks you or your organisation's team for help",
    Delivery.EMAIL,
)
REQUEST_ACCEPTED = register(
    "support.request_accepted",
    "When someone trained takes your request for help",
    Delivery.EMAIL,
)
REQUEST_CLOSED = register(
    "support.request_closed",
    "When your request for help is closed, to ask if it helped",
    Delivery.IN_APP,
)
REQUEST_EXPIRED = register(
    "support.request_expired",
    "When nobody took your request for help in time",
    Delivery.EMAIL,
)
REQUEST_HANDED_OVER = register(
    "support.request_handed_over",
    "When an advisor hands a request to your organisation's staff",
    Delivery.EMAIL,
)
REQUEST_REASSIGNED = register(
    "support.request_reassigned",
    "When your organisation's staff give you a request to take",
    Delivery.EMAIL,
)
REQUEST_PASSED_ON = register(
    "support.request_passed_on",
    "When an organisation's staff ask someone new to look at your request for help",
    Delivery.EMAIL,
)
REQUEST_WITHDRAWN = register(
    "support.request_withdrawn",
    "When someone you are helping withdraws their request",
    Delivery.IN_APP,
)
PLAN_COMMENT = register(
    "support.plan_comment",
    "When someone comments on your support plan",
    Delivery.IN_APP,
)
PLAN_SHARED = register(
    "support.plan_shared",
    "When someone shares their support plan with you",
    Delivery.IN_APP,
)
PLANNING_SESSION_BOOKED = register(
    "support.planning_session_booked",
    "When a planning session is booked with you",
    Delivery.EMAIL,
)
PLANNING_SESSION_CANCELLED = register(
    "support.planning_session_cancelled",
    "When a planning session with you is cancelled",
    Delivery.EMAIL,
)
