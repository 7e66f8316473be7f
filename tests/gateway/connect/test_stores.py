"""Every connection store backend, on the real service: CRUD, compare-and-set, single-use
values, leases, encryption at rest and key rotation."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import AsyncIterator

import pytest

from gateway.connections import (
    Company,
    Connection,
    ConnectionStatus,
    TokenCipher,
    UndecryptableError,
    choose_default_company,
    generate_key,
    reencrypt_all,
)
from gateway.connections.codec import ConnectionCodec
from gateway.errors import BadUserInput, NotConnected
from tests.gateway.connect.services import BACKENDS, Opener, store_opener, unavailable

BC = "https://bc.test"  # the configured BC API of every store here
ACCESS = "eyJ-access-token-secret-value"
REFRESH = "refresh-token-secret-value-0123456789"


def connection(user_id: str = "user-1", **changes: object) -> Connection:
    base = Connection(
        user_id=user_id,
        tenant_id="tenant-1",
        environment="production",
        api_root=f"{BC}/v2.0/tenant-1/production/api/v2.0",
        access_token=ACCESS,
        refresh_token=REFRESH,
        expires_at=2000.0,
        issued_at=1000.0,
        default_company_id="c-1",
        companies=(Company("c-1", "CRONUS"), Company("c-2", "Other")),
        scopes=("https://api.businesscentral.dynamics.com/user_impersonation",),
        created_at=1000.0,
        updated_at=1000.0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
async def opener(request: pytest.FixtureRequest, tmp_path: object) -> AsyncIterator[Opener]:
    async with store_opener(request.param, str(tmp_path), BC) as open_store:
        yield open_store


async def test_crud_round_trip(opener: Opener) -> None:
    store = await opener([generate_key()])
    assert await store.get("user-1") is None
    stored = await store.put(connection())
    assert stored.version == 1
    assert await store.get("user-1") == stored
    assert (await store.get("user-1")) == connection(version=1)
    again = await store.put(connection(environment="sandbox"))
    assert again.version == 2
    await store.put(connection("user-0"))
    assert [c.user_id for c in await store.list()] == ["user-0", "user-1"]
    assert await store.delete("user-1") is True
    assert await store.delete("user-1") is False
    assert await store.get("user-1") is None
    assert [c.user_id for c in await store.list()] == ["user-0"]


async def test_compare_and_set_refuses_a_stale_version(opener: Opener) -> None:
    store = await opener([generate_key()])
    first = await store.put(connection())
    rotated = await store.compare_and_set(dataclasses.replace(first, refresh_token="rt-2"))
    assert rotated is not None and rotated.version == 2 and rotated.refresh_token == "rt-2"
    # A writer still holding version 1 loses, and changes nothing.
    assert await store.compare_and_set(dataclasses.replace(first, refresh_token="rt-x")) is None
    current = await store.get("user-1")
    assert current is not None and current.refresh_token == "rt-2" and current.version == 2
    # Deleted meanwhile: a late writer does not bring the connection back.
    await store.delete("user-1")
    assert await store.compare_and_set(current) is None
    assert await store.get("user-1") is None


async def test_concurrent_compare_and_set_has_one_winner(opener: Opener) -> None:
    store = await opener([generate_key()])
    first = await store.put(connection())
    results = await asyncio.gather(
        *(
            store.compare_and_set(dataclasses.replace(first, refresh_token=f"rt-{i}"))
            for i in range(10)
        )
    )
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert await store.get("user-1") == winners[0]


async def test_status_and_fields_survive_storage(opener: Opener) -> None:
    store = await opener([generate_key()])
    stored = await store.put(
        connection(
            status=ConnectionStatus.NEEDS_CONSENT,
            status_reason="invalid_grant",
            refresh_token=None,
            default_company_id=None,
            companies=(),
        )
    )
    assert await store.get("user-1") == stored
    assert stored.status is ConnectionStatus.NEEDS_CONSENT


async def test_take_is_single_use_and_expires(opener: Opener) -> None:
    store = await opener([generate_key()])
    await store.stash("state-a", b"payload-a", ttl_seconds=60)
    await store.stash("state-b", b"payload-b", ttl_seconds=0.05)
    results = await asyncio.gather(*(store.take("state-a") for _ in range(5)))
    assert sorted(results, key=lambda r: r is None) == [b"payload-a", None, None, None, None]
    await asyncio.sleep(0.1)
    assert await store.take("state-b") is None
    assert await store.take("never-stashed") is None


async def test_leases_have_one_owner_and_expire(opener: Opener) -> None:
    store = await opener([generate_key()])
    assert await store.acquire_lease("refresh:u", "owner-a", ttl_seconds=60)
    assert not await store.acquire_lease("refresh:u", "owner-b", ttl_seconds=60)
    await store.release_lease("refresh:u", "owner-b")  # not the owner: no effect
    assert not await store.acquire_lease("refresh:u", "owner-b", ttl_seconds=60)
    await store.release_lease("refresh:u", "owner-a")
    assert await store.acquire_lease("refresh:u", "owner-b", ttl_seconds=0.05)
    await asyncio.sleep(0.1)
    assert await store.acquire_lease("refresh:u", "owner-c", ttl_seconds=60)


@pytest.mark.parametrize("backend", ["sqlite", "redis", "postgres"])
async def test_tokens_are_encrypted_at_rest(backend: str, tmp_path: object) -> None:
    async with store_opener(backend, str(tmp_path), BC) as opener:
        store = await opener([generate_key()])
        await store.put(connection())
        await store.stash("k", REFRESH.encode(), ttl_seconds=60)
        raw = await opener.raw_bytes()
        assert b"tenant-1" in raw  # the probe does see the stored record
        assert REFRESH.encode() not in raw
        assert ACCESS.encode() not in raw


@pytest.mark.parametrize("backend", ["sqlite", "redis", "postgres"])
async def test_key_rotation(backend: str, tmp_path: object) -> None:
    old, new = generate_key(), generate_key()
    async with store_opener(backend, str(tmp_path), BC) as opener:
        before = await opener([old])
        await before.put(connection("user-1"))
        await before.put(connection("user-2", refresh_token="rt-user-2"))
        await before.close()

        rotated = await opener([new, old])
        found = await rotated.get("user-1")
        assert found is not None and found.refresh_token == REFRESH
        assert await reencrypt_all(rotated) == 2
        await rotated.close()

        after = await opener([new])
        assert [c.refresh_token for c in await after.list()] == [REFRESH, "rt-user-2"]
        stale = await opener([old])
        with pytest.raises(UndecryptableError):
            await stale.get("user-1")


async def test_choose_default_company(opener: Opener) -> None:
    store = await opener([generate_key()])
    with pytest.raises(NotConnected):
        await choose_default_company(store, "user-1", "c-2")
    stored = await store.put(connection())
    chosen = await choose_default_company(store, "user-1", "c-2")
    assert chosen.default_company_id == "c-2" and chosen.version == stored.version + 1
    with pytest.raises(BadUserInput):
        await choose_default_company(store, "user-1", "someone-elses-company")


# -- records bound to their row: what someone with write access to the store cannot do --


def refused(caplog: pytest.LogCaptureFixture, why: str) -> None:
    """The store logged a refusal for `why`, and no token anywhere in the log."""
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "gateway.connections.codec" and r.levelno == logging.WARNING
    ]
    assert any(why in w and "connects again" in w for w in warnings), warnings
    assert ACCESS not in caplog.text and REFRESH not in caplog.text


async def test_a_rewritten_api_root_is_refused(
    opener: Opener, caplog: pytest.LogCaptureFixture
) -> None:
    store = await opener([generate_key()])
    await store.put(connection())
    data, secret = await opener.row("user-1")
    # The attack: the user's BC token would go to this host with their next request.
    evil = data.replace(f'"{BC}/', '"https://evil.example/')
    assert evil != data
    await opener.write_row("user-1", evil, secret)
    assert await store.get("user-1") is None
    assert await store.list() == []
    refused(caplog, "changed outside bcgraph")
    # Connecting again writes a bound record over it.
    await store.put(connection())
    assert await store.get("user-1") is not None


async def test_a_record_moved_into_another_users_row_is_refused(
    opener: Opener, caplog: pytest.LogCaptureFixture
) -> None:
    store = await opener([generate_key()])
    await store.put(connection("user-a"))
    await store.put(connection("user-b", refresh_token="rt-user-b"))
    a_data, a_secret = await opener.row("user-a")
    b_data, _ = await opener.row("user-b")
    # A's row as it is; A's with its user id rewritten to B's; A's blob beside B's fields.
    for data in (a_data, a_data.replace('"user-a"', '"user-b"'), b_data):
        await opener.write_row("user-b", data, a_secret)
        assert await store.get("user-b") is None
    assert [c.user_id for c in await store.list()] == ["user-a"]
    refused(caplog, "written for another user")
    a = await store.get("user-a")
    assert a is not None and a.refresh_token == REFRESH


async def test_an_api_root_off_the_configured_bc_api_is_refused(
    opener: Opener, caplog: pytest.LogCaptureFixture
) -> None:
    key = generate_key()
    store = await opener([key])
    # Bound as bcgraph binds it, but made for another BC API: a gateway that moved from
    # the sandbox to BC, or a record made by someone holding the key.
    sandbox = "http://127.0.0.1:8100"
    elsewhere = ConnectionCodec(TokenCipher([key]), bc_api_url=sandbox)
    record = elsewhere.encode(connection(api_root=f"{sandbox}/v2.0/tenant-1/production/api/v2.0"))
    await opener.write_row("user-1", record.data, record.secret)
    assert await store.get("user-1") is None
    assert await store.list() == []
    refused(caplog, f"not on the configured BC API ({BC})")
    # Nor is such a connection ever written.
    with pytest.raises(ValueError, match="configured BC API"):
        await store.put(connection(api_root="https://evil.example/v2.0/t/production/api/v2.0"))


async def test_a_record_from_before_the_binding_is_refused(
    opener: Opener, caplog: pytest.LogCaptureFixture
) -> None:
    key = generate_key()
    store = await opener([key])
    await store.put(connection())
    data, _ = await opener.row("user-1")
    # What bcgraph 0.1.0 wrote: the same public JSON, and only the tokens in the blob.
    tokens = {"access_token": ACCESS, "refresh_token": REFRESH}
    await opener.write_row("user-1", data, TokenCipher([key]).encrypt(json.dumps(tokens).encode()))
    assert await store.get("user-1") is None
    refused(caplog, "bcgraph 0.1.0")


def test_a_missing_service_skips_locally_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        unavailable("Redis", ConnectionRefusedError("refused"))
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        unavailable("Redis", ConnectionRefusedError("refused"))
