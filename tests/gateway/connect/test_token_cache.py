"""A replica reuses a connection it read for a few seconds, and forgets it when it changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.connections import generate_key
from gateway.errors import NotConnected
from tests.gateway.connect.harness import World, world
from tests.gateway.connect.services import store_opener


@pytest.fixture
async def w(tmp_path: Path) -> AsyncIterator[World]:
    async with world() as w, store_opener("sqlite", str(tmp_path)) as opener:
        w.add_replica(await opener([generate_key()]))
        yield w


async def test_store_reads_are_reused_for_a_few_seconds_then_redone(w: World) -> None:
    assert (await w.connect("u1")).status_code == 200
    store = w.gw.store
    reads = 0
    real_get = store.get

    async def counting_get(user_id: str):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += 1
        return await real_get(user_id)

    store.get = counting_get  # type: ignore[method-assign]
    tokens = {await w.gw.tokens.access_token("u1") for _ in range(20)}
    assert len(tokens) == 1 and reads <= 1
    before = reads
    w.gw.clock.advance(6)  # past the 5 s reuse, well within the token's hour
    await w.gw.tokens.access_token("u1")
    assert reads == before + 1


async def test_disconnect_and_forget_take_effect_at_once(w: World) -> None:
    assert (await w.connect("u1")).status_code == 200
    await w.gw.tokens.access_token("u1")
    await w.gw.tokens.disconnect("u1")
    with pytest.raises(NotConnected):
        await w.gw.tokens.access_token("u1")
    assert (await w.connect("u1")).status_code == 200
    first = await w.gw.tokens.connection("u1")
    await w.gw.store.delete("u1")  # a write the manager did not make…
    w.gw.tokens.forget("u1")  # …announced, as the connect flow and setDefaultCompany do
    with pytest.raises(NotConnected):
        await w.gw.tokens.connection("u1")
    assert first.user_id == "u1"
