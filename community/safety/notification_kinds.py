"""The notifications safety sends. Imported from SafetyConfig.ready(), which registers them."""

from community.notification_kinds import Delivery, register

# E-mailed unless the person says otherwise: they asked for it and may have left the site.
DATA_EXPORT_READY = register(
    "safety.data_export_ready",
    "When the download of your data is ready",
    Delivery.EMAIL,
)
# Shown on the site; the e-mail goes at once from safety.tasks.email_urgent_case, not batched.
URGENT = register("safety.urgent", "When someone may be at risk (moderators and staff)")
OUTCOME = register("safety.outcome", "What happened to something you reported")
MODERATED = register(
    "safety.moderated", "When a moderator acts on something you wrote", Delivery.EMAIL
)
ACCOUNT = register(
    "safety.account", "Warnings and changes to your account from a moderator", Delivery.EMAIL
)
