"""Any address under /api/ that matches nothing answers with a JSON 404, never the HTML page."""

from django.urls import Resolver404, resolve
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView


@extend_schema(exclude=True)
class ApiNotFound(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        raise NotFound(_hint(request.path))


def _hint(path: str) -> str:
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api-not-found":
            return f"We could not find that. Did you mean {path}/ (with a slash at the end)?"
    return "There is nothing at this address in the API. See /api/docs/ for what there is."
