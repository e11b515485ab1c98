"""The human-readable API docs: Swagger UI and Redoc, both from our own static files."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerDocs(SpectacularSwaggerSplitView):
    """The split view serves its start-up script as a file, so `script-src 'self'` is enough."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"


# Redoc writes its styles into <style> elements as it renders and has no way to take a CSP
# nonce, so this one page allows inline styles, and its search index runs in a worker it builds
# from a blob. Page scripts stay locked to our own files.
@method_decorator(
    csp_update({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}),
    name="dispatch",
)
class RedocDocs(SpectacularRedocView):
    url_name = "api:schema"
    template_name = "api/redoc.html"
