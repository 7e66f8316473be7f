"""A BCClient wired to a seeded sandbox through httpx.ASGITransport, on fake time.

Retry waits and governor holds go through FakeTime, so a test of a 1-second Retry-After
takes no second; the sandbox's own latency (faults latency_ms) is real.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import ASGIApp

from gateway.bc import urls
from gateway.bc.client import BCClient, create_wire
from gateway.bc.config import BCClientConfig
from gateway.bc.types import BCRequest, BCResponse, BCTarget
from gateway.bc.wire import Wire
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, BASE_URL, sandbox_settings

CRONUS_US = "824820a2-508c-ed11-aada-000d3a298ab3"
ROOT = urls.api_root(BASE_URL, CONTOSO_TENANT, "production")


@dataclass
class FakeTime:
    """A clock that moves only when slept on; `on_sleep` runs at each wait (e.g. to lift a
    fault between attempts)."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)
    on_sleep: Callable[[float], Awaitable[None]] | None = None

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep is not None:
            await self.on_sleep(seconds)
        await asyncio.sleep(0)


@dataclass
class Admin:
    """The sandbox's admin API: faults and upstream call counts."""

    http: httpx.AsyncClient

    async def faults(self, **values: Any) -> None:
        response = await self.http.put("/_sandbox/faults", json=values)
        assert response.status_code == 200, response.text

    async def clear_faults(self) -> None:
        await self.http.delete("/_sandbox/faults")

    async def reset_stats(self) -> None:
        await self.http.delete("/_sandbox/stats")

    async def stats(self) -> dict[str, Any]:
        return dict((await self.http.get("/_sandbox/stats")).json())

    async def count(self, method: str, *, in_batch: bool = False) -> int:
        rows = (await self.stats())["requests"]
        return sum(r["count"] for r in rows if r["method"] == method and r["inBatch"] == in_batch)


@dataclass
class World:
    app: Starlette
    wire: Wire
    client: BCClient
    target: BCTarget
    admin: Admin
    time: FakeTime
    token: str

    def company(self) -> urls.ResourcePath:
        return urls.company(CRONUS_US)

    async def get(self, path: urls.ResourcePath | str, **params: str) -> BCResponse:
        return await self.client.send(self.target, BCRequest("GET", str(path), params=params))


def token_source(token: str) -> Callable[[], Awaitable[str]]:
    async def access_token() -> str:
        return token

    return access_token


async def make_world(
    app: Starlette | None = None,
    config: BCClientConfig | None = None,
    *,
    wrap: Callable[[ASGIApp], ASGIApp] | None = None,
) -> World:
    """`wrap` puts an ASGI layer between the client and the sandbox (the admin API and the
    token still come from the sandbox itself)."""
    app = app or create_sandbox(sandbox_settings())
    # Four attempts keep the retry tests' expected waits and counts short to read.
    config = config or BCClientConfig(max_attempts=4)
    upstream: ASGIApp = wrap(app) if wrap else app
    wire = create_wire(config, httpx.ASGITransport(app=upstream))
    fake = FakeTime()
    client = BCClient(
        wire,
        config,
        clock=fake.clock,
        sleep=fake.sleep,
        jitter=lambda: 0.5,
    )
    token = app.state.sandbox.identity.issue_access_token(user=ALICE)
    target = BCTarget("alice", ROOT, token_source(token))
    admin = Admin(httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL))
    return World(app, wire, client, target, admin, fake, token)


async def close_world(world: World) -> None:
    await world.client.aclose()
    await world.wire.aclose()
    await world.admin.http.aclose()


@pytest.fixture
async def world() -> AsyncIterator[World]:
    w = await make_world()
    try:
        yield w
    finally:
        await close_world(w)
