"""One event stream on the wire: the operation's results out as `next` events, then
`complete`; a keep-alive comment whenever the stream has been quiet for the interval; and
the end of the operation as soon as the client leaves or the gateway drains.

A client that leaves is seen at once, not at the next write: after the request body,
the ASGI server's next message is `http.disconnect`, so one task waits for it. The
operation's results are then closed, which ends the subscription where it was waiting
(its feed watch, its place in a shared subscription) as it would end on a WebSocket.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

from starlette.types import Receive, Send

from gateway.sse.streams import EventStreams
from gateway.sse.wire import COMPLETE, HEADERS, KEEP_ALIVE, next_event

__all__ = ["send_stream"]

# One result as the JSON of its `next` event's data.
Encode = Callable[[Any], Awaitable[bytes]]


async def send_stream(
    send: Send,
    receive: Receive,
    results: AsyncGenerator[Any, None],
    *,
    encode: Encode,
    streams: EventStreams,
    is_subscription: Callable[[], bool],
) -> None:
    """Sends the response: 200 and the stream. Ends with `complete` once the results are
    all out; without it when the client left, or when the gateway drains a subscription
    (a query or mutation under way still finishes then)."""
    writer = _Writer(send)
    tasks: list[asyncio.Task[Any]] = []
    streams.open += 1
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        # A first comment sends the head now: the client sees the stream open before the
        # first event, which for a subscription may be long in coming.
        await writer.write(KEEP_ALIVE)
        pump = asyncio.create_task(_pump(results, encode, writer))
        left = asyncio.create_task(_disconnected(receive))
        drained = asyncio.create_task(streams.drained())
        tasks = [pump, left, drained, asyncio.create_task(_keep_alive(writer, streams.keep_alive))]
        waiting = {pump, left, drained}
        while True:
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            if pump in done:
                if pump.result():
                    await writer.write(COMPLETE)
                break
            if left in done or writer.gone:
                return
            # Drained: a subscription ends now, anything else finishes first.
            if is_subscription():
                break
            waiting.discard(drained)
        await writer.end()
    except OSError:
        return  # the client left while we wrote (uvicorn's ClientDisconnected)
    finally:
        streams.open -= 1
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        # Ends the operation where it waits (its feed watch exits, its share is released).
        await results.aclose()


class _Writer:
    """Body chunks, one at a time: results and keep-alive comments come from two tasks,
    and a write that finds the client gone marks it so."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._lock = asyncio.Lock()
        self.gone = False
        self.last_write = 0.0
        self._ended = False

    async def write(self, chunk: bytes) -> None:
        async with self._lock:
            if self._ended:
                return  # a task not yet cancelled: the response is over
            try:
                await self._send({"type": "http.response.body", "body": chunk, "more_body": True})
            except OSError:
                self.gone = True
                raise
            self.last_write = asyncio.get_running_loop().time()

    async def end(self) -> None:
        async with self._lock:
            self._ended = True
            await self._send({"type": "http.response.body", "body": b"", "more_body": False})


async def _pump(results: AsyncGenerator[Any, None], encode: Encode, writer: _Writer) -> bool:
    """Writes every result; True once all are out, False when the client went away."""
    try:
        async for result in results:
            await writer.write(next_event(await encode(result)))
    except OSError:
        return False
    return True


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _keep_alive(writer: _Writer, interval: float) -> None:
    loop = asyncio.get_running_loop()
    with contextlib.suppress(OSError):
        while True:
            quiet = loop.time() - writer.last_write
            if quiet >= interval:
                await writer.write(KEEP_ALIVE)
                continue
            await asyncio.sleep(interval - quiet)
