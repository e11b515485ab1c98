"""The practical limit for bench/chat.py: a bare ASGI WebSocket broadcast app, no Django and no
Channels, served by uvicorn exactly as the chat is (same flags, one process per port).

    REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/uvicorn bench.chat_bare:app --port 8001

Every socket, whatever its path, is in the one room. Each process keeps its own set of sockets
and subscribes once to one Redis pub/sub channel. A text frame from a client becomes a message
frame with the fields of community.chat.frames.message_frame (a server-side id from Redis INCR,
the room, the author, the body as `body_html`, the times, the client's `client_id`), encoded
once and published; each process sends the published text to all its local sockets, one after
the other (a send waits only while that socket's write buffer is over uvicorn's high-water
mark). bench/chat.py starts it; run by hand, it needs REDIS_URL (and flushes nothing).
"""

import asyncio
import datetime
import html
import json
import os

import redis.asyncio as redis

CHANNEL = "alongside-bench-chat-bare"
ID_KEY = "alongside-bench-chat-bare:id"

sockets: set = set()  # the `send` callable of every socket open on this process
_state: dict = {}


def _author(number: int) -> dict:
    return {"id": number, "display_name": f"Bench member {number}", "badges": []}


async def _start() -> None:
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(CHANNEL)
    _state.update(client=client, pubsub=pubsub)
    _state["task"] = asyncio.create_task(_fan_out(pubsub))


async def _fan_out(pubsub) -> None:
    """The one subscriber of this process: every published frame to every local socket."""
    async for published in pubsub.listen():
        if published["type"] != "message":
            continue
        event = {"type": "websocket.send", "text": published["data"].decode()}
        for send in list(sockets):
            try:
                await send(event)
            except Exception:  # noqa: BLE001 — a socket that went away mid-send
                sockets.discard(send)


async def _stop() -> None:
    if "task" in _state:
        _state["task"].cancel()
        await _state["pubsub"].aclose()
        await _state["client"].aclose()


async def _websocket(scope, receive, send) -> None:
    author = _author(len(sockets) + 1)
    while True:
        event = await receive()
        if event["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
            sockets.add(send)
        elif event["type"] == "websocket.disconnect":
            sockets.discard(send)
            return
        elif event["type"] == "websocket.receive" and event.get("text"):
            try:
                frame = json.loads(event["text"])
                body = str(frame["body"])
            except (ValueError, KeyError, TypeError):
                await send(
                    {
                        "type": "websocket.send",
                        "text": json.dumps(
                            {"type": "error", "code": "invalid", "detail": "Not a message."}
                        ),
                    }
                )
                continue
            client = _state["client"]
            message = {
                "type": "message",
                "id": await client.incr(ID_KEY),
                "room": 1,
                "author": author,
                "body_html": f"<p>{html.escape(body)}</p>",
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "edited": None,
                "removed": False,
                "client_id": frame.get("client_id"),
            }
            await client.publish(CHANNEL, json.dumps(message))


async def app(scope, receive, send) -> None:
    if scope["type"] == "websocket":
        await _websocket(scope, receive, send)
    elif scope["type"] == "lifespan":
        while True:
            event = await receive()
            if event["type"] == "lifespan.startup":
                await _start()
                await send({"type": "lifespan.startup.complete"})
            elif event["type"] == "lifespan.shutdown":
                await _stop()
                await send({"type": "lifespan.shutdown.complete"})
                return
    elif scope["type"] == "http":
        await receive()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain")],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})
