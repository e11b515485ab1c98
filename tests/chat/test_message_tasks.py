"""A socket's messages are handled in tasks of their own (RoomConsumer._send_in_turn), so what
goes wrong in one is dealt with there: nothing escapes a task that nobody awaits."""

import asyncio
import logging

from community.chat.consumers import CLOSE_INTERNAL_ERROR, RoomConsumer


def _errors(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


async def _handled(consumer: RoomConsumer, handler) -> asyncio.Task:
    task = asyncio.ensure_future(consumer._send_in_turn(handler, {"type": "message"}))
    consumer._sending.add(task)
    await task
    return task


async def _answer_fails(content):
    # What uvicorn raises for a frame written after the socket closed.
    raise RuntimeError("Unexpected ASGI message 'websocket.send', after 'websocket.close'")


async def test_an_answer_with_nowhere_to_go_after_the_socket_closed_is_not_an_error(caplog):
    # Banned meanwhile: the first refusal closed the socket, and the other messages still on
    # their way are refused too, with nowhere to write it.
    consumer = RoomConsumer()
    consumer.closing = True

    task = await _handled(consumer, _answer_fails)

    assert task.exception() is None and not consumer._sending
    assert _errors(caplog) == []


async def test_a_message_that_fails_unexpectedly_is_logged_and_closes_its_socket(caplog):
    consumer = RoomConsumer()
    closed = []

    async def close(code=None, reason=None):
        closed.append(code)
        raise RuntimeError("the client went away first")

    consumer.close = close  # type: ignore[method-assign]

    task = await _handled(consumer, _answer_fails)

    assert task.exception() is None and not consumer._sending
    assert closed == [CLOSE_INTERNAL_ERROR]
    assert _errors(caplog) == ["Could not handle a chat message"]
