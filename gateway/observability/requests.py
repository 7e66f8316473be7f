"""ASGI middleware that give each request its request id and user id, for the logs.

RequestContext goes outermost: every log line of a request, the access log included,
carries its id, and the response returns it in X-Request-ID (a sane id the client sent is
kept, so a frontend's id follows the request through). UserContext goes right inside the
authentication middleware, once the user token has been checked.
"""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.auth.principal import Principal
from gateway.observability.logs import request_id_var, user_id_var

HEADER = b"x-request-id"
_SANE = re.compile(rb"^[A-Za-z0-9._:-]{1,64}$")


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = _header(scope, HEADER)
        request_id = given.decode() if _SANE.match(given) else uuid.uuid4().hex
        raw_id = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((HEADER, raw_id))
            await send(message)

        request_token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            user_id_var.reset(user_token)
            request_id_var.reset(request_token)


def _header(scope: Scope, name: bytes) -> bytes:
    # The last one wins, as a dict of the headers would have it; without building one.
    found = b""
    for key, value in scope.get("headers", ()):
        if key == name:
            found = value
    return bytes(found)


class UserContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        user = scope.get("user")
        if isinstance(user, Principal):
            user_id_var.set(user.user_id)
        await self.app(scope, receive, send)
