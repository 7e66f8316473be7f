"""The gateway as one ASGI app: where settings, clients, store and routes are wired.

Everything long-lived (httpx clients, the connection store, the BC client) is made by
the lifespan in `Runtime.start` and closed in `Runtime.stop`; routes reach it through
the runtime. This is the one module that imports both the GraphQL side (schema,
resolvers) and the rest of the gateway.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from gateway.auth import UserTokenBackend, UserTokenVerifier, auth_error_response
from gateway.bc.batch import BatchSession
from gateway.bc.client import BCClient, create_http_client
from gateway.bc.types import BCTarget
from gateway.connections import ConnectionStore, open_connection_store
from gateway.errors import NotConnected
from gateway.graphql import GraphQLApp
from gateway.oauth import ConnectFlow, IdentityClient, OAuthConfig, TokenManager
from gateway.oauth.config import CALLBACK_PATH, START_PATH
from gateway.oauth.routes import ConnectEndpoints
from gateway.settings import Settings
from resolvers.context import Upstream
from schema import build_schema


class Runtime:
    """The gateway's long-lived parts, made when the app starts."""

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
        self._bc_transport = bc_transport
        self._idp_transport = idp_transport

    async def start(self) -> None:
        settings = self.settings
        self.bc_http = create_http_client(settings.bc, transport=self._bc_transport)
        # The identity platform and BC's discovery endpoints; no redirects, like BC calls.
        self.idp_http = httpx.AsyncClient(
            transport=self._idp_transport, timeout=15.0, follow_redirects=False
        )
        self.store: ConnectionStore = await open_connection_store(settings.store)
        self.identity = IdentityClient(self.oauth, self.idp_http)
        self.tokens = TokenManager(self.oauth, self.store, self.identity)
        self.flow = ConnectFlow(self.oauth, self.store, self.identity, self.idp_http)
        self.connect = ConnectEndpoints(self.flow)
        self.bc = BCClient(self.bc_http, settings.bc)
        self.auth: AuthenticationBackend | None = (
            UserTokenBackend(UserTokenVerifier(settings.user_tokens, http=self.idp_http))
            if settings.user_tokens is not None
            else None
        )

    async def stop(self) -> None:
        await self.bc.aclose()
        await self.store.close()
        await self.bc_http.aclose()
        await self.idp_http.aclose()

    async def upstream(self, user_id: str) -> Upstream:
        """This user's BC for one GraphQL request: their connection, a fresh batch session."""
        connection = await self.tokens.connection(user_id)
        if not connection.default_company_id:
            raise NotConnected(
                "The connected Business Central environment has no company.",
                reason="no_company",
                connectUrl=self.oauth.connect_url,
            )
        tokens = self.tokens

        async def access_token() -> str:
            return await tokens.access_token(user_id)

        target = BCTarget(key=user_id, api_root=connection.api_root, access_token=access_token)
        session = BatchSession(self.bc, target)
        return Upstream(connection.default_company_id, connection.api_root, session.send)


class _Authentication(AuthenticationBackend):
    """Defers to the runtime's backend, which exists only once the app has started."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        backend = self._runtime.auth
        return None if backend is None else await backend.authenticate(conn)


def create_app(
    settings: Settings,
    *,
    oauth: OAuthConfig | None = None,
    bc_transport: httpx.AsyncBaseTransport | None = None,
    idp_transport: httpx.AsyncBaseTransport | None = None,
    fallback: ASGIApp | None = None,
    on_start: Callable[[Runtime], Awaitable[None]] | None = None,
) -> Starlette:
    """`oauth` overrides settings.oauth (dev mode passes one resolved to the sandbox);
    the transports let tests and dev mode reach BC and the IdP in-process; `fallback`
    serves every path the gateway does not (dev mode mounts the sandbox there, and its
    lifespan runs inside the gateway's); `on_start` runs once the runtime is up."""
    runtime = Runtime(
        settings,
        oauth or settings.oauth,
        bc_transport=bc_transport,
        idp_transport=idp_transport,
    )
    graphql = GraphQLApp(
        build_schema(),
        runtime.upstream,
        graphiql=settings.graphiql,
        anonymous_user=settings.anonymous_user,
    )

    async def connect_start(request: Request) -> Response:
        return await runtime.connect.start(request)

    async def oauth_callback(request: Request) -> Response:
        return await runtime.connect.callback(request)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    callback_path = urlsplit(runtime.oauth.redirect_url).path or CALLBACK_PATH
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route(START_PATH, connect_start, methods=["GET", "POST"], name="connect_start"),
        Route(callback_path, oauth_callback, methods=["GET"], name="oauth_callback"),
        Route("/healthz", healthz),
    ]
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

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(
                AuthenticationMiddleware,
                backend=_Authentication(runtime),
                on_error=auth_error_response,
            )
        ],
    )
    app.state.runtime = runtime
    return app
