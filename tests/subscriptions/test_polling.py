"""Entities BC cannot webhook (Watch.POLL: tax groups) are polled only while someone
subscribes to them, at BCGRAPH_WEBHOOK_POLL_INTERVAL, under `bcgraph dev` as under
`bcgraph serve`."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets
from starlette.applications import Starlette

from gateway import cli
from tests.servers import free_port, serve
from tests.subscriptions.harness import ALICE_ID, EVENTS, Live, eventually, live

ANY = {"If-Match": "*"}


def tax_group_reads(world: Live) -> int:
    return sum(
        n
        for (method, entity_set, _status, _batch), n in world.sandbox.stats.requests.items()
        if method == "GET" and entity_set == "taxGroups"
    )


async def test_polling_stops_without_listeners_and_resumes_with_one() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        webhooks = world.webhooks()
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["TAX_GROUP"])
            world.sandbox.stats.reset()
            await asyncio.sleep(1.0)  # five poll intervals
            assert tax_group_reads(world) >= 2
            await ws.stop("1")
            [watch] = await webhooks.registry.all()

            async def nobody() -> bool:
                return not await webhooks.registry.interested(watch.topic)

            await eventually(nobody)
            world.sandbox.stats.reset()
            # Made while nobody listens: news to whoever subscribes next (see below).
            made = (await bc.post("taxGroups", json={"code": "IDLE", "displayName": "x"})).json()
            await asyncio.sleep(1.0)
            assert tax_group_reads(world) == 0
            # The watch lives on for its grace period, not polled.
            assert [w.topic for w in await webhooks.registry.all()] == [watch.topic]
            await world.subscribe(ws, "2", entities=["TAX_GROUP"])
            # At once, from the state the last poll left: what changed meanwhile comes.
            seen = await world.events(ws, {("TAX_GROUP", "CREATED", made["id"])}, op_id="2")
            assert seen[("TAX_GROUP", "CREATED", made["id"])]["record"]["code"] == "IDLE"
            later = (await bc.post("taxGroups", json={"code": "BACK", "displayName": "y"})).json()
            await world.events(ws, {("TAX_GROUP", "CREATED", later["id"])}, op_id="2")
            assert tax_group_reads(world) >= 2


def _dev_app(monkeypatch: pytest.MonkeyPatch, port: int) -> Starlette:
    """The app `bcgraph dev` builds, as its command line and environment make it."""
    built: dict[str, Any] = {}

    def listen(host: str, port: int) -> object:
        return object()

    def serve_app(app: Starlette, sock: object, **options: Any) -> None:
        built["app"] = app

    monkeypatch.setattr(cli, "listen", listen)
    monkeypatch.setattr(cli, "serve", serve_app)
    assert cli.main(["dev", "--port", str(port), "--sandbox-admin"]) == 0
    app: Starlette = built["app"]
    return app


def _reads(stats: dict[str, Any]) -> int:
    return sum(
        row["count"]
        for row in stats["requests"]
        if row["method"] == "GET" and row["entitySet"] == "taxGroups"
    )


async def test_dev_mode_polls_at_the_configured_interval_while_someone_listens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BCGRAPH_WEBHOOK_POLL_INTERVAL", "0.2")
    port = free_port()
    app = _dev_app(monkeypatch, port)
    assert app.state.runtime.settings.webhooks.poll_interval_seconds == 0.2
    with serve(app, port) as base:
        async with httpx.AsyncClient(base_url=base) as http:

            async def reads() -> int:
                return _reads((await http.get("/_sandbox/stats")).json())

            async with websockets.connect(
                f"ws://127.0.0.1:{port}/graphql",
                subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
            ) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                await ws.send(
                    json.dumps(
                        {
                            "id": "1",
                            "type": "subscribe",
                            "payload": {"query": EVENTS, "variables": {"entities": ["TAX_GROUP"]}},
                        }
                    )
                )
                before = await reads()
                # The default (60 s) would not poll once in these 1.5 s; 0.2 s polls often.
                await asyncio.sleep(1.5)
                assert await reads() - before >= 3
                await ws.send(json.dumps({"id": "1", "type": "complete"}))
                # The subscriber gone, its interest lapses (2 s) and the polling stops.
                await asyncio.sleep(3.0)
                quiet = await reads()
                await asyncio.sleep(1.0)
                assert await reads() == quiet
