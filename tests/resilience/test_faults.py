"""The fault matrix: the whole gateway over a sandbox that throttles, fails, stalls and cuts
connections the ways BC does. Reads ride through every retryable fault with no error a client
can see and bounded latency; writes are never applied twice.

Every case also asserts that the sandbox (or the transport) really injected what it says,
so a fault switch that silently stopped working fails the test instead of passing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.bc.client import BCClient, create_wire
from gateway.bc.types import BCRequest, BCTarget
from gateway.bc.urls import api_root
from gateway.errors import GatewayError
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, BASE_URL, sandbox_settings
from tests.resilience.harness import (
    FAST_BC,
    ROOMY_LIMITS,
    USER_A,
    FaultyTransport,
    Harness,
    Run,
    count_status,
    faulty_stack,
    run_operations,
    served_sandbox,
    socket_stack,
    unique_name,
)

# Reads of every shape the gateway makes: one call, a call plus a batched follow-up
# (vendor, lines), three root fields in one tick (one $batch envelope), and a by-id read.
LIST = "{ vendors(first: 5) { nodes { id displayName } } }"
NESTED = """{ purchaseInvoices(first: 3) { nodes { number
  vendor { displayName } lines { nodes { description } } } } }"""
THREE_ROOTS = """{ v: vendors(first: 3) { nodes { number } }
  a: accounts(first: 3) { nodes { number } } t: taxGroups { nodes { code } } }"""
BY_ID = "query($id: UUID!) { vendor(id: $id) { displayName paymentTerm { code } } }"

OPERATIONS = 200
# Generous: a clean in-process read takes a few ms; 8 attempts with ≤ 50 ms waits add
# at most ~0.3 s per call. A retry storm or a stuck governor blows far past this.
MAX_LATENCY_SECONDS = 3.0


async def clean_run(stack: Any, operations: list[tuple[str, dict[str, Any] | None]]) -> Run:
    """The same reads without faults, just before: what this machine takes now (the suite
    runs beside other work and other tests), which the bounds under faults add to."""
    return await run_operations(stack, USER_A, operations, count=40)


def latency_bound(clean: Run) -> float:
    return MAX_LATENCY_SECONDS + 3 * max(clean.latencies)


@pytest.fixture
async def harness() -> Any:
    async with faulty_stack() as running:
        yield running


async def reads(harness: Harness) -> list[tuple[str, dict[str, Any] | None]]:
    body = (await harness.stack.graphql(USER_A, LIST)).json()
    vendor = body["data"]["vendors"]["nodes"][0]["id"]
    return [(LIST, None), (NESTED, None), (THREE_ROOTS, None), (BY_ID, {"id": vendor})]


@pytest.mark.parametrize(
    ("faults", "injected"),
    [
        ({"rate_429": 0.2, "retry_after": 0}, 429),
        ({"rate_429": 0.2, "retry_after": None}, 429),
        ({"rate_503": 0.2, "retry_after": 0}, 503),
        ({"rate_503": 0.2, "retry_after": None}, 503),
        ({"rate_504": 0.2}, 504),
    ],
    ids=["429+retry-after", "429", "503+retry-after", "503", "504"],
)
async def test_reads_under_20_percent_faults_show_no_error(
    harness: Harness, faults: dict[str, Any], injected: int
) -> None:
    operations = await reads(harness)
    await harness.reset_stats()
    await harness.faults(**faults)
    run = await run_operations(harness.stack, USER_A, operations, count=OPERATIONS)
    await harness.clear_faults()
    stats = await harness.stats()

    assert run.failed == 0, run.errors[:3]
    assert max(run.latencies) < MAX_LATENCY_SECONDS, (run.median, max(run.latencies))
    # The faults were real: about a fifth of what reached the sandbox was refused.
    refused = count_status(stats, injected)
    assert refused >= 20, stats["requests"]
    assert 0.1 < refused / stats["httpRequests"] < 0.3, (refused, stats["httpRequests"])


async def test_reads_under_mixed_faults_and_latency_spikes(harness: Harness) -> None:
    operations = await reads(harness)
    clean = await clean_run(harness.stack, operations)
    await harness.reset_stats()
    await harness.faults(
        latency_ms=1,
        spike_rate=0.05,
        spike_ms=150,
        rate_429=0.07,
        rate_503=0.07,
        rate_504=0.06,
        retry_after=0,
    )
    run = await run_operations(harness.stack, USER_A, operations, count=OPERATIONS)
    await harness.clear_faults()
    stats = await harness.stats()

    assert run.failed == 0, run.errors[:3]
    assert all(count_status(stats, status) > 0 for status in (429, 503, 504)), stats["requests"]
    # Spikes happened (some operation waited for one) and stayed bounded.
    assert max(run.latencies) >= 0.15
    assert max(run.latencies) < latency_bound(clean)
    assert run.median < clean.median + 0.15, (run.median, clean.median)


async def test_reads_survive_connection_resets_in_process(harness: Harness) -> None:
    operations = await reads(harness)
    await harness.faults(reset_rate=0.2)
    run = await run_operations(harness.stack, USER_A, operations, count=OPERATIONS)
    await harness.clear_faults()

    assert run.failed == 0, run.errors[:3]
    assert harness.transport.resets >= 20, harness.transport.resets
    assert max(run.latencies) < MAX_LATENCY_SECONDS


async def test_retry_after_is_honoured_and_holds_the_whole_connection(harness: Harness) -> None:
    # One 429 saying "1 second", then no more faults: the throttled read and a second read
    # started during the hold both wait out the second, and neither fails.
    lifted: list[float] = []
    throttled = asyncio.Event()

    def lift_after_first_429(response: httpx.Response) -> None:
        if response.status_code == 429 and not lifted:
            lifted.append(time.perf_counter())
            harness.sandbox.state.sandbox.faults.update({"rate_429": 0.0})  # type: ignore[union-attr]
            throttled.set()

    harness.transport.on_response = lift_after_first_429
    await harness.faults(rate_429=1.0, retry_after=1)
    started = time.perf_counter()
    first = asyncio.create_task(harness.stack.graphql(USER_A, LIST))
    await throttled.wait()
    second = await harness.stack.graphql(USER_A, LIST)
    second_done = time.perf_counter()
    first_response = await first
    first_done = time.perf_counter()

    assert "errors" not in first_response.json() and "errors" not in second.json()
    assert first_done - started >= 0.95
    # The second read never reached BC during the hold.
    assert second_done - lifted[0] >= 0.9
    assert first_done - started < 2.5


@pytest.mark.parametrize("wire", ["aiohttp", "httpx"])
async def test_reads_over_a_real_socket_survive_resets_and_read_timeouts(wire: str) -> None:
    # Over TCP a reset is the peer closing mid-answer, and a spike beyond the read timeout
    # is cut by the wire (ASGITransport has no timeouts, so only a socket proves this).
    config = dataclasses.replace(FAST_BC, read_timeout=0.2)
    with served_sandbox() as url:
        async with socket_stack(url, wire=wire, bc=config) as harness:
            operations = await reads(harness)
            clean = await clean_run(harness.stack, operations)
            await harness.reset_stats()
            await harness.faults(reset_rate=0.15, spike_rate=0.1, spike_ms=400)
            run = await run_operations(harness.stack, USER_A, operations, count=120)
            await harness.clear_faults()
            metrics = harness.stack.gateway.state.runtime.metrics
            transport_retries = metrics.upstream_retries.labels("transport")._value.get()

    assert run.failed == 0, run.errors[:3]
    assert max(run.latencies) < latency_bound(clean), (max(run.latencies), max(clean.latencies))
    # The faults were met, and retried, as failures of the connection (not answers).
    assert transport_retries >= 10, transport_retries
    if harness.transport is not None:
        # What a socket shows httpx: the peer closing mid-body (reset) and a stalled read
        # cut (spike beyond read_timeout).
        errors = harness.transport.transport_errors
        assert errors["RemoteProtocolError"] >= 5 and errors["ReadTimeout"] >= 5, errors


# --- writes ---------------------------------------------------------------------------

CREATES = 120


@contextlib.asynccontextmanager
async def alice_over(
    sandbox: Starlette, transport: httpx.AsyncBaseTransport
) -> AsyncIterator[tuple[BCClient, BCTarget]]:
    """The gateway's BC client reaching `sandbox` through `transport`, and Alice's target
    there with a token the sandbox issued (so: inside its lifespan); both closed after."""
    token = str(sandbox.state.sandbox.identity.issue_access_token(user=ALICE))

    async def access_token() -> str:
        return token

    wire = create_wire(FAST_BC, transport=transport)
    client = BCClient(wire, FAST_BC)
    try:
        yield (
            client,
            BCTarget(ALICE, api_root(BASE_URL, CONTOSO_TENANT, "production"), access_token),
        )
    finally:
        await client.aclose()
        await wire.aclose()


async def test_creates_under_faults_are_never_applied_twice() -> None:
    """POST vendors through the BC client (the path createVendor takes) while the sandbox
    throttles, fails and resets, and the transport loses some answers after the sandbox
    applied the write. Each name is created at most once; every success exactly once."""
    sandbox = create_sandbox(sandbox_settings(limits=ROOMY_LIMITS))
    transport = FaultyTransport(httpx.ASGITransport(app=sandbox), lose_write_answers=0.1, seed=7)
    admin = httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox), base_url=BASE_URL)
    async with (
        sandbox.router.lifespan_context(sandbox),
        admin,
        alice_over(sandbox, transport) as (client, target),
    ):
        companies = await client.send(target, BCRequest("GET", "companies"))
        company = sorted(companies.body["value"], key=lambda c: c["name"])[0]["id"]
        vendors = f"companies({company})/vendors"
        await admin.put(
            "/_sandbox/faults",
            json={
                "rate_429": 0.15,
                "rate_503": 0.05,
                "rate_504": 0.05,
                "reset_rate": 0.05,
                "retry_after": 0,
            },
        )
        names = [unique_name("resilience") for _ in range(CREATES)]
        outcomes: dict[str, GatewayError | None] = {}
        gate = asyncio.Semaphore(10)

        async def create(name: str) -> None:
            async with gate:
                try:
                    await client.send(
                        target, BCRequest("POST", vendors, body={"displayName": name})
                    )
                except GatewayError as error:
                    outcomes[name] = error
                else:
                    outcomes[name] = None

        await asyncio.gather(*(create(n) for n in names))
        await admin.delete("/_sandbox/faults")
        stats = (await admin.get("/_sandbox/stats")).json()
        rows = (await client.send(target, BCRequest("GET", vendors, params={"$top": "20000"}))).body

    created: dict[str, int] = {}
    for row in rows["value"]:
        created[row["displayName"]] = created.get(row["displayName"], 0) + 1
    assert max(created.get(n, 0) for n in names) == 1  # never a duplicate
    for name, error in outcomes.items():
        if error is None:
            assert created.get(name) == 1, name
        elif not error.extensions.get("outcomeUnknown") and error.extensions.get("bcCode") in (
            "TooManyRequests",  # refused before any work: nothing may exist
            "Unavailable",
        ):
            assert created.get(name, 0) == 0, (name, error.extensions)
    codes = {error.code for error in outcomes.values() if error is not None}
    assert codes <= {"UPSTREAM_UNAVAILABLE", "RATE_LIMITED"}, codes
    # The faults were real: throttled POSTs were retried (and succeeded), answers were lost
    # after the write in both ways, and the successes outnumber the failures.
    assert count_status(stats, 429, method="POST", entity_set="vendors") >= 5
    assert transport.lost_as_cut > 0 and transport.lost_as_gateway_timeout > 0
    assert transport.resets > 0
    assert sum(1 for e in outcomes.values() if e is None) > CREATES // 2


async def test_a_write_answered_504_says_its_outcome_is_unknown() -> None:
    sandbox = create_sandbox(sandbox_settings())
    transport = FaultyTransport(
        httpx.ASGITransport(app=sandbox), lose_write_answers=1.0, lost_as_504=1.0
    )
    async with (
        sandbox.router.lifespan_context(sandbox),
        alice_over(sandbox, transport) as (client, target),
    ):
        companies = await client.send(target, BCRequest("GET", "companies"))
        company = companies.body["value"][0]["id"]
        with pytest.raises(GatewayError) as raised:
            await client.send(
                target,
                BCRequest("POST", f"companies({company})/vendors", body={"displayName": "x"}),
            )
    assert transport.lost_as_gateway_timeout == 1
    # The vendor exists in BC; the client must be told it might.
    assert raised.value.extensions.get("outcomeUnknown") is True


async def test_create_vendor_through_graphql_and_the_proxy_under_faults_never_duplicates() -> None:
    """The same as above through the whole gateway: createVendor alone, two createVendor in
    one document (one $batch), and POSTs through the REST proxy."""

    def lossy(inner: httpx.AsyncBaseTransport) -> FaultyTransport:
        return FaultyTransport(inner, lose_write_answers=0.1, seed=11)

    async with faulty_stack(transport=lossy, connect=((USER_A, ALICE),)) as harness:
        stack = harness.stack
        company = (await stack.graphql(USER_A, "{ me { defaultCompanyId } }")).json()["data"]["me"][
            "defaultCompanyId"
        ]
        await harness.reset_stats()
        await harness.faults(
            rate_429=0.15, rate_503=0.05, rate_504=0.05, reset_rate=0.05, retry_after=0
        )
        one = "mutation($a: String) { a: createVendor(input: {displayName: $a}) { id } }"
        two = (
            "mutation($a: String, $b: String) { a: createVendor(input: {displayName: $a}) { id }"
            " b: createVendor(input: {displayName: $b}) { id } }"
        )
        # name -> None (created, said the gateway) or the error's extensions; "hidden" when
        # the other create of its document failed: createVendor is `Vendor!`, so one failure
        # nulls the whole `data` and the client never learns the other's id.
        outcomes: dict[str, dict[str, Any] | str | None] = {}
        gate = asyncio.Semaphore(10)

        async def graphql_create(names: list[str]) -> None:
            variables = dict(zip("ab", names, strict=False))
            async with gate:
                body = (
                    await stack.graphql(USER_A, two if len(names) == 2 else one, variables)
                ).json()
            failed = {e["path"][0]: e["extensions"] for e in body.get("errors") or ()}
            for alias, name in variables.items():
                if alias in failed:
                    outcomes[name] = failed[alias]
                elif body.get("data") is None:
                    outcomes[name] = "hidden"
                else:
                    assert body["data"][alias]["id"]
                    outcomes[name] = None

        async def proxy_create(name: str) -> None:
            async with gate:
                response = await stack.http.post(
                    f"/proxy/companies({company})/vendors",
                    json={"displayName": name},
                    headers=stack.auth(USER_A),
                )
            if response.status_code == 201:
                outcomes[name] = None
                return
            # The proxy passes BC's own answers through (an injected 503 or 504 as BC sent
            # it); what the gateway itself refuses carries a contract code.
            body = response.json()
            own = (body.get("errors") or [{}])[0].get("extensions", {})
            outcomes[name] = {
                "proxyStatus": response.status_code,
                "code": own.get("code") or f"BC {response.status_code}",
                **own,
            }

        jobs = []
        for i in range(90):
            if i % 3 == 0:
                jobs.append(graphql_create([unique_name("gql2"), unique_name("gql2")]))
            elif i % 3 == 1:
                jobs.append(graphql_create([unique_name("gql1")]))
            else:
                jobs.append(proxy_create(unique_name("proxy")))
        await asyncio.gather(*jobs)
        await harness.clear_faults()
        stats = await harness.stats()
        token = await harness.access_token(USER_A)
        rows = (
            await stack.idp.get(
                f"/v2.0/{CONTOSO_TENANT}/production/api/v2.0/companies({company})/vendors",
                params={"$select": "displayName"},
                headers={"Authorization": f"Bearer {token}"},
            )
        ).json()["value"]

    created: dict[str, int] = {}
    for row in rows:
        created[row["displayName"]] = created.get(row["displayName"], 0) + 1
    assert len(outcomes) == 120
    assert max(created.get(name, 0) for name in outcomes) == 1  # never a duplicate
    for name, error in outcomes.items():
        if error is None:
            assert created.get(name) == 1, name
    failures = [e for e in outcomes.values() if isinstance(e, dict)]
    codes = {e.get("code") for e in failures}
    assert codes <= {"UPSTREAM_UNAVAILABLE", "RATE_LIMITED", "BC 503", "BC 504"}, failures
    # The faults were real, writes were retried after 429s, and most writes went through.
    assert count_status(stats, 429, method="POST") >= 5
    assert harness.transport.lost_as_cut + harness.transport.lost_as_gateway_timeout > 0
    assert len(failures) < len(outcomes) // 2
