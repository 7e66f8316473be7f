"""Limits through the whole gateway: each refusal is a GraphQL error with its code, the
read path's benchmark queries pass the defaults, and the rate limit answers 429 with
Retry-After, from one bucket per user whichever door (GraphQL over HTTP or WebSocket, the
REST passthrough) the user comes through."""

from __future__ import annotations

import asyncio
import logging
import uuid

import httpx
import pytest
import redis.asyncio as aioredis
from graphql import parse

from gateway.limits import (
    LimitsConfig,
    OpeningRateStore,
    RateLimiter,
    open_rate_store,
    operation_cost,
)
from gateway.limits.rate_memory import MemoryRateStore
from gateway.limits.rate_redis import RedisRateStore
from schema import build_schema
from tests.conftest import ALICE
from tests.gateway.connect.services import REDIS_URL, require_redis
from tests.gateway.stack import Stack, running_stack
from tests.graphql.test_read_path import Q1, Q2, Q3, Q4, Q5
from tests.servers import free_port
from tests.subscriptions.wsclient import socket

COMPANIES = "{ companies { id } }"
TIGHT = LimitsConfig(max_depth=4, max_aliases=2, max_tokens=60, max_cost=500, max_body_bytes=2000)


async def connected(stack: Stack, user: str = "user-a") -> Stack:
    finished = await stack.connect(user, ALICE)
    assert finished.status_code == 200, finished.text
    return stack


def code_of(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_read_path_queries_pass_the_default_limits() -> None:
    async with running_stack() as stack:
        await connected(stack)
        for query in (Q1, Q2, Q3, Q4, Q5):
            response = await stack.graphql("user-a", query, {"n": 100})
            assert response.status_code == 200
            assert "errors" not in response.json(), response.json()


def test_read_path_costs_stay_well_under_the_default() -> None:
    schema = build_schema()._schema
    costs = [operation_cost(schema, parse(q), None, {"n": 100}) for q in (Q1, Q2, Q3, Q4, Q5)]
    assert max(costs) * 1.5 < LimitsConfig().max_cost, costs


async def test_each_limit_refuses_with_query_too_complex() -> None:
    async with running_stack(limits=TIGHT) as stack:
        await connected(stack)
        deep = (
            "{ vendors { nodes { paymentTerm { code } purchaseInvoices { nodes { number } } } } }"
        )
        aliased = "{ a: companies { id } b: companies { id } c: companies { id } }"
        long = "{ " + "companies { id } " * 20 + "}"
        costly = "query($n: Int) { purchaseInvoices(first: $n) { nodes { number } } }"
        cases = {
            "nests fields 5 deep": await stack.graphql("user-a", deep),
            "3 aliases": await stack.graphql("user-a", aliased),
            "more than 60 tokens": await stack.graphql("user-a", long),
            "estimated cost is 601": await stack.graphql("user-a", costly, {"n": 300}),
        }
        for message, response in cases.items():
            assert response.status_code == 200
            body = response.json()
            assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX", body
            assert message in body["errors"][0]["message"]
            assert body.get("data") is None
        # Under the same limits, a modest page goes through.
        fine = await stack.graphql("user-a", costly, {"n": 100})
        assert "errors" not in fine.json()


def test_cost_follows_literals_variables_defaults_and_fragments() -> None:
    schema = build_schema()._schema

    def cost(query: str, variables: dict[str, int] | None = None) -> int:
        return operation_cost(schema, parse(query), None, variables)

    assert cost("{ vendors(first: 100) { nodes { displayName } } }") == 201
    assert cost("query($n: Int) { vendors(first: $n) { nodes { number } } }", {"n": 10}) == 21
    # The variable's default, then the argument's default (50).
    assert cost("query($n: Int = 3) { vendors(first: $n) { nodes { number } } }") == 7
    assert cost("{ vendors { nodes { number } } }") == 101
    assert cost(
        "fragment V on Vendor { number displayName } { vendors(first: 2) { nodes { ...V } } }"
    ) == cost("{ vendors(first: 2) { nodes { number displayName } } }")
    # Nested pages multiply.
    assert cost(
        "{ vendors(first: 10) { nodes { purchaseInvoices(first: 5) { nodes { id } } } } }"
    ) == (1 + 10 * (1 + (1 + 5 * (1 + 1))))


async def test_a_body_over_the_limit_is_413_declared_or_streamed() -> None:
    async with running_stack(limits=TIGHT) as stack:
        await connected(stack)
        big = '{"query": "{ companies { id } }", "pad": "' + "x" * 3000 + '"}'
        declared = await stack.http.post(
            "/graphql",
            content=big,
            headers={"Content-Type": "application/json", **stack.auth("user-a")},
        )
        assert declared.status_code == 413
        assert code_of(declared) == "QUERY_TOO_COMPLEX"

        async def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b" " * 400

        streamed = await stack.http.post(
            "/graphql",
            content=chunks(),
            headers={"Content-Type": "application/json", **stack.auth("user-a")},
        )
        assert streamed.status_code == 413
        small = await stack.graphql("user-a", "{ companies { id } }")
        assert small.status_code == 200


async def assert_others_served(stack: Stack, other: httpx.Response) -> None:
    """`other`, another user's request, is served (each user has their own bucket), and
    /metrics counts the one refusal."""
    assert other.status_code == 200
    metrics = (await stack.http.get("/metrics")).text
    assert "bcgraph_rate_limited_total 1.0" in metrics


async def test_rate_limit_is_per_user_with_retry_after() -> None:
    limits = LimitsConfig(rate_per_second=0.5, rate_burst=3)
    async with running_stack(limits=limits) as stack:
        await connected(stack, "user-a")
        await connected(stack, "user-b")
        answers = [await stack.graphql("user-a", "{ companies { id } }") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        refused = answers[-1]
        assert code_of(refused) == "RATE_LIMITED"
        assert refused.headers["Retry-After"] == "2"
        await assert_others_served(stack, await stack.graphql("user-b", "{ companies { id } }"))


async def test_the_proxy_is_rate_limited_per_user_before_bc_is_called() -> None:
    limits = LimitsConfig(rate_per_second=0.5, rate_burst=2)
    async with running_stack(limits=limits) as stack:
        await connected(stack, "user-a")
        await connected(stack, "user-b")
        answers = [
            await stack.http.get("/proxy/companies", headers=stack.auth("user-a")) for _ in range(2)
        ]
        assert [a.status_code for a in answers] == [200, 200]
        bc_calls = (await stack.idp.get("/_sandbox/stats")).json()["httpRequests"]
        refused = await stack.http.get("/proxy/companies", headers=stack.auth("user-a"))
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "2"
        # The gateway's own error body, as /graphql answers a 429 (not one of BC's).
        assert refused.json() == {
            "errors": [
                {
                    "message": "Too many requests for this user; try again in 2 s.",
                    "extensions": {"code": "RATE_LIMITED", "retryAfter": 2},
                }
            ]
        }
        assert (await stack.idp.get("/_sandbox/stats")).json()["httpRequests"] == bc_calls
        await assert_others_served(
            stack, await stack.http.get("/proxy/companies", headers=stack.auth("user-b"))
        )


async def test_one_bucket_per_user_whichever_door() -> None:
    limits = LimitsConfig(rate_per_second=0.5, rate_burst=3)
    async with running_stack(limits=limits) as stack:
        await connected(stack, "user-a")
        await connected(stack, "user-b")
        # One operation through each door empties user-a's bucket of three.
        assert (await stack.graphql("user-a", COMPANIES)).status_code == 200
        proxied = await stack.http.get("/proxy/companies", headers=stack.auth("user-a"))
        assert proxied.status_code == 200
        async with socket(stack.gateway) as ws:
            ack = await ws.init({"authorization": f"Bearer {stack.token('user-a')}"})
            assert ack["type"] == "connection_ack"
            await ws.subscribe("1", COMPANIES)
            assert (await ws.next_for("1"))["type"] == "next"
            await ws.subscribe("2", COMPANIES)
            refused = await ws.next_for("2")
            assert refused["type"] == "error"
            assert refused["payload"][0]["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 2}
        # Now every door refuses user-a, and none refuses user-b.
        assert (await stack.graphql("user-a", COMPANIES)).status_code == 429
        proxied = await stack.http.get("/proxy/companies", headers=stack.auth("user-a"))
        assert proxied.status_code == 429
        assert (await stack.graphql("user-b", COMPANIES)).status_code == 200
        proxied = await stack.http.get("/proxy/companies", headers=stack.auth("user-b"))
        assert proxied.status_code == 200
        metrics = (await stack.http.get("/metrics")).text
        assert "bcgraph_rate_limited_total 3.0" in metrics


async def test_memory_buckets_refill_and_stay_bounded() -> None:
    now = [0.0]
    store = MemoryRateStore(max_keys=2, clock=lambda: now[0])
    limiter = RateLimiter(store, rate=2.0, burst=2)
    assert await limiter.check("u") is None and await limiter.check("u") is None
    refused = await limiter.check("u")
    assert refused is not None and refused.extensions["retryAfter"] == 1
    now[0] += 0.5  # one token back at 2 per second
    assert await limiter.check("u") is None
    for user in ("v", "w", "x"):
        await limiter.check(user)
    assert len(store._buckets) == 2


async def test_redis_buckets_are_shared_by_replicas() -> None:
    await require_redis()
    prefix = f"test-{uuid.uuid4().hex}:"
    first = await RedisRateStore.open(REDIS_URL, prefix=prefix)
    second = await RedisRateStore.open(REDIS_URL, prefix=prefix)
    try:
        replicas = [RateLimiter(first, 1.0, 3), RateLimiter(second, 1.0, 3)]
        outcomes = await asyncio.gather(*(replicas[i % 2].check("u") for i in range(5)))
        refused = [o for o in outcomes if o is not None]
        # Five requests over two replicas, one budget of three.
        assert len(refused) == 2
        assert all(1 <= r.extensions["retryAfter"] <= 3 for r in refused)
    finally:
        await first._client.delete(prefix + "rate:u")
        await first.close()
        await second.close()


async def test_the_limit_fails_open_while_redis_is_away(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Redis unreachable: every operation goes on (BC's own limits are the governor's),
    with one warning, not one per operation."""
    store = RedisRateStore(aioredis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0"))
    limiter = RateLimiter(store, rate=1.0, burst=1)
    try:
        with caplog.at_level(logging.WARNING, logger="gateway.limits.rate"):
            assert [await limiter.check("u") for _ in range(3)] == [None, None, None]
    finally:
        await store.close()
    warnings = [r for r in caplog.records if "rate limit store unavailable" in r.getMessage()]
    assert len(warnings) == 1


async def test_rate_store_scheme_is_checked() -> None:
    store = await open_rate_store("memory://")
    assert isinstance(store, MemoryRateStore)
    with pytest.raises(ValueError, match="unknown rate limit store"):
        await open_rate_store("ftp://nowhere")


async def test_the_apps_rate_store_limits_only_while_open_and_fails_open_outside() -> None:
    store = OpeningRateStore("memory://")  # built with the app: nothing opened yet
    limiter = RateLimiter(store, rate=0.001, burst=1)
    assert await limiter.check("user-a") is None  # before the start: not limited
    assert await limiter.check("user-a") is None
    await store.start()
    assert await limiter.check("user-a") is None
    refused = await limiter.check("user-a")
    assert refused is not None and refused.code == "RATE_LIMITED"
    await store.close()
    assert await limiter.check("user-a") is None  # after the stop: not limited
