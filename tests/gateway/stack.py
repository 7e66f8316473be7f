"""The whole product in one test process: the gateway app over the sandbox, both with their
lifespans running, the gateway reaching BC and the identity provider in-process."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.oauth import OAuthConfig
from gateway.settings import Settings
from sandbox.app import create_sandbox
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.conftest import sandbox_settings

# The sandbox's dev app accepts loopback redirect URIs only, as a dev registration would.
GATEWAY_URL = "http://localhost:8000"
USER_TOKEN_SECRET = "a-test-secret-that-is-long-enough-for-hs256"


@dataclass
class Stack:
    gateway: Starlette
    sandbox: Starlette
    http: httpx.AsyncClient  # to the gateway
    idp: httpx.AsyncClient  # to the sandbox (the browser's view of the identity provider)
    user_tokens: UserTokenConfig

    def token(self, user_id: str, **claims: Any) -> str:
        return mint_user_token(self.user_tokens, user_id, claims=claims or None)

    def auth(self, user_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id)}"}

    async def connect(self, user_id: str, login: str) -> httpx.Response:
        """The browser's part of the connect flow: start, authorize (auto-consent), callback."""
        start = await self.http.get(
            "/connect/start", params={"login_hint": login}, headers=self.auth(user_id)
        )
        assert start.status_code == 302, start.text
        authorize = await self.idp.get(start.headers["location"])
        assert authorize.status_code == 302, authorize.text
        callback = urlsplit(authorize.headers["location"])
        return await self.http.get(f"{callback.path}?{callback.query}")

    async def graphql(
        self, user_id: str | None, query: str, variables: dict[str, Any] | None = None
    ) -> httpx.Response:
        headers = self.auth(user_id) if user_id else {}
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )


@contextlib.asynccontextmanager
async def running_stack(sandbox: Starlette | None = None, **settings: Any) -> AsyncIterator[Stack]:
    """A gateway over `sandbox` (a new seeded one when not given, whose lifespan it runs)."""
    own_sandbox = sandbox is None
    sandbox = sandbox or create_sandbox(sandbox_settings())
    in_process = httpx.ASGITransport(app=sandbox)
    user_tokens = UserTokenConfig(hs256_secret=USER_TOKEN_SECRET)
    values = {**gateway_values(SANDBOX_URL, user_tokens), **settings}
    gateway = create_app(Settings(**values), bc_transport=in_process, idp_transport=in_process)
    async with contextlib.AsyncExitStack() as stack:
        yield await enter_stack(stack, gateway, sandbox, in_process, user_tokens, own_sandbox)


def gateway_values(sandbox_url: str, user_tokens: UserTokenConfig) -> dict[str, Any]:
    """The settings every test gateway starts from: public at GATEWAY_URL, signing users in
    at the sandbox at `sandbox_url`, its connections in a fresh memory store."""
    oauth = OAuthConfig(redirect_url=f"{GATEWAY_URL}/oauth/callback").resolve(sandbox_url)
    return {
        "public_url": GATEWAY_URL,
        "oauth": oauth,
        "user_tokens": user_tokens,
        "store": ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
    }


async def enter_stack(
    stack: contextlib.AsyncExitStack,
    gateway: Starlette,
    sandbox: Starlette,
    idp_transport: httpx.AsyncBaseTransport,
    user_tokens: UserTokenConfig,
    own_sandbox: bool,
) -> Stack:
    """Runs the lifespans (the sandbox's too when the stack owns it) and opens the clients
    inside `stack`, so that they close, in reverse, when it does."""
    if own_sandbox:
        await stack.enter_async_context(sandbox.router.lifespan_context(sandbox))
    await stack.enter_async_context(gateway.router.lifespan_context(gateway))
    http = await stack.enter_async_context(
        httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway), base_url=GATEWAY_URL)
    )
    idp = await stack.enter_async_context(
        httpx.AsyncClient(transport=idp_transport, base_url=SANDBOX_URL)
    )
    return Stack(gateway, sandbox, http, idp, user_tokens)
