"""A maintenance pass stops starting watches once its time is up, well inside its lease, and
the next pass starts where it stopped (every decision is read from the watch itself), so a
slow tenant at the head of the list cannot starve the watches behind it."""

from __future__ import annotations

import math
from typing import Any

from bcmodel import STANDARD
from gateway.connections import ConnectionStoreConfig, TokenCipher, generate_key
from gateway.connections.factory import open_connection_store
from gateway.webhooks.config import WebhookConfig
from gateway.webhooks.maintenance import LEASE_SECONDS, PASS_SECONDS, Maintenance
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import open_registry

COMPANY = "00000000-0000-0000-0000-000000000001"
SETS = ("vendors", "accounts", "paymentTerms", "purchaseInvoices")


def test_a_pass_ends_well_inside_its_lease() -> None:
    assert PASS_SECONDS <= LEASE_SECONDS / 2


async def test_a_pass_out_of_time_leaves_the_rest_for_the_next() -> None:
    registry = open_registry("memory://", TokenCipher([generate_key()]), namespace="t")
    store = await open_connection_store(
        ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
        bc_api_url="https://api.businesscentral.dynamics.com",
    )
    now = [1000.0]

    def clock() -> float:  # every reading finds a second gone: a slow BC, say
        now[0] += 1.0
        return now[0]

    # Watches nobody subscribes to, with nothing else due: a pass only marks them idle, so
    # each watch a pass reached shows as `idle_since` set (and BC is never called).
    for entity_set in SETS:
        await registry.save(
            Watch(
                Topic("user-1", COMPANY, entity_set),
                subscription_id=f"s-{entity_set}",
                renewed_at=now[0],
                expires_at=math.inf,
                checked_at=math.inf,
                next_reconcile_at=math.inf,
            )
        )
    unused: Any = None  # lifecycle, poller, processor: nothing here needs BC
    maintenance = Maintenance(
        registry,
        unused,
        unused,
        unused,
        store,
        WebhookConfig(),
        entities=STANDARD,
        replica="r1",
        clock=clock,
        pass_seconds=2.5,
    )

    async def reached() -> int:
        return sum(w.idle_since is not None for w in await registry.all())

    try:
        assert await maintenance.run_once()
        assert await reached() == 2  # the third watch found the pass's time up
        # The second pass starts at the third watch: a restart from the head would reach the
        # same two again, as slowly.
        assert await maintenance.run_once()
        assert await reached() == 4
        # The lease was released both times: another replica may run the next pass.
        assert await store.acquire_lease("webhooks:maintenance", "r2", 10)
    finally:
        await registry.close()
        await store.close()
