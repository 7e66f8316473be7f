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

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, cast

import orjson
from cross_web import AsyncHTTPRequestAdapter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult as StrawberryResult

from gateway.acting import Acting, own_connection
from gateway.auth.backend import error_response
from gateway.auth.principal import Principal
from gateway.errors import GatewayError, Unauthenticated
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
from gateway.ws.frames import TextFrames
from gateway.ws.legacy import LegacyWSHandler
from gateway.ws.native.handover import HANDOVER
from gateway.ws.shared import SharedSubscriptions
from gateway.ws.sockets import SocketSide
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


class GraphQLApp(SocketSide, GraphQL[Context, None]):
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
        self.multicast: Multicast[Any] = Multicast(queue_size=subscriber_queue)
        self.subscription_plans = SubscriptionPlans(cast(Any, schema)._schema)
        # The schema as a handed-over socket calls it (gateway/ws/native/).
        self.shared_schema = SharedSubscriptions(self, schema)
        self.init_timeout = init_timeout
        self._origins = origins or OriginPolicy()
        self.event_streams = event_streams or EventStreams()
        # Repeated reads answered without Strawberry's view (None: every request goes there).
        self.prepared = prepared

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            handover = scope.get("extensions", {}).get(HANDOVER)
            if handover is not None and await self._hand_over(scope, receive, send, handover):
                return
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
