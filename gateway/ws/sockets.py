"""GraphQL over WebSocket, the GraphQL app's side (gateway/graphql.py mixes it in): the
origin and subprotocol of a handshake, connection_init's user, the contexts operations
run with, the per-user rate limit, subscriptions shared by a user's sockets, and the
handover of a graphql-transport-ws socket to the gateway's own protocol
(gateway/ws/native/) where the server offers it."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from graphql import GraphQLError
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types import ExecutionResult as StrawberryResult
from strawberry.types.unset import UNSET, UnsetType

from gateway.acting import Acting
from gateway.auth.principal import Principal
from gateway.errors import GatewayError, RateLimited, Unauthenticated
from gateway.limits import RateLimiter
from gateway.observability import user_id_var
from gateway.origins import OriginPolicy
from gateway.pubsub.multicast import Multicast
from gateway.ws.frames import REFUSAL
from gateway.ws.native.handover import Handover
from gateway.ws.native.session import SocketHost, TransportSession
from gateway.ws.native.socket import NativeSocket
from resolvers.context import Account, Context, Upstream
from resolvers.cursors import CursorKeys

__all__ = ["SocketContext", "SocketSide"]


@dataclass
class SocketContext(Context):
    """A WebSocket's context: its user is known only once connection_init arrives (browsers
    cannot set headers on a WebSocket), so the token comes in that message's payload."""

    # Strawberry stores the connection_init payload here (it looks for the attribute).
    connection_params: dict[str, object] | None = None


class SocketSide:
    """The WebSocket methods of GraphQLApp, over the collaborators it is built with."""

    # Set by GraphQLApp.__init__.
    _upstreams: Callable[[str], Awaitable[Upstream]]
    _cursor_keys: CursorKeys
    _accounts: Callable[[Acting], Account] | None
    _acting: Callable[[Principal], Awaitable[Acting]]
    _authenticate_socket: Callable[[object], Awaitable[Principal]] | None
    _rate_limiter: RateLimiter | None
    _origins: OriginPolicy
    _feed: object
    multicast: Multicast[Any]

    if TYPE_CHECKING:
        # Strawberry's view and GraphQLApp's own, which the app's class provides.
        def _check_websocket_origin(self, request: WebSocket) -> bool: ...

        def _principal(self, scope: Scope) -> Principal | None: ...

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

    async def _hand_over(
        self, scope: Scope, receive: Receive, send: Send, handover: Handover
    ) -> bool:
        """A graphql-transport-ws socket the server can hand over is held as a small
        protocol object instead of this coroutine (gateway/ws/native/): False for any
        other, which Strawberry's view serves (or refuses, for its origin)."""
        socket = WebSocket(scope, receive, send)
        if not self._check_websocket_origin(socket):
            return False
        if await self.pick_websocket_subprotocol(socket) != GRAPHQL_TRANSPORT_WS_PROTOCOL:
            return False
        principal = self._principal(scope)

        def held(transport: Any, connections: set[Any], config: Any) -> NativeSocket:
            native = NativeSocket(transport, connections, config)
            native.start(TransportSession(native, cast(SocketHost, self), principal))
            return native

        return await handover(GRAPHQL_TRANSPORT_WS_PROTOCOL, held)

    async def authenticate(self, principal: Principal | None, payload: object) -> Acting:
        """connection_init's user on a handed-over socket: as `on_ws_connect` finds it."""
        acting = await self._acting(await self._socket_user(principal, payload))
        user_id_var.set(acting.user_id)
        return acting

    def socket_context(self, acting: Acting) -> Context:
        """A fresh context for one operation of a handed-over socket: the user's, with the
        account `me` and the connection mutations answer for."""
        context = self.user_context(acting.key)
        context.account = self._accounts(acting) if self._accounts else None
        return context

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
        return self.multicast.listeners

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
            async with self.multicast.listen(key, open_source) as results:
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
            principal = await self._socket_user(self._principal(socket.scope), payload)
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

    async def _socket_user(self, principal: Principal | None, payload: object) -> Principal:
        """The payload's token, else `principal` (the upgrade request's, or dev mode's)."""
        if payload and self._authenticate_socket is not None:
            try:
                return await self._authenticate_socket(payload)
            except Unauthenticated as error:
                if error.extensions.get("reason") != "missing_token":
                    raise
        if principal is not None:
            return principal
        raise Unauthenticated(
            "connection_init must carry the user token "
            '({"authorization": "Bearer <token>"} or {"token": "<token>"}).',
            reason="missing_token",
        )
