"""GraphQL over HTTP: Strawberry's ASGI app, with the user token checked at the edge and a
fresh resolvers Context (and so fresh DataLoaders) per request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from gateway.auth.backend import error_response
from gateway.auth.principal import Principal
from gateway.errors import Unauthenticated
from resolvers.context import Context, Upstream

# user id -> that user's BC for one request (raises NotConnected when there is none).
UpstreamFactory = Callable[[str], Awaitable[Upstream]]


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        schema: BaseSchema,
        upstreams: UpstreamFactory,
        *,
        graphiql: bool = True,
        anonymous_user: str | None = None,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if graphiql else None)
        self._upstreams = upstreams
        # Dev mode only: requests without a token act as this user.
        self._anonymous_user = anonymous_user

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._user_id(scope) is None and not _wants_ide(scope):
            response = error_response(
                Unauthenticated("A user token is required.", reason="missing_token")
            )
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def _user_id(self, scope: Scope) -> str | None:
        user = scope.get("user")
        if isinstance(user, Principal):
            return user.user_id
        return self._anonymous_user

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        user_id = self._user_id(request.scope)
        upstreams = self._upstreams

        async def connect() -> Upstream:
            if user_id is None:
                # Only GraphiQL's page gets here without a user; it runs no operation.
                raise Unauthenticated("A user token is required.")
            return await upstreams(user_id)

        return Context(user_id=user_id or "", connect=connect, extra={"request": request})

    async def get_root_value(self, request: Any) -> None:
        return None

    def encode_json(self, data: object) -> bytes:
        # Results hold only JSON types (Decimals are already strings); orjson is several
        # times faster than json.dumps on a 50-row page.
        return orjson.dumps(data)


def _wants_ide(scope: Scope) -> bool:
    """A browser opening GraphiQL: a GET with no query that accepts HTML."""
    if scope.get("method") != "GET" or b"query=" in scope.get("query_string", b""):
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"")
    return b"text/html" in accept
