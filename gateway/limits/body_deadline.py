"""ASGI middleware for request bodies that do not arrive: a client that trickles its body
or stops sending it is answered 408 once ServerLimits.body_timeout has passed since the
request began, and a client that leaves mid-body is logged in one quiet line.

Without it a stalled body held its request (and its connection) forever, and a client
that hung up mid-body surfaced as Starlette's ClientDisconnect: an error-level traceback
from uvicorn ("Exception in ASGI application") for what is the client's doing.

Only reading the body is timed: once its last part is in, a receive() that waits for the
client to disconnect (as a streamed response does) waits as long as it must.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import BadUserInput
from gateway.limits.response_watch import ResponseWatch

logger = logging.getLogger(__name__)


class _BodyTimedOut(Exception):
    pass


class BodyDeadline:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + self.seconds
        body_read = False

        async def timed_receive() -> Message:
            nonlocal body_read
            if body_read:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise _BodyTimedOut from None
            body_read = message["type"] != "http.request" or not message.get("more_body")
            return message

        watch = ResponseWatch(send)

        try:
            await self.app(scope, timed_receive, watch)
        except ClientDisconnect:
            # Nobody is left to answer; the access log has no line for it either.
            logger.info(
                "%s %s: the client disconnected before sending the whole request body",
                scope["method"],
                scope["path"],
            )
        except _BodyTimedOut:
            logger.info(
                "%s %s: the request body did not arrive within %g s; answered 408",
                scope["method"],
                scope["path"],
                self.seconds,
            )
            if not watch.started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = BadUserInput(
            f"The request body did not arrive within {self.seconds:g} seconds.", field="body"
        )
        response = JSONResponse(
            {"errors": [{"message": error.message, "extensions": error.to_extensions()}]},
            status_code=408,
            # The rest of the body may still come: the connection cannot carry another request.
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)
