"""The resolver of principal → connection, on its own (a memory store): the claim it reads,
what it refuses, and how long its decisions last."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway.acting import Acting, ActingResolver, org_key
from gateway.auth import Principal
from gateway.connections import (
    Connection,
    ConnectionKind,
    ConnectionStore,
    TokenCipher,
    generate_key,
)
from gateway.connections.backends.memory import MemoryStore
from gateway.connections.codec import ConnectionCodec
from gateway.errors import Unauthenticated

BC = "https://bc.test"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def connection(key: str, kind: ConnectionKind = ConnectionKind.DELEGATED) -> Connection:
    return Connection(
        user_id=key,
        tenant_id="t",
        environment="production",
        api_root=f"{BC}/v2.0/t/production/api/v2.0",
        access_token="token",
        expires_at=5000.0,
        issued_at=1000.0,
        kind=kind,
    )


@pytest.fixture
async def store() -> AsyncIterator[ConnectionStore]:
    memory = MemoryStore(ConnectionCodec(TokenCipher((generate_key(),)), bc_api_url=BC))
    yield memory
    await memory.close()


def user(sub: str, **claims: object) -> Principal:
    return Principal(sub, {"sub": sub, **claims})


async def test_own_then_organisation_then_none(store: ConnectionStore) -> None:
    resolver = ActingResolver(store, "org", cache_seconds=0)
    await store.put(connection(org_key("acme"), ConnectionKind.APP))
    assert await resolver.resolve(user("u1", org="acme")) == Acting("u1", "org:acme", "acme")
    assert (await resolver.resolve(user("u1", org="acme"))).through_organisation
    await store.put(connection("u1"))
    own = await resolver.resolve(user("u1", org="acme"))
    assert own == Acting("u1", "u1", "acme") and not own.through_organisation
    assert await resolver.resolve(user("u2", org="other")) == Acting("u2", "u2", "other")
    assert await resolver.resolve(user("u3")) == Acting("u3", "u3", None)


async def test_without_a_claim_name_no_one_reaches_an_organisation(store: ConnectionStore) -> None:
    await store.put(connection(org_key("acme"), ConnectionKind.APP))
    resolver = ActingResolver(store, "", cache_seconds=0)
    assert (await resolver.resolve(user("u1", org="acme"))).key == "u1"


@pytest.mark.parametrize("value", [["acme"], {"id": "acme"}, True, "x" * 201, " acme", "a\nb"])
async def test_a_claim_that_names_no_organisation_plainly_is_refused(
    store: ConnectionStore, value: object
) -> None:
    resolver = ActingResolver(store, "org")
    with pytest.raises(Unauthenticated) as refused:
        await resolver.resolve(user("u1", org=value))
    assert refused.value.extensions["reason"] == "bad_organisation_claim"


async def test_a_number_names_an_organisation_as_its_text(store: ConnectionStore) -> None:
    await store.put(connection(org_key("42"), ConnectionKind.APP))
    resolver = ActingResolver(store, "org", cache_seconds=0)
    assert (await resolver.resolve(user("u1", org=42))).key == "org:42"


async def test_decisions_last_the_cache_time_unless_forgotten(store: ConnectionStore) -> None:
    clock = Clock()
    resolver = ActingResolver(store, "org", clock=clock, cache_seconds=5)
    assert (await resolver.resolve(user("u1", org="acme"))).key == "u1"
    await store.put(connection(org_key("acme"), ConnectionKind.APP))
    assert (await resolver.resolve(user("u1", org="acme"))).key == "u1"  # cached
    clock.now += 5
    assert (await resolver.resolve(user("u1", org="acme"))).key == "org:acme"
    await store.put(connection("u1"))
    resolver.forget("u1")
    assert (await resolver.resolve(user("u1", org="acme"))).key == "u1"
    await store.delete("u1")
    resolver.forget(org_key("acme"))  # an organisation's change forgets every decision
    assert (await resolver.resolve(user("u1", org="acme"))).key == "org:acme"


async def test_a_user_id_shaped_like_an_organisations_key_is_refused(
    store: ConnectionStore,
) -> None:
    with pytest.raises(Unauthenticated) as refused:
        await ActingResolver(store, "org").resolve(user("org:acme"))
    assert refused.value.extensions["reason"] == "reserved_user_id"
