"""uvicorn's HTTP/1.1 protocol (httptools) with the limits uvicorn does not have: a client
that sends an oversized head, trickles it, or opens one connection too many is refused.

    431  a request head (request line and headers) over ServerLimits.max_header_bytes
    408  a request head not complete within header_timeout (counted from the connection's
         opening or the end of the previous response); a connection that sent nothing
         is closed without a word
    503  a connection past max_connections (HTTP and WebSocket together), at once

uvicorn checks none of these: httptools takes headers of any size, nothing times out a
request head (its keep-alive timer starts only after a first response, and any byte
cancels it), and its `limit_concurrency` answers 503 only once a request head is in, so
idle sockets still pile up. h11 caps incomplete heads (16 KiB) but answers 400, and takes
any size that arrives in one read.

Request bodies have their own deadline in the app (body_deadline.py), where the answer can
be the gateway's JSON error; a body the app never reads falls under header_timeout here,
armed again when the response ends.

A refusal is written straight to the socket, then the socket is half-closed and whatever
the client still sends is discarded for a moment before it is closed: closing at once
would make the kernel reset the connection on the client's next bytes, and a reset can
destroy the answer before the client reads it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, ClassVar

import httptools
import orjson
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from gateway.errors import BadUserInput, GatewayError, RateLimited
from gateway.limits.config import ServerLimits

logger = logging.getLogger(__name__)
# Seconds a refused connection stays open, reading and discarding, before it is closed.
LINGER_SECONDS = 2.0


class _Refused(Exception):
    """Raised in a parser callback to stop httptools once the refusal is written."""


class LimitedHttpProtocol(HttpToolsProtocol):
    """Made per connection by uvicorn; `limits` is set on the subclass http_protocol()
    makes, since uvicorn passes a protocol class, not an instance."""

    limits: ClassVar[ServerLimits] = ServerLimits()

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._deadline: asyncio.TimerHandle | None = None
        self._linger: asyncio.TimerHandle | None = None
        self._refused = False
        # Between a request's first byte and the end of its headers.
        self._in_head = False
        # The head's size as parsed (URL and complete header lines), and the bytes of the
        # reads after the one it began in: httptools holds a header line in memory until it
        # ends, so a single endless line shows only in the second count.
        self._head_parsed = 0
        self._head_received = 0
        # A request ended in the read being parsed: the next one began mid-read.
        self._ended_in_this_read = False

    # -- the connection -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            self.connections.discard(self)
            logger.warning(
                "refused a connection from %s: %d connections are open, the limit",
                _client(self.client),
                self.limits.max_connections,
            )
            self._refuse(
                503,
                RateLimited(
                    "The server has as many connections open as it accepts; try again shortly.",
                    retryAfter=1,
                ),
                extra_headers=((b"retry-after", b"1"),),
            )
            return
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._linger is not None:
            self._linger.cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # uvicorn's own, with the parser's errors told apart from our refusals (which stop
        # the parser by raising) and with each read counted while a head is incomplete.
        if self._refused:
            return  # lingering: the answer is written, the rest is discarded
        self._unset_keepalive_if_required()
        head_began_earlier = self._in_head
        self._ended_in_this_read = False
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            if not self._refused:
                message = "Invalid HTTP request received."
                self.logger.warning(message)
                self.send_400_response(message)
            return
        # A head that began at this read's start owns all of it; one that began after
        # another request's end (pipelining) owns an unknown part, counted from the next.
        if self._in_head and (head_began_earlier or not self._ended_in_this_read):
            self._head_received += len(data)
            if self._head_received > self.limits.max_header_bytes:
                self._refuse_head()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # The next head (or the rest of a body the app did not read) must arrive in time;
        # uvicorn's keep-alive timer alone is cancelled by any byte.
        if not self.transport.is_closing() and not self._busy():
            self._arm()

    # -- parser callbacks -----------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_parsed = self._head_received = 0
        if self._deadline is None:  # a pipelined request, begun while another was served
            self._arm()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._disarm()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._ended_in_this_read = True
        super().on_message_complete()

    # -- limits ---------------------------------------------------------------------------

    def _count_head(self, size: int) -> None:
        self._head_parsed += size
        if self._head_parsed > self.limits.max_header_bytes:
            self._refuse_head()
            raise _Refused

    def _refuse_head(self) -> None:
        limit = self.limits.max_header_bytes
        logger.info(
            "refused a request from %s: its headers are over %d bytes",
            _client(self.client),
            limit,
        )
        self._refuse(
            431,
            BadUserInput(
                f"The request's headers are larger than {limit} bytes, the limit.",
                field="headers",
                maxBytes=limit,
            ),
        )

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.limits.header_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if not self._in_head:  # idle, or the rest of an unread body: no request to answer
            self.transport.close()
            return
        seconds = self.limits.header_timeout
        logger.info(
            "refused a request from %s: its headers took longer than %g s",
            _client(self.client),
            seconds,
        )
        self._refuse(
            408,
            BadUserInput(
                f"The request's headers did not arrive within {seconds:g} seconds.",
                field="headers",
            ),
        )

    def _busy(self) -> bool:
        """A request is being answered: nothing else may be written to the socket."""
        return self.cycle is not None and not self.cycle.response_complete

    def _refuse(
        self,
        status: int,
        error: GatewayError,
        extra_headers: tuple[tuple[bytes, bytes], ...] = (),
    ) -> None:
        self._refused = True
        self._disarm()
        if self._busy():  # a pipelined request went wrong mid-answer: no room for another
            self.transport.close()
            return
        body = orjson.dumps(
            {"errors": [{"message": error.message, "extensions": error.to_extensions()}]}
        )
        headers = [
            *self.server_state.default_headers,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *extra_headers,
        ]
        head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
        self.transport.write(STATUS_LINE[status] + head + b"\r\n" + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._linger = self.loop.call_later(LINGER_SECONDS, self.transport.close)


def http_protocol(chosen: ServerLimits) -> type[LimitedHttpProtocol]:
    """The protocol class for uvicorn's `http` option, with these limits."""

    class Protocol(LimitedHttpProtocol):
        limits = chosen

    return Protocol


def _client(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "a client"
