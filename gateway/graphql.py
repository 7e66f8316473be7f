"""GraphQL over HTTP: Strawberry's ASGI app, with the user token checked at the edge and a
fresh resolvers Context (and so fresh DataLoaders) per request.

Before Strawberry sees a request: the per-user rate limit (429 with Retry-After) and
automatic persisted queries (a hash in place of the document). The GraphiQL page is
bcgraph's own, opening with example operations (gateway/graphiql.py).

Over a WebSocket (graphql-transport-ws and the legacy graphql-ws) each operation a client
starts takes a token from the same per-user bucket; a refusal is the protocol's `error`
message for that operation, and the socket stays open. A socket that sends no
connection_init within `init_timeout` is closed (4408), whichever the protocol. The
protocols' handlers, and subscriptions shared by a user's sockets, are in gateway/ws/.

A request that accepts text/event-stream, once past the token and the rate limit, runs
its operation as graphql-sse's distinct-connections mode (gateway/sse/).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

import orjson
from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types import ExecutionResult as StrawberryResult
from strawberry.types.unset import UNSET, UnsetType

from gateway.acting import Acting, own_connection
from gateway.auth.backend import error_response
from gateway.auth.principal import Principal
from gateway.errors import GatewayError, RateLimited, Unauthenticated
from gateway.graphiql import graphiql_page
from gateway.graphql_media import (
    GRAPHQL_RESPONSE,
    accepts_graphql_response,
    never_ran,
    parse_request_json,
    wants_ide,
)
from gateway.limits import RateLimiter
from gateway.observability import user_id_var
from gateway.origins import OriginPolicy
from gateway.persisted import PersistedQueries
from gateway.prepared import PreparedOperations
from gateway.pubsub.multicast import Multicast
from gateway.sse import EventStreams, serve_event_stream, wants_event_stream
from gateway.ws.fanout import SubscriptionPlans
from gateway.ws.frames import REFUSAL, TextFrames
from gateway.ws.legacy import LegacyWSHandler
from gateway.ws.transport import TransportWSHandler
from resolvers.context import Account, Context, Upstream
from resolvers.cursors import CursorKeys

# connection key -> that connection's BC for one request (NotConnected when there is none).
UpstreamFactory = Callable[[str], Awaitable[Upstream]]
# who acts through which connection -> it, for `me`, `setDefaultCompany` and `disconnect`.
AccountFactory = Callable[[Acting], Account]
# connection_init payload -> the principal its token names (raises Unauthenticated).
SocketAuthenticator = Callable[[object], Awaitable[Principal]]
# principal -> the connection the request acts through (gateway/acting.py).
ActingFactory = Callable[[Principal], Awaitable[Acting]]
# Where __call__ leaves the request's Acting (or why it has none) for get_context.
_ACTING, _FAILED = "bcgraph.acting", "bcgraph.acting_failed"


@dataclass
class SocketContext(Context):
    """A WebSocket's context: its user is known only once connection_init arrives (browsers
    cannot set headers on a WebSocket), so the token comes in that message's payload."""

    # Strawberry stores the connection_init payload here (it looks for the attribute).
    connection_params: dict[str, object] | None = None


class GraphQLApp(GraphQL[Context, None]):
    websocket_adapter_class = TextFrames
    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    def __init__(
        self,
        schema: BaseSchema,
        upstreams: UpstreamFactory,
        *,
        graphiql: bool = True,
        graphiql_local_assets: bool = False,
        anonymous_user: str | None = None,
        rate_limiter: RateLimiter | None = None,
        persisted: PersistedQueries | None = None,
        accounts: AccountFactory | None = None,
        authenticate_socket: SocketAuthenticator | None = None,
        feed: object = None,
        subscriber_queue: int = 256,
        init_timeout: float = 10.0,
        origins: OriginPolicy | None = None,
        event_streams: EventStreams | None = None,
        cursor_keys: CursorKeys | None = None,
        acting: ActingFactory = own_connection,
        prepared: PreparedOperations | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            connection_init_wait_timeout=timedelta(seconds=init_timeout),
        )
        self._upstreams = upstreams
        self._cursor_keys = cursor_keys or CursorKeys.generate()
        self._accounts = accounts
        self._acting = acting
        # Dev mode only: requests without a token act as this user.
        self._anonymous_user = anonymous_user
        # Built before the app; the lifespan opens its store (None: no rate limit).
        self._rate_limiter = rate_limiter
        self._persisted = persisted
        self._page = graphiql_page(
            local_assets=graphiql_local_assets, needs_token=anonymous_user is None
        )
        self._authenticate_socket = authenticate_socket
        # What subscriptions read (resolvers/subscriptions.py); started by the lifespan.
        self._feed = feed
        self._multicast: Multicast[Any] = Multicast(queue_size=subscriber_queue)
        self.subscription_plans = SubscriptionPlans(cast(Any, schema)._schema)
        self._origins = origins or OriginPolicy()
        self.event_streams = event_streams or EventStreams()
        # Repeated reads answered without Strawberry's view (None: every request goes there).
        self.prepared = prepared

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if wants_ide(scope):
            await super().__call__(scope, receive, send)
            return
        principal = self._principal(scope)
        if principal is None:
            response = error_response(
                Unauthenticated("A user token is required.", reason="missing_token")
            )
            await response(scope, receive, send)
            return
        user_id_var.set(principal.user_id)  # the anonymous dev user has no principal to log by
        state = scope.setdefault("state", {})
        try:
            acting = await self._acting(principal)
        except Unauthenticated as error:
            await error_response(error)(scope, receive, send)
            return
        except GatewayError as error:
            # The store is down, or not open yet: the fields that need BC say so.
            acting, state[_FAILED] = Acting(principal.user_id, principal.user_id), error
        state[_ACTING] = acting
        # One bucket per connection: a user's own, or their organisation's, which BC limits
        # as one client however many users share it.
        limiter = self._rate_limiter
        if limiter is not None and (refused := await limiter.check(acting.key)) is not None:
            await error_response(refused)(scope, receive, send)
            return
        if wants_event_stream(scope):
            await serve_event_stream(self, scope, receive, send)
            return
        if self.prepared is not None:
            left = await self.prepared.serve(scope, receive, send, self._request_context)
            if left is None:
                return
            receive = left
        try:
            await super().__call__(scope, receive, send)
        except GatewayError as error:
            # Raised before Strawberry answered (persisted queries): nothing was sent yet.
            await error_response(error)(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self._page)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A persisted query over GET carries `extensions` instead of `query`: an operation.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    def parse_json(self, data: str | bytes) -> Any:
        return parse_request_json(data)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        persisted = self._persisted
        if persisted is None:
            return data
        if isinstance(data, list):
            return [persisted.resolve(item) for item in data]
        return persisted.resolve(data)

    def _principal(self, scope: Scope) -> Principal | None:
        user = scope.get("user")
        if isinstance(user, Principal):
            return user
        return None if self._anonymous_user is None else Principal(self._anonymous_user)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(request, WebSocket):
            return self._socket_context(request)
        return await self._request_context(request)

    async def _request_context(self, request: Request) -> Context:
        acting: Acting | None = request.scope.get("state", {}).get(_ACTING)
        failed: GatewayError | None = request.scope.get("state", {}).get(_FAILED)
        upstreams = self._upstreams

        async def connect() -> Upstream:
            if failed is not None:
                raise failed
            if acting is None:
                # Only GraphiQL's page gets here without a user; it runs no operation.
                raise Unauthenticated("A user token is required.")
            return await upstreams(acting.key)

        account = self._accounts(acting) if self._accounts and acting is not None else None
        return Context(
            user_id=acting.key if acting is not None else "",
            connect=connect,
            cursor_keys=self._cursor_keys,
            extra={"request": request, "feed": self._feed},
            account=account,
        )

    # -- WebSockets: graphql-transport-ws and the legacy graphql-ws -------------------------

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        # Strawberry asks only about cross-origin handshakes (it lets through those without
        # an Origin header, not a browser's, and those from the gateway's own origin, its
        # GraphiQL), and answers a refusal with 403.
        return self._origins.allows(origin)

    async def pick_websocket_subprotocol(self, request: WebSocket) -> str | None:
        # A client offering both gets graphql-transport-ws, whatever its order: the legacy
        # protocol runs subscriptions only, and clients like gql list it first.
        offered = request.scope.get("subprotocols") or ()
        for protocol in (GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL):
            if protocol in offered:
                return protocol
        return None

    def _socket_context(self, socket: WebSocket) -> SocketContext:
        upstreams = self._upstreams

        async def connect() -> Upstream:
            if not context.user_id:  # pragma: no cover - Strawberry runs nothing before the ack
                raise Unauthenticated("A user token is required.")
            return await upstreams(context.user_id)

        context = SocketContext(
            user_id="",
            connect=connect,
            cursor_keys=self._cursor_keys,
            extra={"request": socket, "feed": self._feed},
        )
        return context

    async def take_operation(self, user_id: str) -> RateLimited | None:
        """One operation sent over a WebSocket takes a token from the user's bucket, the one
        HTTP requests take from: None when it may run, else the refusal."""
        limiter = self._rate_limiter
        return None if limiter is None else await limiter.check(user_id)

    @property
    def shared_listeners(self) -> int:
        """Sockets attached to shared subscriptions (for metrics and tests)."""
        return self._multicast.listeners

    def user_context(self, user_id: str) -> Context:
        """The context of a subscription shared by the sockets of a connection (`user_id`:
        its key), owned by none of them, so it outlives whichever leaves first."""
        upstreams = self._upstreams

        async def connect() -> Upstream:
            return await upstreams(user_id)

        return Context(
            user_id=user_id,
            connect=connect,
            cursor_keys=self._cursor_keys,
            extra={"feed": self._feed},
        )

    async def shared(
        self, key: Hashable, open_source: Callable[[], Awaitable[Any]]
    ) -> AsyncGenerator[Any, None]:
        """One socket's view of a shared subscription. A socket that falls behind is ended
        alone, with the error as its last result (as an unshared subscription would)."""
        try:
            async with self._multicast.listen(key, open_source) as results:
                async for result in results:
                    yield result
        except GatewayError as error:
            yield StrawberryResult(
                data=None,
                errors=[GraphQLError(error.message, extensions=error.to_extensions())],
            )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """connection_init: the user token in its payload, else the one on the upgrade
        request, else (dev mode only) the anonymous user. A bad token closes the socket
        (graphql-transport-ws: 4403 with the reason, e.g. `token_expired`; graphql-ws:
        connection_error with the error, its extensions carrying the reason)."""
        payload = getattr(context, "connection_params", None)
        socket: WebSocket = context.extra["request"]
        try:
            principal = await self._socket_user(socket.scope, payload)
            acting = await self._acting(principal)
        except GatewayError as error:
            setattr(socket.state, REFUSAL, str(error.extensions.get("reason") or error.code))
            raise ConnectionRejectionError(
                {"message": error.message, "extensions": error.to_extensions()}
            ) from None
        context.user_id = acting.key
        context.account = self._accounts(acting) if self._accounts else None
        user_id_var.set(principal.user_id)
        return cast(UnsetType, UNSET)

    async def _socket_user(self, scope: Scope, payload: object) -> Principal:
        if payload and self._authenticate_socket is not None:
            try:
                return await self._authenticate_socket(payload)
            except Unauthenticated as error:
                if error.extensions.get("reason") != "missing_token":
                    raise
        principal = self._principal(scope)
        if principal is not None:
            return principal
        raise Unauthenticated(
            "connection_init must carry the user token "
            '({"authorization": "Bearer <token>"} or {"token": "<token>"}).',
            reason="missing_token",
        )

    # -- GraphQL over HTTP: application/graphql-response+json -------------------------------
    # A client that accepts the spec's media type gets it, and with it status codes that say
    # what happened: 400 and no `data` when the request never ran (it did not parse or
    # validate, or its variables were wrong). Plain application/json keeps 200 for those.

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> Any:
        result = await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )
        if accepts_graphql_response(request):
            sub_response.media_type = GRAPHQL_RESPONSE
            if isinstance(result, StrawberryResult) and never_ran(result):
                sub_response.status_code = 400
        return result

    async def process_result(self, request: Request, result: Any) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if (
            isinstance(result, StrawberryResult)
            and never_ran(result)
            and (accepts_graphql_response(request) or wants_event_stream(request.scope))
        ):
            # The spec's "data is not present" when it never ran (also in an event stream).
            processed.pop("data", None)
        return processed

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type:
            response.headers["content-type"] = f"{sub_response.media_type}; charset=utf-8"
        return response

    def encode_json(self, data: object) -> bytes:
        # Results hold only JSON types (Decimals are already strings); orjson is several
        # times faster than json.dumps on a 50-row page.
        return orjson.dumps(data)
