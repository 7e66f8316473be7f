"""TokenManager against the sandbox's identity provider: one refresh however many ask (in
one process, and across replicas sharing a store), invalid_grant, app connections."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway.connections import (
    Connection,
    ConnectionKind,
    ConnectionStatus,
    ConnectionStore,
    generate_key,
)
from gateway.errors import NotConnected, UpstreamUnavailable
from gateway.oauth import (
    NEEDS_CONSENT,
    NO_CONNECTION,
    IdentityClient,
    TokenManager,
    app_user_id,
    connect_app,
)
from sandbox.directory import CONTOSO_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET
from tests.gateway.connect.harness import Clock, World, world
from tests.gateway.connect.services import store_opener
from tests.servers import free_port

ALICE_OID = "0f1e2d3c-0000-4000-8000-000000000a11"
HOUR = 3600.0


@pytest.fixture
async def w(tmp_path: Path) -> AsyncIterator[World]:
    async with world() as w, store_opener("sqlite", str(tmp_path)) as opener:
        w.add_replica(await opener([generate_key()]))
        yield w


async def connected(w: World, user_id: str = "u1") -> Connection:
    response = await w.connect(user_id)
    assert response.status_code == 200, response.text
    stored = await w.gw.store.get(user_id)
    assert stored is not None
    return stored


async def test_a_fresh_token_needs_no_identity_provider(w: World) -> None:
    first = await connected(w)
    grants = len(w.counter.grants)
    assert await w.gw.tokens.access_token("u1") == first.access_token
    assert await w.gw.tokens.access_token(first) == first.access_token
    assert len(w.counter.grants) == grants


async def test_ten_concurrent_calls_refresh_once(w: World) -> None:
    first = await connected(w)
    w.gw.clock.advance(HOUR - 60)  # inside the refresh leeway, not yet expired
    tokens = await asyncio.gather(*(w.gw.tokens.access_token("u1") for _ in range(10)))
    assert w.counter.count("refresh_token") == 1
    assert len(set(tokens)) == 1 and tokens[0] != first.access_token
    stored = await w.gw.store.get("u1")
    assert stored is not None and stored.access_token == tokens[0]
    assert stored.refresh_token != first.refresh_token  # rotated, and stored
    assert stored.version == first.version + 1

    # The stored refresh token works: the next refresh succeeds with it...
    w.gw.clock.advance(HOUR)
    assert await w.gw.tokens.access_token("u1") != tokens[0]
    assert w.counter.count("refresh_token") == 2
    # ...and the one it replaced is refused by the identity provider.
    assert first.refresh_token is not None
    replay = await w.gw.http.post(
        f"{w.sandbox_url}/{CONTOSO_TENANT}/oauth2/v2.0/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first.refresh_token,
            "client_id": DEV_CLIENT_ID,
            "client_secret": DEV_CLIENT_SECRET,
        },
    )
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"


async def test_short_lived_tokens_are_not_refreshed_on_every_call(tmp_path: Path) -> None:
    # A 60 s token is shorter than the 5 min leeway: refresh at half its life instead.
    async with world(access_token_lifetime_seconds=60) as w:
        async with store_opener("memory", str(tmp_path)) as opener:
            gw = w.add_replica(await opener([generate_key()]))
            await connected(w)
            gw.clock.advance(20)
            await asyncio.gather(*(gw.tokens.access_token("u1") for _ in range(10)))
            assert w.counter.count("refresh_token") == 0
            gw.clock.advance(20)
            await asyncio.gather(*(gw.tokens.access_token("u1") for _ in range(10)))
            await asyncio.gather(*(gw.tokens.access_token("u1") for _ in range(10)))
            assert w.counter.count("refresh_token") == 1


@pytest.mark.parametrize("backend", ["redis", "postgres"])
async def test_two_replicas_sharing_a_store_refresh_once(backend: str, tmp_path: Path) -> None:
    async with world() as w, store_opener(backend, str(tmp_path)) as opener:
        key = generate_key()
        # Two replicas: separate store clients, locks and identity clients; one backend.
        first_store: ConnectionStore = await opener([key])
        second_store: ConnectionStore = await opener([key])
        assert first_store.shared and second_store.shared
        a = w.add_replica(first_store)
        b = w.add_replica(second_store)
        first = await connected(w)
        a.clock.advance(HOUR - 60)
        b.clock.advance(HOUR - 60)
        tokens = await asyncio.gather(
            *(replica.tokens.access_token("u1") for _ in range(10) for replica in (a, b))
        )
        assert w.counter.count("refresh_token") == 1
        assert len(set(tokens)) == 1 and tokens[0] != first.access_token


async def test_invalid_grant_needs_consent_without_loops(w: World) -> None:
    await connected(w)
    assert w.sandbox.identity.revoke_refresh_tokens(ALICE_OID) >= 1
    w.gw.clock.advance(HOUR)
    with pytest.raises(NotConnected) as caught:
        await w.gw.tokens.access_token("u1")
    error = caught.value
    assert error.code == "NOT_CONNECTED"
    assert error.extensions == {"connectUrl": "/connect/start", "reason": NEEDS_CONSENT}
    stored = await w.gw.store.get("u1")
    assert stored is not None and stored.status is ConnectionStatus.NEEDS_CONSENT
    assert stored.status_reason == "invalid_grant"
    assert w.counter.count("refresh_token") == 1

    # Asking again, many at once, never goes back to the identity provider.
    results = await asyncio.gather(
        *(w.gw.tokens.access_token("u1") for _ in range(10)), return_exceptions=True
    )
    assert all(isinstance(r, NotConnected) for r in results)
    with pytest.raises(NotConnected):
        await w.gw.tokens.connection("u1")
    assert w.counter.count("refresh_token") == 1

    # Connecting again heals it.
    await w.connect("u1")
    healed = await w.gw.store.get("u1")
    assert healed is not None and healed.status is ConnectionStatus.ACTIVE
    assert await w.gw.tokens.access_token("u1") == healed.access_token


async def test_not_connected_and_disconnect(w: World) -> None:
    with pytest.raises(NotConnected) as caught:
        await w.gw.tokens.access_token("nobody")
    assert caught.value.extensions == {"connectUrl": "/connect/start", "reason": NO_CONNECTION}

    await connected(w)
    seen: list[str] = []

    async def forget_subscriptions(connection: Connection) -> None:
        seen.append(connection.user_id)

    async def broken_hook(connection: Connection) -> None:
        raise RuntimeError("webhook cleanup failed")

    w.gw.tokens.add_disconnect_hook(broken_hook)
    w.gw.tokens.add_disconnect_hook(forget_subscriptions)
    assert await w.gw.tokens.disconnect("u1") is True
    assert seen == ["u1"]
    assert await w.gw.store.get("u1") is None
    assert await w.gw.tokens.disconnect("u1") is False
    with pytest.raises(NotConnected):
        await w.gw.tokens.access_token("u1")


async def test_app_connection_for_a_whole_tenant(w: World) -> None:
    gw = w.gw
    connection = await connect_app(gw.config, gw.store, gw.identity, gw.http, "contoso.example")
    assert connection.user_id == app_user_id(CONTOSO_TENANT)
    assert connection.kind is ConnectionKind.APP
    assert connection.tenant_id == CONTOSO_TENANT and connection.refresh_token is None
    assert connection.companies and connection.default_company_id
    assert w.counter.count("client_credentials") == 1

    gw.clock.advance(HOUR)
    tokens = await asyncio.gather(*(gw.tokens.access_token(connection.user_id) for _ in range(10)))
    assert len(set(tokens)) == 1 and tokens[0] != connection.access_token
    # Re-acquired with client credentials: there is no refresh token to use.
    assert w.counter.count("client_credentials") == 2
    assert w.counter.count("refresh_token") == 0
    companies = await gw.http.get(
        f"{connection.api_root}/companies", headers={"Authorization": f"Bearer {tokens[0]}"}
    )
    assert companies.status_code == 200


async def test_identity_provider_unreachable_is_transient(w: World) -> None:
    await connected(w)
    # Another replica whose way to the identity provider is down (nothing listens there).
    dead = f"http://127.0.0.1:{free_port()}"
    config = dataclasses.replace(w.gw.config, authority=f"{dead}/organizations")
    clock = Clock()
    clock.advance(HOUR)
    async with httpx.AsyncClient() as http:
        tokens = TokenManager(config, w.gw.store, IdentityClient(config, http), clock=clock)
        with pytest.raises(UpstreamUnavailable):
            await tokens.access_token("u1")
    stored = await w.gw.store.get("u1")
    assert stored is not None and stored.status is ConnectionStatus.ACTIVE


async def test_no_token_reaches_the_logs(w: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    first = await connected(w)
    w.gw.clock.advance(HOUR)
    await w.gw.tokens.access_token("u1")
    renewed = await w.gw.store.get("u1")
    assert renewed is not None
    w.sandbox.identity.revoke_refresh_tokens(ALICE_OID)
    w.gw.clock.advance(HOUR)
    with pytest.raises(NotConnected):
        await w.gw.tokens.access_token("u1")
    assert caplog.records  # httpx and the token manager did log
    secrets = [first.access_token, first.refresh_token, renewed.access_token]
    secrets.append(renewed.refresh_token)
    for secret in secrets:
        assert secret and secret not in caplog.text
