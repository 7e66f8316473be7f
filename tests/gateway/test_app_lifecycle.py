"""The app's collaborators are built with the app and opened by its lifespan: building
opens nothing, and a request outside the lifespan gets a clean answer, not a crash."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.oauth import OAuthConfig
from gateway.settings import Settings
from gateway.webhooks import RECEIVER_PATH
from sandbox.app import create_sandbox
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.conftest import sandbox_settings
from tests.gateway.stack import GATEWAY_URL, USER_TOKEN_SECRET
from tests.servers import free_port

VENDORS = "{ vendors(first: 1) { nodes { number } } }"
USER_TOKENS = UserTokenConfig(hs256_secret=USER_TOKEN_SECRET)


def gateway(sandbox: Starlette, **settings: Any) -> Starlette:
    in_process = httpx.ASGITransport(app=sandbox)
    values: dict[str, Any] = {
        "public_url": GATEWAY_URL,
        "oauth": OAuthConfig(redirect_url=f"{GATEWAY_URL}/oauth/callback").resolve(SANDBOX_URL),
        "user_tokens": USER_TOKENS,
        "store": ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
    }
    values.update(settings)
    return create_app(Settings(**values), bc_transport=in_process, idp_transport=in_process)


@contextlib.asynccontextmanager
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    # ASGITransport runs no lifespan: the app is exactly as started (or not) by the test.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=GATEWAY_URL) as http:
        yield http


async def test_the_webhook_receiver_answers_503_before_the_start_and_after_the_stop() -> None:
    sandbox = create_sandbox(sandbox_settings())
    app = gateway(sandbox)
    async with sandbox.router.lifespan_context(sandbox), client(app) as http:
        validation = {"validationToken": "a-token-from-bc"}
        before = await http.post(RECEIVER_PATH, params=validation)
        assert before.status_code == 503
        assert before.headers["retry-after"] == "10"  # BC tries again; nothing is lost
        async with app.router.lifespan_context(app):
            running = await http.post(RECEIVER_PATH, params=validation)
            assert running.status_code == 200
            assert running.text == "a-token-from-bc"
        after = await http.post(RECEIVER_PATH, params=validation)
        assert after.status_code == 503
        assert after.headers["retry-after"] == "10"


async def test_an_operation_before_the_start_is_told_the_gateway_is_unavailable() -> None:
    sandbox = create_sandbox(sandbox_settings())
    app = gateway(sandbox)
    token = mint_user_token(USER_TOKENS, "user-a")
    async with client(app) as http:
        answer = await http.post(
            "/graphql", json={"query": VENDORS}, headers={"Authorization": f"Bearer {token}"}
        )
    assert answer.status_code < 500, answer.text
    errors = answer.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["UPSTREAM_UNAVAILABLE"]


async def test_building_the_app_opens_nothing_and_the_start_opens_the_store() -> None:
    sandbox = create_sandbox(sandbox_settings())
    closed = free_port()  # nothing listens: opening the store there fails
    store = ConnectionStoreConfig(
        url=f"postgresql://bcgraph@127.0.0.1:{closed}/test", encryption_keys=(generate_key(),)
    )
    app = gateway(sandbox, store=store)  # built: no connection tried
    with pytest.raises(Exception, match="STORE_URL"):
        async with app.router.lifespan_context(app):
            pass  # pragma: no cover - the start fails
