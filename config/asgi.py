"""ASGI entry point: HTTP through Django, WebSocket through Channels with session auth."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from django.urls import get_resolver  # noqa: E402

# Load every URL route now, not on the first request or chat message that needs one (a chat
# message's links are counted against the glossary's address): loading them takes a second,
# and the first message after a start waited that long.
get_resolver().reverse_dict  # noqa: B018

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from community.chat.routing import websocket_urlpatterns as chat_routes  # noqa: E402
from community.routing import websocket_urlpatterns  # noqa: E402


def with_raw_send(app):
    """Keep the server's own `send` in the scope. Live fan-out writes frames with it directly:
    Channels' session middleware wraps `send` to save the session on accept, and checking that
    on every one of hundreds of copies of a chat message cost a third of the fan-out."""

    async def keep_raw_send(scope, receive, send):
        return await app({**scope, "raw_send": send}, receive, send)

    return keep_raw_send


# Everything loaded so far (code, settings, routes: about 190,000 objects) lives as long as the
# process. Frozen, the garbage collector no longer walks it on each full collection: with 250
# chat sockets open, such a collection paused a server for 0.25-0.43 s, and for 0.03-0.16 s
# once frozen (measured under load; the slowest messages of a busy room waited that long).
gc.collect()
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The origin must be one of ALLOWED_HOSTS, so another site cannot open a socket
        # with a member's session cookie.
        "websocket": with_raw_send(
            AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns + chat_routes))
            )
        ),
    }
)
