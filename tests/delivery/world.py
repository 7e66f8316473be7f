"""The sandbox (BC) and gateways started, stopped and started again over the same stores,
with a GraphQL subscriber, so that BC's changes are watched and published."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from gateway.connections import ConnectionStoreConfig
from gateway.delivery.config import DeliveryConfig
from gateway.limits import LimitsConfig
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from sandbox.settings import WebhookSettings
from tests.conftest import ALICE, connect, sandbox_settings
from tests.gateway.stack import Stack, running_stack
from tests.subscriptions.harness import ALICE_ID, Deliveries, Live, fast_webhooks

ANY = {"If-Match": "*"}


def fast_events(**overrides: Any) -> DeliveryConfig:
    values: dict[str, Any] = {
        "retry_base_seconds": 0.05,
        "retry_max_seconds": 0.3,
        "poll_seconds": 0.05,
        "timeout_seconds": 2.0,
        "lease_seconds": 4.0,
    }
    values.update(overrides)
    return DeliveryConfig(**values)


@contextlib.asynccontextmanager
async def bc(retry_schedule: tuple[float, ...] = (0.05,) * 3) -> AsyncIterator[Live]:
    """The sandbox, its webhooks delivered in-process to whichever gateway is up, and Alice's
    BC client; no gateway yet (`gateway` adds one). BC deletes a subscription whose
    notifications still fail after `retry_schedule`."""
    transport = Deliveries()
    sandbox_app = create_sandbox(
        sandbox_settings(
            webhooks=WebhookSettings(delay_seconds=0.0, retry_schedule=retry_schedule)
        ),
        webhook_transport=transport,
    )
    world = Live(sandbox_app, transport)
    async with sandbox_app.router.lifespan_context(sandbox_app):
        client = await connect(sandbox_app, ALICE, CONTOSO_TENANT)
        world.bc[ALICE_ID] = client
        try:
            yield world
        finally:
            await client.http.aclose()


@contextlib.asynccontextmanager
async def gateway(
    world: Live, store: ConnectionStoreConfig, events: DeliveryConfig
) -> AsyncIterator[Stack]:
    """A gateway over the world's BC, its connections in `store`; Alice connected."""
    async with running_stack(
        world.sandbox_app,
        store=store,
        webhooks=fast_webhooks(),
        limits=LimitsConfig(rate_per_second=0),
        events=events,
    ) as stack:
        world.replicas[:] = [stack]
        world.deliveries.replicas[:] = [stack.gateway]
        try:
            if await stack.gateway.state.runtime.store.get(ALICE_ID) is None:
                finished = await stack.connect(ALICE_ID, ALICE)
                assert finished.status_code == 200, finished.text
            yield stack
        finally:
            world.deliveries.replicas[:] = []
            world.replicas[:] = []


def crash_delivery_worker() -> None:
    """Cancels the delivery worker's task as a crash ends it: whatever it holds stays taken
    in the queue, nothing is acknowledged or handed back."""
    for task in asyncio.all_tasks():
        if task.get_name() == "event-delivery":
            task.cancel()
