"""Real GraphQL clients, one scenario each: Python's gql over HTTP (and WebSocket), and the
JavaScript graphql-ws client under Node. Query, mutation and, once the schema has
subscriptions (schema/subscription.py), a subscription that sees the mutation."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.httpx import HTTPXAsyncTransport

from tests.e2e.conftest import DevGateway, run_node, schema_has

QUERY = gql("query Vendors { vendors(first: 3) { nodes { number displayName } } }")
CREATE = "mutation Create($name: String!) { createVendor(input: {displayName: $name}) { id displayName } }"
SUBSCRIBE = gql(
    """subscription Created { recordCreated(entity: VENDOR) {
         entity changeType recordId record { ... on Vendor { displayName } } } }"""
)


def auth(gateway: DevGateway) -> dict[str, str]:
    return {"Authorization": f"Bearer {gateway.token}"}


async def test_gql_over_http_query_and_mutation(dev_gateway: DevGateway) -> None:
    transport = HTTPXAsyncTransport(url=dev_gateway.graphql, headers=auth(dev_gateway))
    # fetch_schema_from_transport: gql introspects the gateway and validates locally too.
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        vendors = (await session.execute(QUERY))["vendors"]["nodes"]
        assert len(vendors) == 3 and all(v["displayName"] for v in vendors)
        if not schema_has("Mutation"):
            pytest.skip("the schema has no mutations yet")
        name = f"gql vendor {uuid.uuid4().hex[:8]}"
        created = await session.execute(GraphQLRequest(CREATE, variable_values={"name": name}))
        assert created["createVendor"]["displayName"] == name


async def test_gql_over_websocket_subscription(dev_gateway: DevGateway) -> None:
    if not schema_has("Subscription"):
        pytest.skip("subscriptions are not built yet (schema/subscription.py)")
    from gql.transport.websockets import WebsocketsTransport

    transport = WebsocketsTransport(
        url=dev_gateway.websocket,
        init_payload={"authorization": f"Bearer {dev_gateway.token}"},
    )
    async with Client(transport=transport) as session:
        vendors = await session.execute(QUERY)
        assert vendors["vendors"]["nodes"]
        name = f"ws vendor {uuid.uuid4().hex[:8]}"

        async def first_event() -> dict:
            async for event in session.subscribe(SUBSCRIBE):
                if event["recordCreated"]["record"]["displayName"] == name:
                    return event
            raise AssertionError("the subscription ended")

        waiting = asyncio.ensure_future(first_event())
        await asyncio.sleep(0.5)
        http = HTTPXAsyncTransport(url=dev_gateway.graphql, headers=auth(dev_gateway))
        async with Client(transport=http) as writer:
            await writer.execute(GraphQLRequest(CREATE, variable_values={"name": name}))
        event = await asyncio.wait_for(waiting, timeout=20)
        assert event["recordCreated"]["changeType"] == "CREATED"


def test_graphql_ws_client_under_node(dev_gateway: DevGateway) -> None:
    if not schema_has("Subscription"):
        pytest.skip("no WebSocket endpoint yet: subscriptions are being built")
    report = run_node("graphql_ws.mjs", dev_gateway.websocket, dev_gateway.token, "full")
    assert "error" not in report, report
    assert report["query"]["data"]["vendors"]["nodes"]
    assert report["mutation"]["data"]["createVendor"]["id"]
    event = report["event"]["data"]["recordCreated"]
    assert event["recordId"] == report["mutation"]["data"]["createVendor"]["id"]


def test_graphql_sse_client_under_node(dev_gateway: DevGateway) -> None:
    # GraphQL over Server-Sent Events, with the client the protocol's authors wrote.
    report = run_node("graphql_sse.mjs", dev_gateway.graphql, dev_gateway.token)
    assert "error" not in report, report
    [query] = report["query"]
    assert len(query["data"]["vendors"]["nodes"]) == 3
    # A document that does not validate: its errors in the stream, which then completes.
    [invalid] = report["invalid"]
    assert "noSuchField" in invalid["errors"][0]["message"] and "data" not in invalid
    # A refused token is a plain 401 before any stream.
    assert report["refused"] == {"name": "NetworkError", "status": 401}
    [mutation] = report["mutation"]
    created = mutation["data"]["createVendor"]
    event = report["event"]["data"]["recordCreated"]
    assert (event["changeType"], event["recordId"]) == ("CREATED", created["id"])
    assert event["record"]["displayName"] == created["displayName"]
