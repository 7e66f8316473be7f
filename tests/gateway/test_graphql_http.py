"""GraphQL over HTTP through the whole gateway: user tokens at the edge, the connect round
trip, then queries as that user; errors always carry a contract code."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.conftest import ALICE, CAROL
from tests.gateway.stack import Stack, running_stack

VENDORS = "{ vendors(first: 3) { nodes { number displayName } } }"


@pytest.fixture
async def stack():  # type: ignore[no-untyped-def]
    async with running_stack() as running:
        yield running


async def test_connect_round_trip_then_query_as_that_user(stack: Stack) -> None:
    finished = await stack.connect("user-a", ALICE)
    assert finished.status_code == 200 and "connected" in finished.text.lower()
    response = await stack.graphql("user-a", VENDORS)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert body["data"]["vendors"]["nodes"][0]["number"] == "10000"


async def test_missing_bad_and_forged_user_tokens_are_401(stack: Stack) -> None:
    missing = await stack.graphql(None, VENDORS)
    assert missing.status_code == 401
    assert missing.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    forged = await stack.http.post(
        "/graphql",
        json={"query": VENDORS},
        headers={"Authorization": "Bearer " + stack.token("user-a")[:-4] + "AAAA"},
    )
    assert forged.status_code == 401
    expired = await stack.http.post(
        "/graphql",
        json={"query": VENDORS},
        headers={"Authorization": "Bearer " + stack.token("user-a", exp=1)},
    )
    assert expired.status_code == 401


async def test_an_unconnected_user_gets_not_connected_with_the_connect_url(stack: Stack) -> None:
    response = await stack.graphql("nobody", VENDORS)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_CONNECTED"
    assert error["extensions"]["connectUrl"].endswith("/connect/start")
    # Introspection needs no BC connection.
    typename = await stack.graphql("nobody", "{ __typename }")
    assert typename.json() == {"data": {"__typename": "Query"}}


async def test_graphiql_page_is_served_to_browsers(stack: Stack) -> None:
    page = await stack.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


async def test_two_tenants_never_read_each_other(stack: Stack) -> None:
    await stack.connect("user-a", ALICE)
    await stack.connect("user-c", CAROL)
    a_vendors = (
        await stack.graphql("user-a", "{ vendors(first: 5) { nodes { id } } companies { id } }")
    ).json()["data"]
    c_companies = (await stack.graphql("user-c", "{ companies { id name } }")).json()["data"][
        "companies"
    ]
    assert {c["id"] for c in c_companies}.isdisjoint({c["id"] for c in a_vendors["companies"]})
    stolen = a_vendors["vendors"]["nodes"][0]["id"]
    # Carol pastes Alice's vendor id and company id into her own requests.
    by_id = await stack.graphql(
        "user-c", "query($i: UUID!) { vendor(id: $i) { displayName } }", {"i": stolen}
    )
    assert by_id.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    foreign_company = await stack.graphql(
        "user-c",
        "query($c: UUID) { vendors(companyId: $c) { nodes { id } } }",
        {"c": a_vendors["companies"][0]["id"]},
    )
    assert foreign_company.json()["errors"][0]["extensions"]["code"] in (
        "NOT_FOUND",
        "FORBIDDEN",
        "BAD_USER_INPUT",
    )
    assert "data" not in foreign_company.json() or foreign_company.json()["data"] is None


async def test_upstream_failures_carry_codes_and_no_internals(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    await stack.connect("user-a", ALICE)
    admin = stack.idp
    await admin.put("/_sandbox/faults", json={"rate_503": 1.0, "retry_after": 0})
    with caplog.at_level(logging.DEBUG):
        response = await stack.graphql("user-a", VENDORS)
    await admin.delete("/_sandbox/faults")
    body = response.json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    text = response.text
    assert "Traceback" not in text and "Bearer" not in text
    # BC's correlation id is kept for support, as an extension, not in the message.
    assert "CorrelationId" not in error["message"]
    connection = await stack.gateway.state.runtime.store.get("user-a")
    assert connection.access_token not in caplog.text and connection.access_token not in text


async def test_concurrent_calls_with_an_expired_token_refresh_once(stack: Stack) -> None:
    await stack.connect("user-a", ALICE)
    runtime = stack.gateway.state.runtime
    connection = await runtime.store.get("user-a")
    # Make the stored token look expired: the next calls must refresh it, once.
    expired = connection.__class__(**{**connection.__dict__, "expires_at": 0.0})
    await runtime.store.compare_and_set(expired)
    refreshes = 0
    real = runtime.identity.refresh

    async def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal refreshes
        refreshes += 1
        return await real(*args, **kwargs)

    runtime.identity.refresh = counting
    responses = await asyncio.gather(
        *(stack.graphql("user-a", "{ companies { name } }") for _ in range(100))
    )
    assert all("errors" not in r.json() for r in responses)
    assert refreshes == 1


async def test_two_gateways_sharing_redis_refresh_once() -> None:
    import contextlib
    import uuid

    from gateway.connections import ConnectionStoreConfig, generate_key
    from sandbox.app import create_sandbox
    from tests.conftest import sandbox_settings
    from tests.gateway.connect.services import REDIS_URL, require_redis

    await require_redis()
    sandbox = create_sandbox(sandbox_settings())
    # Two replicas: separate runtimes (locks, clients), one Redis store and key.
    store = ConnectionStoreConfig(
        url=REDIS_URL, encryption_keys=(generate_key(),), namespace=f"t{uuid.uuid4().hex[:12]}"
    )
    async with contextlib.AsyncExitStack() as stacks:
        await stacks.enter_async_context(sandbox.router.lifespan_context(sandbox))
        one = await stacks.enter_async_context(running_stack(sandbox, store=store))
        two = await stacks.enter_async_context(running_stack(sandbox, store=store))
        await one.connect("user-a", ALICE)
        connection = await one.gateway.state.runtime.store.get("user-a")
        expired = connection.__class__(**{**connection.__dict__, "expires_at": 0.0})
        await one.gateway.state.runtime.store.compare_and_set(expired)
        refreshes = 0
        for replica in (one, two):
            identity = replica.gateway.state.runtime.identity
            real = identity.refresh

            async def counting(*args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
                nonlocal refreshes
                refreshes += 1
                return await _real(*args, **kwargs)

            identity.refresh = counting
        calls = [
            r.graphql("user-a", "{ companies { name } }") for r in (one, two) for _ in range(50)
        ]
        responses = await asyncio.gather(*calls)
        assert all("errors" not in r.json() for r in responses)
        assert refreshes == 1
        await one.gateway.state.runtime.store.delete("user-a")
