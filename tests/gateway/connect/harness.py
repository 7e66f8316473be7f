"""A gateway's connect pieces wired to a real sandbox, and a browser to drive them.

The gateway's HTTP client reaches the sandbox through a counting wrapper around the
real transport (ASGI, or a socket when the sandbox runs under uvicorn): it changes
nothing, it only records which grants reached the token endpoint.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware

from gateway.auth import (
    UserTokenBackend,
    UserTokenConfig,
    UserTokenVerifier,
    auth_error_response,
    mint_user_token,
)
from gateway.connections import ConnectionStore
from gateway.oauth import ConnectFlow, IdentityClient, OAuthConfig, TokenManager, connect_routes
from sandbox.app import Sandbox, create_sandbox
from tests.conftest import sandbox_settings

GATEWAY = "http://127.0.0.1:8765"
SANDBOX = "http://sandbox.test"
ALICE = "alice@contoso.example"
CAROL = "carol@fabrikam.example"
USER_TOKENS = UserTokenConfig(hs256_secret="connect-tests-secret-0123456789abcdef")


class Clock:
    def __init__(self, now: float = 1_900_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CountingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.grants: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/oauth2/v2.0/token"):
            form = parse_qs((await request.aread()).decode())
            self.grants.append(form.get("grant_type", [""])[0])
        return await self.inner.handle_async_request(request)

    def count(self, grant: str) -> int:
        return self.grants.count(grant)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class Gateway:
    """One gateway replica's connect pieces."""

    config: OAuthConfig
    store: ConnectionStore
    http: httpx.AsyncClient
    identity: IdentityClient
    flow: ConnectFlow
    tokens: TokenManager
    app: Starlette
    clock: Clock


@dataclass
class World:
    sandbox_app: Starlette
    sandbox_url: str
    counter: CountingTransport
    replicas: list[Gateway] = field(default_factory=list)

    @property
    def sandbox(self) -> Sandbox:
        sandbox: Sandbox = self.sandbox_app.state.sandbox
        return sandbox

    @property
    def gw(self) -> Gateway:
        return self.replicas[0]

    def sandbox_transport(self) -> httpx.AsyncBaseTransport:
        if self.sandbox_url == SANDBOX:
            return httpx.ASGITransport(app=self.sandbox_app)
        return httpx.AsyncHTTPTransport()

    def add_replica(self, store: ConnectionStore, **config: Any) -> Gateway:
        oauth = dataclasses.replace(OAuthConfig(), **config).resolve(self.sandbox_url)
        clock = Clock()
        http = httpx.AsyncClient(transport=self.counter)
        identity = IdentityClient(oauth, http)
        flow = ConnectFlow(oauth, store, identity, http, clock=clock)
        tokens = TokenManager(oauth, store, identity, clock=clock)
        app = Starlette(
            routes=connect_routes(flow),
            middleware=[
                Middleware(
                    AuthenticationMiddleware,
                    backend=UserTokenBackend(UserTokenVerifier(USER_TOKENS)),
                    on_error=auth_error_response,
                )
            ],
        )
        replica = Gateway(oauth, store, http, identity, flow, tokens, app, clock)
        self.replicas.append(replica)
        return replica

    def browser(self, gateway: Gateway | None = None) -> httpx.AsyncClient:
        """One browser (one cookie jar) that reaches the gateway and the sandbox."""
        app = (gateway or self.gw).app
        return httpx.AsyncClient(
            mounts={
                GATEWAY: httpx.ASGITransport(app=app),
                self.sandbox_url: self.sandbox_transport(),
            }
        )

    async def connect(self, user_id: str, login_hint: str = ALICE) -> httpx.Response:
        """The whole round trip for one user, as their browser would make it."""
        async with self.browser() as browser:
            start = await start_connect(browser, user_id, login_hint)
            callback = await browser.get(start.headers["location"])
            assert callback.status_code == 302, callback.text
            return await browser.get(callback.headers["location"])


@asynccontextmanager
async def world(sandbox_url: str = SANDBOX, **sandbox: Any) -> AsyncIterator[World]:
    app = create_sandbox(sandbox_settings(public_url=sandbox_url, **sandbox))
    inner: httpx.AsyncBaseTransport = (
        httpx.ASGITransport(app=app) if sandbox_url == SANDBOX else httpx.AsyncHTTPTransport()
    )
    w = World(app, sandbox_url, CountingTransport(inner))
    try:
        yield w
    finally:
        for replica in w.replicas:
            await replica.http.aclose()


def user_token(user_id: str) -> str:
    return mint_user_token(USER_TOKENS, user_id)


async def start_connect(
    browser: httpx.AsyncClient, user_id: str, login_hint: str | None = ALICE
) -> httpx.Response:
    """`GET /connect/start` as `user_id`; returns the 302 to the authorize URL."""
    params = {"login_hint": login_hint} if login_hint else {}
    response = await browser.get(
        f"{GATEWAY}/connect/start",
        params=params,
        headers={"Authorization": f"Bearer {user_token(user_id)}"},
    )
    assert response.status_code == 302, response.text
    return response


async def authorize(browser: httpx.AsyncClient, start: httpx.Response) -> str:
    """Follows the authorize URL (auto consent through login_hint); returns the callback URL."""
    response = await browser.get(start.headers["location"])
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(f"{GATEWAY}/oauth/callback?"), location
    return str(location)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
