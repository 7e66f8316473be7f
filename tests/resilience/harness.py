"""What the resilience tests share: the whole stack with a fault-aware transport between the
gateway and the sandbox, a real-socket variant, fast retry settings, and small readers of the
sandbox's counters.

Why a transport of our own between the gateway and the sandbox:

* In-process (httpx.ASGITransport) the sandbox's injected connection reset arrives as its
  own `ConnectionReset` exception, which no network client ever sees. A socket shows the
  gateway an `httpx.RemoteProtocolError` ("peer closed connection without sending complete
  message body"); `FaultyTransport` turns one into the other so the in-process stack meets
  the failure the real one meets.
* The sandbox injects every fault *before* doing the work, so a client that wrongly re-sent
  a POST would never create a duplicate there. `FaultyTransport` can also lose the answer to
  a write *after* the sandbox has applied it (as a cut connection or a 504 from a proxy in
  front of BC would), which is the case where re-sending duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import statistics
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import UserTokenConfig
from gateway.bc.config import BCClientConfig
from gateway.limits.config import LimitsConfig
from gateway.settings import Settings
from sandbox.app import create_sandbox
from sandbox.directory import default_directory
from sandbox.faults import ConnectionReset
from sandbox.seed import build_seed
from sandbox.settings import LimitSettings
from tests.conftest import ALICE, CAROL, sandbox_settings
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.gateway.stack import (
    GATEWAY_URL,
    USER_TOKEN_SECRET,
    Stack,
    enter_stack,
    gateway_values,
)
from tests.servers import free_port, serve

# Retries fast enough for a test suite, with the shipped number of attempts (8): with 20% of
# calls failing independently that loses one call in 390,000, so "0 errors over a few hundred
# operations" holds (4 attempts lost 1 in 625 and failed about one run in three).
FAST_BC = BCClientConfig(
    backoff_base_seconds=0.01,
    backoff_max_seconds=0.05,
    retry_total_seconds=10.0,
    queue_timeout_seconds=10.0,
)

# The users the tests connect, one per tenant.
USER_A = "user-a"  # Alice, Contoso
USER_C = "user-c"  # Carol, Fabrikam

# The gateway's own per-user rate limit (20 operations/s by default) off: these tests send
# hundreds of operations a second as one user, and are about BC's faults, hostile input and
# whose data comes back, not about that quota (tests/gateway/test_limits.py is).
NO_RATE_LIMIT = LimitsConfig(rate_per_second=0)

# A sandbox that never throttles on its own 6,000-per-5-minutes window: the fuzz and
# isolation runs send thousands of requests per user and are not about that limit.
ROOMY_LIMITS = LimitSettings(rate_requests=10**7)


@functools.cache
def seed_ids(tenant: str) -> frozenset[str]:
    """Every id the seeded sandbox shows in `tenant`: companies and all their records.

    The seed is deterministic, so these are the ids a fresh sandbox holds; tests add the
    ids of what they create themselves."""
    ids: set[str] = set()
    for company in build_seed(default_directory()):
        if company.tenant_id != tenant:
            continue
        ids.add(str(company.company["id"]))
        for entity_set, rows in company.rows.items():
            if not entity_set.startswith("_"):  # hidden sets never leave the sandbox
                ids.update(str(row["id"]) for row in rows)
    return frozenset(ids)


@functools.cache
def seed_companies(tenant: str) -> tuple[dict[str, Any], ...]:
    return tuple(c.company for c in build_seed(default_directory()) if c.tenant_id == tenant)


@functools.cache
def seed_rows(
    tenant: str, entity_set: str, company_id: str | None = None
) -> tuple[dict[str, Any], ...]:
    """The seeded rows of one entity set in `tenant`: one company's, or every company's."""
    return tuple(
        row
        for company in build_seed(default_directory())
        if company.tenant_id == tenant and company_id in (None, str(company.company["id"]))
        for row in company.rows.get(entity_set, ())
    )


class FaultyTransport(httpx.AsyncBaseTransport):
    """Between the gateway and the sandbox: resets become transport errors, and writes may
    lose their answer after the sandbox applied them. Counts what it did."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        lose_write_answers: float = 0.0,
        lost_as_504: float = 0.5,
        seed: int = 0,
        on_response: Callable[[httpx.Response], None] | None = None,
    ) -> None:
        self.inner = inner
        self.lose_write_answers = lose_write_answers
        self.lost_as_504 = lost_as_504
        self.on_response = on_response
        self._rng = random.Random(seed)
        self.resets = 0
        self.lost_as_cut = 0
        self.lost_as_gateway_timeout = 0
        # Transport errors the gateway met, by httpx class name (real sockets only).
        self.transport_errors: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self.inner.handle_async_request(request)
        except ConnectionReset:
            self.resets += 1
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            ) from None
        except httpx.TransportError as error:
            # Over a socket a stall beyond the read timeout fails here, before the headers.
            self.transport_errors[type(error).__name__] += 1
            raise
        if not isinstance(self.inner, httpx.ASGITransport):
            # ...and a reset after the headers fails later, while the body is read.
            response.stream = _CountingStream(response.stream, self.transport_errors)
        if self.on_response is not None:
            self.on_response(response)
        if (
            request.method == "POST"
            and 200 <= response.status_code < 300
            and self._rng.random() < self.lose_write_answers
        ):
            # The write happened; its answer does not come back.
            await response.aread()
            await response.aclose()
            if self._rng.random() < self.lost_as_504:
                self.lost_as_gateway_timeout += 1
                return httpx.Response(
                    504,
                    json={"error": {"code": "GatewayTimeout", "message": "Timed out."}},
                    request=request,
                )
            self.lost_as_cut += 1
            raise httpx.RemoteProtocolError("connection cut after the write", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class _CountingStream(httpx.AsyncByteStream):
    def __init__(self, inner: Any, errors: Counter[str]) -> None:
        self._inner = inner
        self._errors = errors

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except httpx.TransportError as error:
            self._errors[type(error).__name__] += 1
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass
class Harness:
    """A running gateway over a sandbox, with the users connected and the sandbox's admin."""

    stack: Stack
    transport: FaultyTransport | None  # None when the gateway uses its own network wire
    sandbox: Starlette | None  # None when the sandbox runs in another thread (real socket)

    async def faults(self, **values: Any) -> None:
        response = await self.stack.idp.put("/_sandbox/faults", json=values)
        assert response.status_code == 200, response.text

    async def clear_faults(self) -> None:
        await self.stack.idp.delete("/_sandbox/faults")

    async def reset_stats(self) -> None:
        await self.stack.idp.delete("/_sandbox/stats")

    async def stats(self) -> dict[str, Any]:
        return dict((await self.stack.idp.get("/_sandbox/stats")).json())

    async def access_token(self, user: str) -> str:
        connection = await self.stack.gateway.state.runtime.store.get(user)
        return str(connection.access_token)

    async def secrets(self, user: str) -> list[str]:
        """What must never appear in a response: BC's access and refresh tokens, the JWT."""
        connection = await self.stack.gateway.state.runtime.store.get(user)
        found = [connection.access_token, self.stack.token(user)]
        if connection.refresh_token:
            found.append(connection.refresh_token)
        return found


def count_status(
    stats: dict[str, Any], status: int, *, method: str | None = None, entity_set: str | None = None
) -> int:
    """How many requests the sandbox answered with `status` (top-level and in batches)."""
    return sum(
        row["count"]
        for row in stats["requests"]
        if row["status"] == status
        and (method is None or row["method"] == method)
        and (entity_set is None or row["entitySet"] == entity_set)
    )


def gateway_settings(
    sandbox_url: str, user_tokens: UserTokenConfig, overrides: dict[str, Any]
) -> Settings:
    """The resilience stacks' gateway: fast retries, no rate limit, a fresh memory store."""
    values: dict[str, Any] = {
        **gateway_values(sandbox_url, user_tokens),
        "bc": FAST_BC,
        "limits": NO_RATE_LIMIT,
        **overrides,
    }
    return Settings(**values)


@contextlib.asynccontextmanager
async def faulty_stack(
    sandbox: Starlette | None = None,
    *,
    transport: Callable[[httpx.AsyncBaseTransport], FaultyTransport] = FaultyTransport,
    connect: Sequence[tuple[str, str]] = ((USER_A, ALICE), (USER_C, CAROL)),
    **settings: Any,
) -> AsyncIterator[Harness]:
    """tests.gateway.stack.running_stack with `transport` between the gateway and BC (the
    identity provider stays a plain in-process hop), and the users of `connect` connected."""
    own_sandbox = sandbox is None
    sandbox = sandbox or create_sandbox(sandbox_settings(limits=ROOMY_LIMITS))
    in_process = httpx.ASGITransport(app=sandbox)
    bc_transport = transport(httpx.ASGITransport(app=sandbox))
    user_tokens = UserTokenConfig(hs256_secret=USER_TOKEN_SECRET)
    values = gateway_settings(SANDBOX_URL, user_tokens, settings)
    gateway = create_app(values, bc_transport=bc_transport, idp_transport=in_process)
    async with contextlib.AsyncExitStack() as stack:
        running = await enter_stack(stack, gateway, sandbox, in_process, user_tokens, own_sandbox)
        for user, login in connect:
            finished = await running.connect(user, login)
            assert finished.status_code == 200, finished.text
        yield Harness(running, bc_transport, sandbox)


@contextlib.contextmanager
def served_sandbox(**overrides: Any) -> Iterator[str]:
    """A sandbox behind uvicorn on a real socket (its own thread and event loop)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = {"public_url": url, "limits": ROOMY_LIMITS, **overrides}
    with serve(create_sandbox(sandbox_settings(**settings)), port) as served:
        yield served


@contextlib.asynccontextmanager
async def socket_stack(
    sandbox_url: str, *, wire: str = "httpx", **settings: Any
) -> AsyncIterator[Harness]:
    """The gateway in this process reaching a served sandbox over TCP, for BC and the IdP.

    `wire="aiohttp"` is the gateway's own network wire, as `bcgraph serve` runs it;
    "httpx" goes through a FaultyTransport over httpx's network transport."""
    bc_transport = FaultyTransport(httpx.AsyncHTTPTransport()) if wire == "httpx" else None
    user_tokens = UserTokenConfig(hs256_secret=USER_TOKEN_SECRET)
    gateway = create_app(
        gateway_settings(sandbox_url, user_tokens, settings), bc_transport=bc_transport
    )
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(gateway.router.lifespan_context(gateway))
        http = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway), base_url=GATEWAY_URL)
        )
        idp = await stack.enter_async_context(httpx.AsyncClient(base_url=sandbox_url))
        running = Stack(gateway, None, http, idp, user_tokens)  # type: ignore[arg-type]
        finished = await running.connect(USER_A, ALICE)
        assert finished.status_code == 200, finished.text
        yield Harness(running, bc_transport, None)


@dataclass
class Run:
    """The outcome of many GraphQL operations: latencies and every response body."""

    latencies: list[float] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [e for body in self.bodies for e in body.get("errors", ())]

    @property
    def failed(self) -> int:
        return sum(
            1 for s, b in zip(self.statuses, self.bodies, strict=True) if s != 200 or "errors" in b
        )

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)


async def run_operations(
    stack: Stack,
    user: str,
    operations: Sequence[tuple[str, dict[str, Any] | None]],
    *,
    count: int,
    concurrency: int = 10,
    seed: int = 0,
) -> Run:
    """`count` operations drawn from `operations`, `concurrency` at a time, as `user`."""
    rng = random.Random(seed)
    plan = [rng.choice(operations) for _ in range(count)]
    run = Run()
    gate = asyncio.Semaphore(concurrency)

    async def one(query: str, variables: dict[str, Any] | None) -> None:
        async with gate:
            started = time.perf_counter()
            response = await stack.graphql(user, query, variables)
            run.latencies.append(time.perf_counter() - started)
            run.statuses.append(response.status_code)
            run.bodies.append(response.json())

    await asyncio.gather(*(one(q, v) for q, v in plan))
    return run


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
