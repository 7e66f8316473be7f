"""Which failures are retried for which methods, how long the client waits, and when it stops.

Faults come from the sandbox (`/_sandbox/faults`); waits run on FakeTime, whose `on_sleep`
hook can lift a fault between attempts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from gateway.bc.config import BCClientConfig
from gateway.bc.retry import RetryPolicy, parse_retry_after
from gateway.bc.types import BCRequest
from gateway.errors import RateLimited, UpstreamUnavailable
from tests.gateway.bc.conftest import World, close_world, make_world

REQUEST = httpx.Request("GET", "http://bc.test/")


def test_parse_retry_after() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=3), usegmt=True), now) == 3.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    for bad in (None, "", "soon", "-1", "1.5e9"):
        assert parse_retry_after(bad, now) is None


@pytest.mark.parametrize(
    ("method", "retried"),
    [
        ("GET", {429, 502, 503, 504}),
        ("PATCH", {429, 503}),
        ("DELETE", {429, 503}),
        ("POST", {429}),
    ],
)
def test_status_matrix(method: str, retried: set[int]) -> None:
    policy = RetryPolicy()
    statuses = (400, 401, 404, 408, 409, 429, 500, 502, 503, 504)
    assert {s for s in statuses if policy.retries_status(method, s)} == retried


@pytest.mark.parametrize(
    ("error", "methods"),
    [
        (httpx.ConnectError("x", request=REQUEST), {"GET", "POST", "PATCH", "DELETE"}),
        (httpx.ConnectTimeout("x", request=REQUEST), {"GET", "POST", "PATCH", "DELETE"}),
        (httpx.PoolTimeout("x", request=REQUEST), {"GET", "POST", "PATCH", "DELETE"}),
        (httpx.ReadTimeout("x", request=REQUEST), {"GET"}),
        (httpx.ReadError("x", request=REQUEST), {"GET"}),
        (httpx.RemoteProtocolError("x", request=REQUEST), {"GET"}),
        (httpx.WriteTimeout("x", request=REQUEST), {"GET"}),
        (httpx.LocalProtocolError("x", request=REQUEST), set()),
    ],
)
def test_transport_matrix(error: httpx.TransportError, methods: set[str]) -> None:
    policy = RetryPolicy()
    assert {
        m for m in ("GET", "POST", "PATCH", "DELETE") if policy.retries_transport(m, error)
    } == methods


def test_backoff_with_full_jitter_and_caps() -> None:
    policy = RetryPolicy(max_attempts=6, total_seconds=100, base_delay=0.5, max_delay=3.0)
    attempts = policy.start("GET", 0.0, lambda: 1.0)  # the top of each jitter range
    delays = [attempts.after_status(503, {}, 0.0) for _ in range(6)]
    assert delays == [0.5, 1.0, 2.0, 3.0, 3.0, None]  # capped, then out of attempts
    low = policy.start("GET", 0.0, lambda: 0.0)
    assert low.after_status(503, {}, 0.0) == 0.0
    # Retry-After wins over backoff; a wait past the total budget is not taken.
    capped = RetryPolicy(total_seconds=30).start("GET", 0.0, lambda: 0.5)
    assert capped.after_status(429, {"retry-after": "20"}, 0.0) == 20.0
    assert capped.after_status(429, {"retry-after": "20"}, 20.0) is None
    assert capped.after_status(404, {}, 0.0) is None


# --- against the sandbox -------------------------------------------------------------


def vendors(world: World) -> str:
    return str(world.company().child("vendors"))


async def lift_after_first_wait(world: World) -> None:
    async def lift(_: float) -> None:
        await world.admin.clear_faults()

    world.time.on_sleep = lift


async def test_429_honours_retry_after_then_succeeds(world: World) -> None:
    await world.admin.faults(rate_429=1.0, retry_after=1)
    await lift_after_first_wait(world)
    await world.admin.reset_stats()
    response = await world.get(vendors(world), **{"$top": "1"})
    assert response.status == 200
    assert world.time.sleeps == [1.0]
    assert await world.admin.count("GET") == 2


async def test_429_that_persists_becomes_rate_limited() -> None:
    world = await make_world(config=BCClientConfig(max_attempts=4))
    try:
        await world.admin.faults(rate_429=1.0, retry_after=2)
        await world.admin.reset_stats()
        with pytest.raises(RateLimited) as caught:
            await world.get(vendors(world))
        assert caught.value.extensions["retryAfter"] == 2
        assert caught.value.extensions["bcCode"] == "Application_TooManyRequests"
        assert world.time.sleeps == [2.0, 2.0, 2.0]
        assert await world.admin.count("GET") == 4  # max_attempts
    finally:
        await close_world(world)


async def test_429_without_retry_after_backs_off_exponentially(world: World) -> None:
    await world.admin.faults(rate_429=1.0, retry_after=None)
    with pytest.raises(RateLimited) as caught:
        await world.get(vendors(world))
    assert "retryAfter" not in caught.value.extensions
    assert world.time.sleeps == [0.25, 0.5, 1.0]  # jitter 0.5 of 0.5, 1, 2


@pytest.mark.parametrize("fault", ["rate_503", "rate_504"])
async def test_503_and_504_on_get_end_unavailable(world: World, fault: str) -> None:
    await world.admin.faults(**{fault: 1.0, "retry_after": 1})
    await world.admin.reset_stats()
    with pytest.raises(UpstreamUnavailable):
        await world.get(vendors(world))
    assert await world.admin.count("GET") == 4


async def test_retries_stop_at_the_total_time_cap() -> None:
    world = await make_world(config=BCClientConfig(max_attempts=10, retry_total_seconds=30))
    try:
        await world.admin.faults(rate_503=1.0, retry_after=12)
        with pytest.raises(UpstreamUnavailable):
            await world.get(vendors(world))
        assert world.time.sleeps == [12.0, 12.0]  # a third wait would end past 30 s
    finally:
        await close_world(world)


async def test_post_is_not_retried_on_503(world: World) -> None:
    await world.admin.faults(rate_503=1.0)
    await world.admin.reset_stats()
    with pytest.raises(UpstreamUnavailable):
        await world.client.send(
            world.target, BCRequest("POST", vendors(world), body={"displayName": "Once"})
        )
    assert await world.admin.count("POST") == 1
    assert world.time.sleeps == []


async def test_post_is_retried_on_429_and_created_once(world: World) -> None:
    await world.admin.faults(rate_429=1.0, retry_after=1)
    await lift_after_first_wait(world)
    await world.admin.reset_stats()
    created = await world.client.send(
        world.target, BCRequest("POST", vendors(world), body={"displayName": "Retried Once"})
    )
    assert created.status == 201
    assert await world.admin.count("POST") == 2
    found = await world.get(vendors(world), **{"$filter": "displayName eq 'Retried Once'"})
    assert len(found.body["value"]) == 1


@pytest.mark.parametrize(("fault", "attempts"), [("rate_503", 2), ("rate_504", 1)])
async def test_patch_is_retried_on_503_but_not_504(world: World, fault: str, attempts: int) -> None:
    listed = await world.get(vendors(world), **{"$top": "1"})
    path = str(world.company().child("vendors", listed.body["value"][0]["id"]))
    await world.admin.faults(**{fault: 1.0, "retry_after": 1})
    await lift_after_first_wait(world)
    await world.admin.reset_stats()
    request = BCRequest("PATCH", path, body={"city": "Retryville"}, headers={"If-Match": "*"})
    if attempts == 2:
        assert (await world.client.send(world.target, request)).body["city"] == "Retryville"
    else:
        with pytest.raises(UpstreamUnavailable):
            await world.client.send(world.target, request)
    assert await world.admin.count("PATCH") == attempts
