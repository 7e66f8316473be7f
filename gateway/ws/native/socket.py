"""A handed-over WebSocket (gateway/ws/native/handover.py) as one small asyncio Protocol:
frames in and out (gateway/ws/native/wire.py), the closing handshake, keepalive pings
as uvicorn sends them, and the write buffer's bound. What the messages mean is the
session's (gateway/ws/native/session.py).

An idle socket is this object, its reader, one timer and the session: no task, no queue,
no coroutine frame.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from gateway.ws.native.handover import Held
from gateway.ws.native.wire import (
    Binary,
    Close,
    FrameReader,
    Ping,
    Pong,
    ProtocolError,
    Text,
    close_frame,
    ping_frame,
    pong_frame,
    text_frame,
)

__all__ = ["NativeSocket", "Session"]

logger = logging.getLogger("bcgraph.ws")

# After sending a close frame, how long the client has to answer with its own before the
# connection is dropped (uvicorn's close_timeout).
CLOSE_TIMEOUT = 10.0
# 1001 Going Away is for a page left; a server restarting says 1012 (uvicorn's shutdown).
SERVICE_RESTART = 1012
# Bytes written but not yet taken by a slow client past which its subscriptions are told
# they fell behind (as a full inbox tells them on the ASGI path) rather than buffered.
MAX_BACKLOG = 1 << 20
_PING = b"bcgraph"


class Session(Protocol):
    def message(self, text: str) -> None: ...

    def binary(self) -> None: ...

    def ended(self) -> None:
        """The socket is closing or gone: stop every operation, hold nothing."""
        ...


class NativeSocket(Held):
    __slots__ = (
        "_closing",
        "_connections",
        "_drained",
        "_interval",
        "_reader",
        "_session",
        "_timeout",
        "_timer",
        "_transport",
    )

    def __init__(self, transport: asyncio.Transport, connections: set[Any], config: Any) -> None:
        self._transport = transport
        self._connections = connections
        self._reader = FrameReader(config.ws_max_size)
        self._interval: float | None = config.ws_ping_interval
        self._timeout: float | None = config.ws_ping_timeout
        self._session: Session | None = None
        self._closing = False
        self._timer: asyncio.TimerHandle | None = None
        # While the transport's buffer is over its high-water mark: done once it drains.
        self._drained: asyncio.Future[None] | None = None
        connections.add(self)
        self._keep_alive()

    def start(self, session: Session) -> None:
        self._session = session

    # -- what the session calls -------------------------------------------------------

    def send(self, message: bytes) -> None:
        """One text frame (`message`: UTF-8 JSON) unless the socket is closing."""
        if not self._closing:
            self._transport.write(text_frame(message))

    async def drain(self) -> None:
        """Returns once the client takes what was written (an operation's task waits here,
        as it waits on uvicorn's `send` on the ASGI path)."""
        if self._drained is not None:
            await asyncio.shield(self._drained)

    def behind(self) -> bool:
        """Whether the client has stopped taking what is written to it."""
        return self._transport.get_write_buffer_size() > MAX_BACKLOG

    def close(self, code: int, reason: str = "") -> None:
        """Starts the closing handshake; the client's close frame (or the timeout) ends
        the connection."""
        if self._closing:
            return
        self._closing = True
        self._transport.write(close_frame(code, reason))
        self._arm(CLOSE_TIMEOUT, self._transport.close)
        self._end_session()

    # -- asyncio.Protocol -------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        try:
            messages = self._reader.feed(data)
        except ProtocolError as error:
            self.close(error.code, error.reason)
            return
        for message in messages:
            if isinstance(message, Text):
                if not self._closing and self._session is not None:
                    self._session.message(message.text)
            elif isinstance(message, Ping):
                if not self._closing:
                    self._transport.write(pong_frame(message.data))
            elif isinstance(message, Pong):
                if message.data == _PING and not self._closing:
                    self._keep_alive()
            elif isinstance(message, Close):
                if not self._closing:
                    # The client closes: its code goes back, as the RFC asks.
                    self._closing = True
                    self._transport.write(close_frame(message.code))
                    self._end_session()
                self._transport.close()
            elif isinstance(message, Binary):
                if not self._closing and self._session is not None:
                    self._session.binary()

    def pause_writing(self) -> None:
        if self._drained is None:
            self._drained = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        drained, self._drained = self._drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    def eof_received(self) -> bool | None:
        return None  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._closing = True
        self._connections.discard(self)
        self.resume_writing()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._end_session()

    def shutdown(self) -> None:
        # uvicorn is stopping: what its own protocol does (1012), then the connection goes.
        if not self._closing:
            self._closing = True
            self._transport.write(close_frame(SERVICE_RESTART))
            self._end_session()
        self._transport.close()

    # -- keepalive --------------------------------------------------------------------

    def _keep_alive(self) -> None:
        if self._interval:
            self._arm(self._interval, self._ping)

    def _ping(self) -> None:
        self._transport.write(ping_frame(_PING))
        if self._timeout:
            self._arm(self._timeout, self._no_pong)
        else:
            self._keep_alive()

    def _no_pong(self) -> None:
        logger.info("WebSocket keepalive: no pong within %s s; closing", self._timeout)
        self.close(1011, "keepalive ping timeout")

    def _arm(self, delay: float, callback: Any) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(delay, callback)

    def _end_session(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.ended()
