"""GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) over real HTTP:
the gateway served by uvicorn on 127.0.0.1, in the test's event loop, over an in-process
sandbox whose webhooks reach it as BC's would."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import httpx

from gateway.graphql import GraphQLApp
from gateway.limits import LimitsConfig, ServerLimits
from gateway.origins import OriginPolicy
from tests.servers import serving
from tests.subscriptions.harness import ALICE_ID, Live, eventually, live
from tests.subscriptions.sseclient import SSE_ACCEPT, Event, open_stream

VENDORS = "query { vendors(first: 2) { nodes { id displayName } } }"
CREATE = """mutation($name: String!) {
  createVendor(input: {displayName: $name}) { id displayName } }"""
CHANGES = """subscription($company: UUID) {
  recordChanged(entities: [VENDOR], companyId: $company) {
    entity changeType recordId record { ... on Vendor { displayName } } } }"""


@contextlib.asynccontextmanager
async def client(world: Live, user_id: str | None = ALICE_ID) -> AsyncIterator[httpx.AsyncClient]:
    headers = world.auth(user_id) if user_id else {}
    async with (
        serving(world.stack.gateway) as url,
        httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as http,
    ):
        yield http


async def until_watched(world: Live, listening: int) -> None:
    """Until the gateway watches vendors for Alice (BC's handshake done): a change made
    next cannot be missed."""
    runtime = world.runtime()

    async def watched() -> bool:
        mine = [w for w in await runtime.webhooks.registry.all() if w.topic.user_id == ALICE_ID]
        return runtime.broadcast.subscriber_count > listening and len(mine) >= 1

    await eventually(watched)


def data_of(event: Event) -> dict:
    assert event.event == "next", event
    payload = event.json()
    assert "errors" not in payload, payload
    return payload["data"]


async def test_a_query_is_one_next_then_complete_over_post_and_get() -> None:
    async with live() as world, client(world) as http:
        for method in ("POST", "GET"):
            async with open_stream(http, VENDORS, method=method) as stream:
                headers = stream.response.headers
                assert stream.response.status_code == 200
                assert headers["content-type"] == "text/event-stream; charset=utf-8"
                assert headers["cache-control"] == "no-cache"
                assert headers["x-accel-buffering"] == "no"
                events = await stream.all()
            assert [e.event for e in events] == ["next", "complete"], (method, events)
            nodes = data_of(events[0])["vendors"]["nodes"]
            assert len(nodes) == 2 and all(n["displayName"] for n in nodes)
            assert events[1].data == ""


async def test_a_client_preferring_json_gets_json_though_it_accepts_the_stream() -> None:
    # urql's fetch lists text/event-stream after the JSON types for every query.
    urql = (
        "application/graphql-response+json, application/graphql+json, application/json, "
        "text/event-stream, multipart/mixed"
    )
    async with live() as world, client(world) as http:
        headers = {"accept": urql, **world.auth(ALICE_ID)}
        answer = await http.post("/graphql", json={"query": VENDORS}, headers=headers)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/graphql-response+json")
        assert len(answer.json()["data"]["vendors"]["nodes"]) == 2
        preferred = {"accept": "application/json;q=0.5, text/event-stream", **world.auth(ALICE_ID)}
        async with http.stream("POST", "/graphql", json={"query": VENDORS}, headers=preferred) as r:
            assert r.headers["content-type"] == "text/event-stream; charset=utf-8"


async def test_refusals_before_the_stream_are_plain_http_errors() -> None:
    async with live() as world, client(world, user_id=None) as http:
        body = {"query": VENDORS}
        nobody = await http.post("/graphql", json=body, headers=SSE_ACCEPT)
        assert nobody.status_code == 401
        assert nobody.json()["errors"][0]["extensions"]["reason"] == "missing_token"
        forged = {**SSE_ACCEPT, "authorization": "Bearer not-a-token"}
        assert (await http.post("/graphql", json=body, headers=forged)).status_code == 401

        auth = {**SSE_ACCEPT, **world.auth(ALICE_ID)}
        for content, why in [
            (b"{not json", "Unable to parse"),
            (b'{"variables": {}}', "no GraphQL `query`"),
            (b'[{"query": "{ __typename }"}, {"query": "{ __typename }"}]', "Batching"),
            (b'{"query": "{ __typename }", "variables": 3}', "variables"),
        ]:
            refused = await http.post(
                "/graphql", content=content, headers={**auth, "content-type": "application/json"}
            )
            assert refused.status_code == 400, (content, refused.text)
            assert refused.headers["content-type"] == "application/json"
            error = refused.json()["errors"][0]
            assert why in error["message"] and error["extensions"]["code"] == "BAD_REQUEST"

        # A stream asked for while the gateway stops: 503, to try again elsewhere.
        world.graphql().event_streams.drain()
        stopping = await http.post("/graphql", json=body, headers=auth)
        assert stopping.status_code == 503 and stopping.headers["retry-after"] == "1"
        # Plain HTTP goes on meanwhile.
        plain = await http.post("/graphql", json=body, headers=world.auth(ALICE_ID))
        assert plain.status_code == 200 and plain.json()["data"]["vendors"]["nodes"]


async def test_a_bad_document_is_reported_in_the_stream_as_the_protocol_requires() -> None:
    deep = "query { vendors { nodes { " + "paymentTerm { vendors { nodes { " * 12 + "id"
    deep += " } } }" * 12 + " } } }"
    async with live(limits=LimitsConfig(rate_per_second=0, max_depth=8)) as world:
        async with client(world) as http:
            cases = [
                ("{ vendors(first: 1) { nodes { id }", "POST", "Syntax Error"),
                ("{ vendors(first: 1) { nodes { noSuchField } } }", "POST", "noSuchField"),
                (deep, "POST", "the limit is 8"),
                (
                    'mutation { createVendor(input: {displayName: "x"}) { id } }',
                    "GET",
                    "(use POST)",
                ),
            ]
            for query, method, why in cases:
                async with open_stream(http, query, method=method) as stream:
                    assert stream.response.status_code == 200
                    events = await stream.all()
                assert [e.event for e in events] == ["next", "complete"], (query, events)
                payload = events[0].json()
                assert "data" not in payload, payload  # it never ran
                messages = " ".join(e["message"] for e in payload["errors"])
                assert why in messages, (why, payload)
        # The mutation over GET never ran.
        listed = await world.bc[ALICE_ID].get("vendors?$filter=displayName eq 'x'")
        assert listed.json()["value"] == []


async def test_a_subscription_streams_each_change_after_a_write() -> None:
    async with live() as world, client(world) as http:
        company = world.bc[ALICE_ID].company_id
        listening = world.runtime().broadcast.subscriber_count
        async with open_stream(http, CHANGES, {"company": company}) as stream:
            await until_watched(world, listening)
            # A mutation over SSE too: one `next` with the created vendor, then complete.
            name = f"sse {uuid.uuid4().hex[:8]}"
            async with open_stream(http, CREATE, {"name": name}) as created_stream:
                created = await created_stream.all()
            assert [e.event for e in created] == ["next", "complete"]
            vendor = data_of(created[0])["createVendor"]
            event = data_of(await _next(stream))["recordChanged"]
            assert (event["changeType"], event["recordId"]) == ("CREATED", vendor["id"])
            assert event["record"] == {"displayName": name}
            # Straight to BC, as another BC client would.
            patched = await world.bc[ALICE_ID].patch(
                f"vendors({vendor['id']})",
                json={"displayName": f"{name} 2"},
                headers={"If-Match": "*"},
            )
            assert patched.status_code == 200, patched.text
            event = data_of(await _next(stream))["recordChanged"]
            assert (event["changeType"], event["record"]) == (
                "UPDATED",
                {"displayName": f"{name} 2"},
            )


async def test_a_client_leaving_ends_its_subscription() -> None:
    async with live() as world, client(world) as http:
        graphql = world.graphql()
        streams = graphql.event_streams
        runtime = world.runtime()
        listening = runtime.broadcast.subscriber_count
        company = world.bc[ALICE_ID].company_id
        async with open_stream(http, CHANGES, {"company": company}) as first:
            await until_watched(world, listening)
            # A second stream of the same user and document joins the first's subscription
            # (as a second socket would): one execution per event, two listeners.
            async with open_stream(http, CHANGES, {"company": company}) as second:
                await first.comment()
                await second.comment()
                await eventually(_holds(graphql, 2))
                assert streams.open == 2
            # The second went: the first still has its subscription.
            await eventually(_holds(graphql, 1))
            await eventually(_open(graphql, 1))
            assert runtime.broadcast.subscriber_count > listening
        # Nobody listens any more: the subscription and its feed watch are released.
        await eventually(_holds(graphql, 0))
        await eventually(_open(graphql, 0))

        async def released() -> bool:
            return runtime.broadcast.subscriber_count == listening

        await eventually(released)


async def test_a_stream_refused_by_the_rate_limit_is_a_429() -> None:
    async with live(limits=LimitsConfig(rate_per_second=0.5, rate_burst=1)) as world:
        async with client(world) as http:
            async with open_stream(http, VENDORS) as stream:
                assert [e.event for e in await stream.all()] == ["next", "complete"]
            async with open_stream(http, VENDORS) as refused:
                assert refused.response.status_code == 429
                assert int(refused.response.headers["retry-after"]) >= 1
                body = await refused.response.aread()
            assert b"RATE_LIMITED" in body


async def test_an_idle_stream_keeps_alive_passes_cors_and_ends_when_the_gateway_stops() -> None:
    origin = "https://app.example"
    settings = {
        "server": ServerLimits(sse_keep_alive=0.2),
        "cors": OriginPolicy((origin,)),
        "limits": LimitsConfig(rate_per_second=0),
    }
    async with live(settings=settings) as world, contextlib.AsyncExitStack() as server:
        graphql = world.graphql()
        url = await server.enter_async_context(serving(world.stack.gateway))
        headers = {**world.auth(ALICE_ID), "origin": origin}
        async with (
            httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as http,
            open_stream(http, CHANGES, {"company": world.bc[ALICE_ID].company_id}) as stream,
        ):
            assert stream.response.status_code == 200
            assert stream.response.headers["access-control-allow-origin"] == origin
            # Quiet (nothing changes): a comment every 0.2 s, so proxies see traffic.
            started = asyncio.get_running_loop().time()
            for _ in range(3):
                await stream.comment(within=2)
            assert asyncio.get_running_loop().time() - started < 2
            assert graphql.event_streams.open == 1
            metrics = (await http.get("/metrics")).text
            assert "\nbcgraph_event_streams_open 1.0\n" in metrics
            # The server stops as `bcgraph serve` does: the subscription's stream ends
            # without `complete` (a client retries), and nothing holds the server up.
            stopping = asyncio.create_task(server.aclose())
            assert await stream.all(within=5) == []
            await asyncio.wait_for(stopping, 5)
        assert graphql.event_streams.open == 0
        assert graphql.event_streams.draining


async def _next(stream: object) -> Event:
    from tests.subscriptions.sseclient import Stream

    assert isinstance(stream, Stream)
    event = await stream.next(within=10)
    assert event is not None, "the stream ended"
    return event


def _holds(graphql: GraphQLApp, listeners: int):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return graphql.shared_listeners == listeners

    return check


def _open(graphql: GraphQLApp, count: int):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return graphql.event_streams.open == count

    return check


_ = asyncio
