"""The gateway as one ASGI app: where settings, clients, store and routes are wired.

Starlette's shape: everything long-lived (the wire to BC, the IdP's httpx client, the
connection store, the BC client, the pub/sub, the webhooks, the rate limiter) is built
first, in `Runtime`, with no I/O; the routes, GraphQL and middleware are given those
objects; the lifespan only opens them (`Runtime.start`) and closes them (`Runtime.stop`).
A request outside that window gets each part's own answer (the webhook receiver a 503,
the store UPSTREAM_UNAVAILABLE). This is the one module that imports both the GraphQL
side (schema, resolvers) and the rest of the gateway.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.authentication import AuthenticationBackend
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp

from gateway.accounts import ConnectionAccount
from gateway.acting import Acting
from gateway.auth import (
    OnPaths,
    Principal,
    UserTokenBackend,
    UserTokenVerifier,
    auth_error_response,
    authenticate_connection_init,
)
from gateway.bc.client import BCClient, create_wire
from gateway.bc.session import Sessions
from gateway.bc.types import BCTarget
from gateway.connections import TokenCipher
from gateway.connections.opening import OpeningStore
from gateway.delivery import Deliveries
from gateway.errors import NotConnected, Unauthenticated
from gateway.executing import app_schema
from gateway.graphiql_assets import LOCAL_PATH, LocalAssets
from gateway.graphql import GraphQLApp
from gateway.hosts import AllowedHosts, HostGuard
from gateway.limits import (
    BodyDeadline,
    BodySizeLimit,
    OpeningRateStore,
    RateLimiter,
)
from gateway.oauth import ConnectFlow, IdentityClient, OAuthConfig, TokenManager, app_refusal
from gateway.oauth.config import CALLBACK_PATH, CONSENT_START_PATH, START_PATH
from gateway.oauth.routes import ConnectEndpoints
from gateway.observability import (
    Metrics,
    Readiness,
    RequestContext,
    UserContext,
    add_readiness_checks,
)
from gateway.observability.tracing import Tracer
from gateway.organisations import Organisations
from gateway.persisted import PersistedQueries
from gateway.proxy import METHODS as PROXY_METHODS
from gateway.proxy import ProxyEndpoint
from gateway.pubsub import Broadcast, open_backend
from gateway.settings import Settings, reported_as
from gateway.sse import EventStreams
from gateway.webhooks import RECEIVER_PATH, Webhooks
from gateway.webhooks.registry import registry_url
from resolvers.context import Upstream
from resolvers.cursors import CursorKeys

# Only the gateway's own user-facing routes carry user tokens (gateway/auth/backend.py).
USER_TOKEN_PATHS = ("/graphql", START_PATH, CONSENT_START_PATH, "/proxy/")


class Runtime:
    """The gateway's long-lived parts, all built here, before the app (no I/O: nothing is
    opened or connected); `start()` opens them, in the app's lifespan, and `stop()` closes
    them. The app's routes, GraphQL and middleware are given these objects themselves."""

    def __init__(
        self,
        settings: Settings,
        oauth: OAuthConfig,
        *,
        bc_transport: httpx.AsyncBaseTransport | None = None,
        idp_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.oauth = oauth
        # The entities served: BC's standard ones and the custom APIs the settings load.
        self.entities = settings.entities
        # Counters exist from the start (extensions and routes hold them); nothing to close.
        self.metrics = Metrics()
        # Parts with a dependency of their own (pub/sub) add their check in start().
        self.readiness = Readiness(settings.ready_timeout)
        # The provider exports from a thread of its own, started only by start().
        self.tracing = Tracer() if settings.otel else None
        # aiohttp to BC over the network (its session is made on first use, in a loop);
        # httpx over a transport given (tests, dev mode).
        self.bc_wire = create_wire(settings.bc, transport=bc_transport)
        # The identity platform and BC's discovery endpoints; no redirects, like BC calls.
        self.idp_http = httpx.AsyncClient(
            transport=idp_transport,
            timeout=15.0,
            follow_redirects=False,
            event_hooks=self.metrics.idp_event_hooks(),  # counts token refreshes
        )
        self.store = OpeningStore(settings.store, bc_api_url=oauth.bc_api_base_url)
        keys = settings.store.encryption_keys
        # Without keys (tests), cursors last as long as the process.
        self.cursor_keys = CursorKeys.derive(keys) if keys else CursorKeys.generate()
        self.identity = IdentityClient(oauth, self.idp_http)
        self.tokens = TokenManager(oauth, self.store, self.identity)
        self.flow = ConnectFlow(oauth, self.store, self.identity, self.idp_http)
        self.flow.on_connected(self.tokens.forget)
        self.connect = ConnectEndpoints(self.flow)
        # Organisations' S2S connections: who acts through which, and admin consent.
        self.orgs = Organisations(
            settings, oauth, self.store, self.identity, self.idp_http, self.tokens, self.flow
        )
        retries = self.metrics.upstream_retries
        self.bc = BCClient(
            self.bc_wire,
            settings.bc,
            on_retry=lambda reason: retries.labels(reason).inc(),
            # Counted as BC answered: requests by entity and status, 429s, durations.
            on_answer=self.metrics.bc_answered,
        )
        # The one way to a user's BC, for GraphQL requests and the webhook engine alike.
        self.sessions = Sessions(self.bc, self.tokens)
        self.verifier = (
            UserTokenVerifier(settings.user_tokens, http=self.idp_http)
            if settings.user_tokens is not None
            else None
        )
        self.auth: AuthenticationBackend | None = (
            UserTokenBackend(self.verifier) if self.verifier is not None else None
        )
        # Record events posted to the app's backend, from a durable queue (gateway/delivery).
        self.deliveries = Deliveries(settings.events, settings.store, self.metrics.registry)
        # Live events: the pub/sub, and the BC webhooks that feed it. The registry of BC
        # subscriptions follows the pub/sub URL: shared by replicas exactly when events are;
        # with the pub/sub in the process, it is in a SQLite store's file (registry.py).
        with reported_as("PUBSUB_URL", settings.pubsub.url):
            self.broadcast = Broadcast(
                open_backend(settings.pubsub, namespace=settings.store.namespace),
                queue_size=settings.pubsub.queue_size,
            )
            self.webhooks = Webhooks(
                settings.webhooks,
                registry_url=registry_url(settings.pubsub.url, settings.store.url),
                namespace=settings.store.namespace,
                cipher=TokenCipher(settings.store.encryption_keys),
                public_url=settings.public_url,
                broadcast=self.broadcast,
                store=self.store,
                sessions=self.sessions,
                tokens=self.tokens,
                entities=self.entities,
                outbox=self.deliveries.publish,
            )
        limits = settings.limits
        self.rate_store = OpeningRateStore(limits.rate_store_url) if limits.rate_limited else None
        self.rate_limiter = (
            RateLimiter(
                self.rate_store,
                limits.rate_per_second,
                limits.rate_burst,
                on_refused=self.metrics.rate_limited.inc,
            )
            if self.rate_store is not None
            else None
        )
        # GraphQL over SSE: the streams stop() (or the server, first) drains.
        self.streams = EventStreams(keep_alive=settings.server.sse_keep_alive)
        streams = self.streams
        self.metrics.event_streams.set_function(lambda: streams.open)
        # What start() opened, closed by stop() in reverse order (or by start() itself
        # when a later part fails: a failed start leaves nothing open).
        self._opened = contextlib.AsyncExitStack()

    async def start(self) -> None:
        try:
            await self._start()
        except BaseException:
            await self._opened.aclose()
            raise

    async def _start(self) -> None:
        settings = self.settings
        opened = self._opened
        if self.tracing is not None:
            with reported_as("OTEL"):
                self.tracing.start()
            opened.callback(self.tracing.shutdown)  # last to close: flushes the spans queued
        opened.push_async_callback(self.bc_wire.aclose)
        opened.push_async_callback(self.idp_http.aclose)
        with reported_as("STORE_URL", settings.store.url):
            await self.store.start()
        opened.push_async_callback(self.store.close)
        opened.push_async_callback(self.bc.aclose)
        with reported_as("PUBSUB_URL", settings.pubsub.url):
            await self.broadcast.connect()
        opened.push_async_callback(self.broadcast.disconnect)
        # Before the webhooks, which publish into it, and closed after them.
        with reported_as("EVENTS_QUEUE_URL", self.deliveries.queue_url):
            await self.deliveries.start()
        opened.push_async_callback(self.deliveries.stop)
        with reported_as("PUBSUB_URL", settings.pubsub.url):
            await self.webhooks.start()
        # Webhooks first at shutdown: a process whose registry goes with it then deletes
        # its BC subscriptions, which needs the BC client and the store.
        opened.push_async_callback(self.webhooks.stop)
        await self.deliveries.watch(self.webhooks.interest, self.store, self.entities)
        opened.push_async_callback(self.deliveries.unwatch)
        if self.rate_store is not None:
            with reported_as("RATE_LIMIT_URL", settings.limits.rate_store_url):
                await self.rate_store.start()
            opened.push_async_callback(self.rate_store.close)
        add_readiness_checks(
            self.readiness, self.store, self.idp_http, self.oauth, self.webhooks.registry
        )
        # First at shutdown: subscriptions' event streams end before what feeds them.
        opened.callback(self.streams.drain)

    async def stop(self) -> None:
        await self._opened.aclose()

    async def upstream(self, key: str) -> Upstream:
        """A connection's BC (gateway/acting.py) for one GraphQL request: a fresh session."""
        connection = await self.tokens.connection(key)
        if not connection.default_company_id:
            raise NotConnected(
                "The connected Business Central environment has no company.",
                reason="no_company",
                connectUrl=self.oauth.connect_url,
            )
        return Upstream(
            connection.default_company_id,
            self.sessions.session(self.sessions.target_of(connection)),
            refused=app_refusal(connection),
        )

    async def authenticate_socket(self, payload: object) -> Principal:
        """The user a WebSocket's connection_init payload carries a token for."""
        if self.verifier is None:
            raise Unauthenticated("User tokens are not configured.", reason="missing_token")
        return await authenticate_connection_init(self.verifier, payload)

    async def target(self, key: str) -> BCTarget:
        """A connection's BC API root and token (the REST passthrough's target)."""
        return await self.sessions.target(key)

    def account(self, acting: Acting) -> ConnectionAccount:
        return ConnectionAccount(
            self.store,
            self.tokens,
            acting,
            deliveries=self.deliveries,
            resolver=self.orgs.acting,
        )


def create_app(
    settings: Settings,
    *,
    oauth: OAuthConfig | None = None,
    bc_transport: httpx.AsyncBaseTransport | None = None,
    idp_transport: httpx.AsyncBaseTransport | None = None,
    fallback: ASGIApp | None = None,
    on_start: Callable[[Runtime], Awaitable[None]] | None = None,
    graphiql_assets: LocalAssets | None = None,
) -> Starlette:
    """`oauth` overrides settings.oauth (dev mode passes one resolved to the sandbox);
    the transports let tests and dev mode reach BC and the IdP in-process; `fallback`
    serves every path the gateway does not (dev mode mounts the sandbox there, and its
    lifespan runs inside the gateway's); `on_start` runs once the runtime is up;
    `graphiql_assets` is the local copy of GraphiQL's files (default: the package's,
    gateway/graphiql_files/, when it holds one)."""
    runtime = Runtime(
        settings,
        (oauth or settings.oauth).on_public_url(settings.public_url),
        bc_transport=bc_transport,
        idp_transport=idp_transport,
    )
    schema, prepared = app_schema(settings, runtime.entities, runtime.metrics, runtime.tracing)
    if settings.graphiql and graphiql_assets is None:
        graphiql_assets = LocalAssets()
    local_assets = graphiql_assets if graphiql_assets and graphiql_assets.complete else None
    graphql = GraphQLApp(
        schema,
        runtime.upstream,
        graphiql=settings.graphiql,
        graphiql_local_assets=local_assets is not None,
        anonymous_user=settings.anonymous_user,
        rate_limiter=runtime.rate_limiter,
        persisted=PersistedQueries(settings.apq_cache_size) if settings.apq_cache_size else None,
        accounts=runtime.account,
        authenticate_socket=runtime.authenticate_socket,
        feed=runtime.webhooks.feed,
        subscriber_queue=settings.pubsub.queue_size,
        init_timeout=settings.server.ws_init_timeout,
        origins=settings.cors,
        event_streams=runtime.streams,
        cursor_keys=runtime.cursor_keys,
        acting=runtime.orgs.acting.resolve,
        prepared=prepared,
    )
    proxy = ProxyEndpoint(
        runtime.target,
        runtime.bc,
        anonymous_user=settings.anonymous_user,
        # The limiter GraphQL uses: one bucket per user, whichever door (gateway/proxy.py).
        rate_limiter=runtime.rate_limiter,
        acting=runtime.orgs.acting.resolve,
    )

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    callback_path = urlsplit(runtime.oauth.redirect_url).path or CALLBACK_PATH
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        # Subscriptions: graphql-transport-ws and the legacy graphql-ws, on the same path.
        WebSocketRoute("/graphql", graphql),
        Route(RECEIVER_PATH, runtime.webhooks.receive, methods=["GET", "POST"], name="bc_webhook"),
        Route("/proxy/{path:path}", proxy.handle, methods=PROXY_METHODS, name="proxy"),
        Route(START_PATH, runtime.connect.start, methods=["GET", "POST"], name="connect_start"),
        Route(callback_path, runtime.connect.callback, methods=["GET"], name="oauth_callback"),
        *runtime.orgs.routes(),
        Route("/healthz", healthz),
        Route("/readyz", runtime.readiness.endpoint),
        Route("/metrics", runtime.metrics.endpoint),
    ]
    if settings.graphiql and local_assets is not None:
        routes.append(Route(LOCAL_PATH + "/{path:path}", local_assets.endpoint))
    if fallback is not None:
        routes.append(Mount("/", app=fallback))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            if isinstance(fallback, Starlette):
                await stack.enter_async_context(fallback.router.lifespan_context(fallback))
            await runtime.start()
            stack.push_async_callback(runtime.stop)
            if on_start is not None:
                await on_start(runtime)
            yield

    # Outermost first. The request id wraps everything (every log line has it); CORS
    # wraps the refusals below it, so a browser can read a 401, 408, 413 or 429. (Its origin
    # policy also checks WebSocket handshakes, in GraphQLApp: CORS does not cover those.)
    middleware = [Middleware(RequestContext)]
    anonymous = settings.anonymous_user is not None
    if settings.allowed_hosts or anonymous:
        # Where requests without a token act as a user (dev mode) the check is not optional.
        allowed = AllowedHosts.of(settings.public_url, settings.allowed_hosts)
        middleware.append(
            Middleware(
                HostGuard,
                allowed=allowed,
                check_origin=anonymous,
                origins=settings.cors,
            )
        )
    if (cors := settings.cors.middleware()) is not None:
        middleware.append(cors)
    middleware += [
        Middleware(BodyDeadline, seconds=settings.server.body_timeout),
        Middleware(
            BodySizeLimit, max_bytes=settings.limits.max_body_bytes, exempt=("/webhooks/bc",)
        ),
        Middleware(
            AuthenticationMiddleware,
            backend=OnPaths(runtime.auth, USER_TOKEN_PATHS),
            on_error=auth_error_response,
        ),
        Middleware(UserContext),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.runtime = runtime
    # The server calls it when it starts to stop, before it waits for open responses
    # (gateway/server.py): event streams would otherwise hold it up for good.
    app.state.drain = runtime.streams.drain
    return app
