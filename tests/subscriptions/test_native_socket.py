"""graphql-transport-ws on the gateway's own socket protocol (gateway/ws/native/) answers
as Strawberry's handler does on the ASGI path: the same conversations, message for
message and close for close, against two dev-mode gateways under uvicorn, one handing its
sockets over and one not. Then what only the handed-over socket does itself: events of a
planned subscription, complete, keepalive, a shutdown's 1012."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets

from gateway.dev import dev_server
from gateway.limits import ServerLimits
from tests.servers import free_port, serve, serving

VENDORS = "{ vendors(first: 2) { nodes { number displayName } } }"
PLANNED = """subscription { recordChanged(entities: [VENDOR]) {
  entity changeType record { ... on Vendor { displayName } } } }"""
OTHER = "subscription { recordChanged(entities: [VENDOR]) { entity changeType } }"
INIT = {"type": "connection_init", "payload": {}}


def subscribe(operation_id: str, query: str, **payload: Any) -> dict[str, Any]:
    return {"id": operation_id, "type": "subscribe", "payload": {"query": query, **payload}}


# Each conversation: what the client sends, in order (dicts as JSON, str as text,
# bytes as a binary frame); the answer is every message until the socket closes or goes
# quiet, then the close.
CONVERSATIONS: dict[str, list[Any]] = {
    "query, ping, pong": [INIT, {"type": "ping"}, {"type": "pong"}, subscribe("q", VENDORS)],
    "subscribe before init": [subscribe("q", VENDORS)],
    "me (the account of the socket's user)": [
        INIT,
        subscribe("q", "{ me { userId connected tenantId environment connectionKind } }"),
    ],
    "init twice": [INIT, INIT],
    "init payload not an object": [{"type": "connection_init", "payload": []}],
    "init payload null": [{"type": "connection_init", "payload": None}],
    "not JSON": ["{nope"],
    "binary": [b"\x00\x01"],
    "unknown type": [INIT, {"type": "nope"}],
    "no type": [{}],
    "syntax error": [INIT, subscribe("q", "{ vendors(")],
    "validation error": [INIT, subscribe("q", "{ nope }")],
    "missing variable": [
        INIT,
        subscribe("q", "query($n: Int!) { vendors(first: $n) { nodes { number } } }"),
    ],
    "variables": [
        INIT,
        subscribe(
            "q",
            "query($n: Int!) { vendors(first: $n) { nodes { number } } }",
            variables={"n": 1},
        ),
    ],
    "no query": [INIT, {"id": "q", "type": "subscribe", "payload": {}}],
    "no operation type": [INIT, subscribe("q", "fragment F on Vendor { number }")],
    "same id twice": [INIT, subscribe("s", PLANNED), subscribe("s", OTHER)],
    "complete then reuse the id": [
        INIT,
        subscribe("s", PLANNED),
        {"id": "s", "type": "complete"},
        subscribe("s", VENDORS),
    ],
    "subscription errors": [
        INIT,
        subscribe("s", "subscription { recordChanged(entities: []) { entity } }"),
    ],
}


@pytest.fixture(scope="module")
def gateways() -> Iterator[tuple[str, str]]:
    """(handed over, ASGI path): two dev-mode gateways, each its own sandbox."""
    limits = ServerLimits(ws_init_timeout=1.0)
    ports = free_port(), free_port()
    native = dev_server("127.0.0.1", ports[0], server_limits=limits)
    asgi = dev_server("127.0.0.1", ports[1], server_limits=limits)
    with (
        serve(native.app, ports[0], limits=limits) as first,
        serve(asgi.app, ports[1], limits=limits, handover=False) as second,
    ):
        yield first.replace("http", "ws") + "/graphql", second.replace("http", "ws") + "/graphql"


async def converse(url: str, sent: list[Any], quiet: float = 0.5) -> list[Any]:
    heard: list[Any] = []
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        for message in sent:
            if isinstance(message, bytes):
                await ws.send(message)
            else:
                await ws.send(message if isinstance(message, str) else json.dumps(message))
        try:
            while True:
                heard.append(json.loads(await asyncio.wait_for(ws.recv(), quiet)))
        except TimeoutError:
            heard.append("quiet")
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd is not None
            heard.append(("closed", closed.rcvd.code, closed.rcvd.reason))
    return heard


@pytest.mark.parametrize("name", list(CONVERSATIONS))
async def test_a_conversation_answers_as_on_the_asgi_path(
    gateways: tuple[str, str], name: str
) -> None:
    native, asgi = gateways
    sent = CONVERSATIONS[name]
    expected = await converse(asgi, sent)
    assert await converse(native, sent) == expected
    assert expected[0] != "quiet" or name == "no query"


async def test_a_message_that_is_not_an_object_is_refused_not_crashed_on(
    gateways: tuple[str, str],
) -> None:
    # Strawberry's handler raises on it (TypeError, not the KeyError it catches), and the
    # socket ends without a reason; here it is the protocol's 4400 like any bad message.
    native, _ = gateways
    assert await converse(native, [[1, 2]]) == [("closed", 4400, "Failed to parse message")]


async def test_a_socket_that_never_inits_is_closed_as_on_the_asgi_path(
    gateways: tuple[str, str],
) -> None:
    native, asgi = gateways
    expected = await converse(asgi, [], quiet=3)
    assert expected == [("closed", 4408, "Connection initialisation timeout")]
    assert await converse(native, [], quiet=3) == expected


async def test_planned_subscriptions_get_events_and_stop_at_complete(
    gateways: tuple[str, str],
) -> None:
    native, _ = gateways
    http_url = native.replace("ws", "http", 1).removesuffix("/graphql")
    async with (
        websockets.connect(native, subprotocols=["graphql-transport-ws"]) as ws,
        httpx.AsyncClient(base_url=http_url, timeout=10) as http,
    ):
        await ws.send(json.dumps(INIT))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        await ws.send(json.dumps(subscribe("a", PLANNED)))
        await ws.send(json.dumps(subscribe("b", OTHER)))
        await asyncio.sleep(0.5)  # both are following before the write
        created = await http.post(
            "/graphql",
            json={"query": 'mutation { createVendor(input: {displayName: "Native Ltd"}) { id } }'},
        )
        assert created.status_code == 200 and "errors" not in created.json(), created.text
        got = {}
        while len(got) < 2:
            message = json.loads(await asyncio.wait_for(ws.recv(), 60))
            got[message["id"]] = message
        assert got["a"]["payload"] == {
            "data": {
                "recordChanged": {
                    "entity": "VENDOR",
                    "changeType": "CREATED",
                    "record": {"displayName": "Native Ltd"},
                }
            }
        }
        assert got["b"]["payload"] == {
            "data": {"recordChanged": {"entity": "VENDOR", "changeType": "CREATED"}}
        }
        await ws.send(json.dumps({"id": "a", "type": "complete"}))
        await ws.send(json.dumps({"type": "ping"}))
        assert json.loads(await ws.recv()) == {"type": "pong"}
        await http.post(
            "/graphql",
            json={"query": 'mutation { createVendor(input: {displayName: "Second"}) { id } }'},
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), 60))
        assert message["id"] == "b"  # "a" was completed: nothing more for it
        with contextlib.suppress(TimeoutError):
            extra = await asyncio.wait_for(ws.recv(), 1)
            raise AssertionError(f"unexpected {extra}")


async def test_the_socket_answers_pings_and_a_shutdown_closes_with_1012() -> None:
    port = free_port()
    server = dev_server("127.0.0.1", port)
    with serve(server.app, port) as url:
        ws = await websockets.connect(
            url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
        )
        await ws.send(json.dumps(INIT))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await asyncio.wait_for(await ws.ping(b"hello"), 5)  # the protocol's ping frame
        await ws.send(json.dumps(subscribe("s", PLANNED)))
        await asyncio.sleep(0.3)
    # The server has stopped (serve's block ended): the socket was told why.
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012


def _server_tasks() -> int:
    # The gateway's and uvicorn's tasks in this loop, not the clients' (websockets').
    return sum(
        "/websockets/" not in getattr(getattr(task.get_coro(), "cr_code", None), "co_filename", "")
        for task in asyncio.all_tasks()
    )


@pytest.mark.parametrize("handover", [True, False], ids=["handed over", "asgi path"])
async def test_an_idle_planned_subscriber_holds_no_task(handover: bool) -> None:
    # 20 sockets, each following its own document: handed over, what waits for their
    # events is one source (its pump) for all of them; on the ASGI path each socket
    # keeps its app coroutine's task and its operation's.
    port = free_port()
    server = dev_server("127.0.0.1", port)
    app = server.app
    async with (
        app.router.lifespan_context(app),
        serving(app, port=port, handover=handover) as url,
        contextlib.AsyncExitStack() as sockets,
    ):
        before = _server_tasks()
        for n in range(20):
            ws = await sockets.enter_async_context(
                websockets.connect(
                    url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
                )
            )
            await ws.send(json.dumps(INIT))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            fields = " ".join(["entity", "changeType", "recordId", "companyId"][: 1 + n % 4])
            document = f"subscription S{n} {{ recordChanged(entities: [VENDOR]) {{ {fields} }} }}"
            await ws.send(json.dumps(subscribe("s", document)))
        await asyncio.sleep(1.0)  # every probe through, every subscriber following
        grown = _server_tasks() - before
    if handover:
        assert grown <= 3, grown
    else:
        assert grown >= 20, grown
