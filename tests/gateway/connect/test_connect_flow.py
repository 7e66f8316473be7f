"""The connect flow against the sandbox's identity provider: the round trip, and every way
a callback can fail without storing anything."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway.connections import (
    ConnectionKind,
    ConnectionStatus,
    ConnectionStoreConfig,
    generate_key,
    open_connection_store,
)
from sandbox.directory import CONTOSO_TENANT
from tests.consent import ConsentForm
from tests.gateway.connect.harness import (
    ALICE,
    GATEWAY,
    World,
    authorize,
    query,
    start_connect,
    user_token,
    world,
)
from tests.servers import free_port, serve


@pytest.fixture
async def w(tmp_path: Path) -> AsyncIterator[World]:
    async with world() as w:
        store = await open_connection_store(
            ConnectionStoreConfig(
                url=f"sqlite:///{tmp_path}/connections.db", encryption_keys=(generate_key(),)
            ),
            bc_api_url=w.sandbox_url,
        )
        w.add_replica(store)
        try:
            yield w
        finally:
            await store.close()


def database_bytes(folder: Path) -> bytes:
    # The database file and its WAL: recent writes may be only in the latter.
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("connections"))


def failed_page(response: httpx.Response, words: str) -> None:
    assert response.status_code in (400, 502), response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert words in response.text


async def test_round_trip_over_real_http(tmp_path: Path) -> None:
    port = free_port()
    sandbox_url = f"http://127.0.0.1:{port}"
    async with world(sandbox_url) as w:
        store = await open_connection_store(
            ConnectionStoreConfig(
                url=f"sqlite:///{tmp_path}/connections.db", encryption_keys=(generate_key(),)
            ),
            bc_api_url=sandbox_url,
        )
        gw = w.add_replica(store)
        with serve(w.sandbox_app, port):
            async with w.browser() as browser:
                start = await start_connect(browser, "app-user-1", ALICE)
                location = start.headers["location"]
                assert location.startswith(f"{sandbox_url}/organizations/oauth2/v2.0/authorize?")
                params = query(location)
                assert params["code_challenge_method"] == "S256"
                assert params["redirect_uri"] == f"{GATEWAY}/oauth/callback"
                assert "offline_access" in params["scope"].split()
                assert "code_verifier" not in params
                cookie = start.headers["set-cookie"]
                assert "HttpOnly" in cookie and "SameSite=lax" in cookie
                assert "Path=/oauth/callback" in cookie

                callback = await authorize(browser, start)
                done = await browser.get(callback)
                assert done.status_code == 200, done.text
                assert "Business Central connected" in done.text

            stored = await store.get("app-user-1")
            assert stored is not None
            assert stored.tenant_id == CONTOSO_TENANT
            assert stored.environment == "production"
            assert stored.kind is ConnectionKind.DELEGATED
            assert stored.status is ConnectionStatus.ACTIVE
            assert stored.api_root == f"{sandbox_url}/v2.0/{CONTOSO_TENANT}/production/api/v2.0"
            assert stored.companies and stored.default_company_id == stored.companies[0].id
            assert stored.refresh_token and stored.access_token
            assert "user_impersonation" in " ".join(stored.scopes)
            assert stored.refresh_token not in repr(stored)

            # Encrypted at rest: the raw database bytes hold neither token.
            raw = database_bytes(tmp_path)
            assert CONTOSO_TENANT.encode() in raw
            assert stored.refresh_token.encode() not in raw
            assert stored.access_token.encode() not in raw

            # The stored token opens the user's BC.
            token = await gw.tokens.access_token("app-user-1")
            companies = await gw.http.get(
                f"{stored.api_root}/companies", headers={"Authorization": f"Bearer {token}"}
            )
            assert companies.status_code == 200
            assert stored.default_company_id in {c["id"] for c in companies.json()["value"]}
        await store.close()


async def test_success_url_and_reconnect_keeps_chosen_company(w: World) -> None:
    await w.connect("u1")
    first = await w.gw.store.get("u1")
    assert first is not None and len(first.companies) > 1
    chosen = first.companies[-1].id
    await w.gw.store.put(dataclasses.replace(first, default_company_id=chosen))
    gw = w.add_replica(w.gw.store, success_url="https://app.example/settings?connected=1")
    async with w.browser(gw) as browser:
        start = await start_connect(browser, "u1")
        done = await browser.get(await authorize(browser, start))
    assert done.status_code == 302
    assert done.headers["location"] == "https://app.example/settings?connected=1"
    again = await w.gw.store.get("u1")
    assert again is not None and again.default_company_id == chosen
    assert again.created_at == first.created_at and again.version == first.version + 2


async def test_ticket_lets_a_browser_navigation_start(w: World) -> None:
    async with w.browser() as browser:
        issued = await browser.post(
            f"{GATEWAY}/connect/start?login_hint={ALICE}",
            headers={"Authorization": f"Bearer {user_token('u-ticket')}"},
        )
        assert issued.status_code == 200
        url = issued.json()["url"]
        assert url.startswith(f"{GATEWAY}/connect/start?ticket=")
        start = await browser.get(url)  # no Authorization header: a plain navigation
        assert start.status_code == 302
        done = await browser.get(await authorize(browser, start))
        assert done.status_code == 200
        failed_page(await browser.get(url), "invalid, was already used")  # single use
    assert await w.gw.store.get("u-ticket") is not None


async def test_start_needs_a_user(w: World) -> None:
    async with w.browser() as browser:
        anonymous = await browser.get(f"{GATEWAY}/connect/start")
        assert anonymous.status_code == 401
        bad = await browser.get(
            f"{GATEWAY}/connect/start", headers={"Authorization": "Bearer not-a-token"}
        )
        assert bad.status_code == 401
        assert bad.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        posted = await browser.post(f"{GATEWAY}/connect/start")
        assert posted.status_code == 401
    assert await w.gw.store.list() == []


async def test_consent_declined(w: World) -> None:
    async with w.browser() as browser:
        # No login hint: the sandbox shows its consent page, and the user cancels.
        start = await start_connect(browser, "u1", login_hint=None)
        consent = await browser.get(start.headers["location"])
        assert consent.status_code == 200
        form = ConsentForm(consent.text)
        action = httpx.URL(start.headers["location"]).join(form.action)
        declined = await browser.post(action, data=form.hidden | {"action": "cancel"})
        assert declined.status_code == 302
        assert query(declined.headers["location"])["error"] == "access_denied"
        page = await browser.get(declined.headers["location"])
        failed_page(page, "Connection cancelled")
    assert await w.gw.store.list() == []


async def test_error_description_is_escaped(w: World) -> None:
    async with w.browser() as browser:
        start = await start_connect(browser, "u1")
        state = query(start.headers["location"])["state"]
        page = await browser.get(
            f"{GATEWAY}/oauth/callback",
            params={
                "error": "access_denied",
                "error_description": "<script>alert(1)</script>",
                "state": state,
            },
        )
    failed_page(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"


async def test_unknown_state(w: World) -> None:
    async with w.browser() as browser:
        for params in [{"code": "x", "state": "forged"}, {"code": "x"}, {}]:
            page = await browser.get(f"{GATEWAY}/oauth/callback", params=params)
            failed_page(page, "invalid, was already used, or has expired")
    assert await w.gw.store.list() == []


async def test_state_replay(w: World) -> None:
    async with w.browser() as browser:
        start = await start_connect(browser, "u1")
        callback = await authorize(browser, start)
        assert (await browser.get(callback)).status_code == 200
        stored = await w.gw.store.get("u1")
        replay = await browser.get(callback)
        failed_page(replay, "invalid, was already used")
    assert await w.gw.store.get("u1") == stored


async def test_state_of_another_user(w: World) -> None:
    async with w.browser() as attacker, w.browser() as victim:
        # The attacker starts a connect as themselves and gets the victim's browser to
        # finish it: the victim's BC would be attached to the attacker's user.
        start = await start_connect(attacker, "attacker")
        callback = await authorize(victim, start)
        await start_connect(victim, "victim")  # the victim has a sign-in cookie of their own
        page = await victim.get(callback)
        failed_page(page, "another browser or by another user")
        # The state is spent: the attacker cannot finish it in their own browser either.
        failed_page(await attacker.get(callback), "already used")
    assert await w.gw.store.list() == []


async def test_expired_state(w: World) -> None:
    async with w.browser() as browser:
        start = await start_connect(browser, "u1")
        callback = await authorize(browser, start)
        w.gw.clock.advance(w.gw.config.state_ttl_seconds + 1)
        failed_page(await browser.get(callback), "has expired")
    assert await w.gw.store.list() == []


async def test_code_replay(w: World) -> None:
    async with w.browser() as browser:
        first = await authorize(browser, await start_connect(browser, "u1"))
        assert (await browser.get(first)).status_code == 200
        # A second sign-in (its own valid state and cookie) carrying the first one's code.
        second = await start_connect(browser, "u2")
        state = query(second.headers["location"])["state"]
        code = query(first)["code"]
        page = await browser.get(f"{GATEWAY}/oauth/callback", params={"code": code, "state": state})
        failed_page(page, "did not accept this sign-in")
    assert await w.gw.store.get("u2") is None


async def test_token_endpoint_error(w: World) -> None:
    gw = w.add_replica(
        w.gw.store,
        client_id="bcgraph-dev",
        client_secret="wrong-secret",
        authority=f"{w.sandbox_url}/organizations",
        bc_api_base_url=w.sandbox_url,
    )
    async with w.browser(gw) as browser:
        page = await browser.get(await authorize(browser, await start_connect(browser, "u1")))
    failed_page(page, "did not accept this sign-in")
    assert "invalid_client" in page.text
    assert await w.gw.store.list() == []
