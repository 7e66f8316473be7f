"""ASGI middleware: a request body larger than the limit is answered 413 before it is parsed.

A declared Content-Length over the limit is refused at once, without reading the body; a
chunked body is counted as it arrives and refused when it passes the limit.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import QueryTooComplex
from gateway.limits.response_watch import ResponseWatch


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, exempt: tuple[str, ...] = ()) -> None:
        """`exempt`: path prefixes whose senders must never see a 413 (BC deletes a
        webhook subscription on any 4xx other than 408/429)."""
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        watch = ResponseWatch(send)

        try:
            await self.app(scope, counting_receive, watch)
        except _TooLarge:
            if watch.started:  # pragma: no cover - an app that answers before reading its body
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = QueryTooComplex(
            f"The request body is larger than {self.max_bytes} bytes, the limit.",
            maxBytes=self.max_bytes,
        )
        response = JSONResponse(
            {"errors": [{"message": error.message, "extensions": error.to_extensions()}]},
            status_code=413,
            # The rest of the body is not read: the connection cannot be reused for another.
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
