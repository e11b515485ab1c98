"""The notifications safety sends. Imported from SafetyConfig.ready(), which registers them."""

from community.notification_kinds import Delivery, register

# E-mailed unless the person says otherwise: they asked for it and may have left the site.
DATA_EXPORT_READY = register(
    "safety.data_export_ready",
    "When the download of your data is ready",
    Delivery.EMAIL,
)
