"""Live events under BC's real grouping (the sandbox sends as BC's sending job does):
a record created then updated shows CREATED then UPDATED, whether BC's two
notifications came in one POST or two; a record gone before the gateway read it shows
only DELETED; repeated updates are one UPDATED; nothing is published twice, even after
reconciliation has read the same records."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from sandbox.settings import WebhookSettings
from tests.subscriptions.harness import ALICE_ID, fast_webhooks, live
from tests.subscriptions.wsclient import Socket

ANY = {"If-Match": "*"}
# Long enough for the changes of each test to share one POST, as within BC's 30 s.
ONE_POST = WebhookSettings(delay_seconds=0.4, retry_schedule=(0.05, 0.05, 0.05))
# Reconciliation looks 1 s behind (fast_webhooks): waiting this long lets it read the
# same records, so a duplicate it would publish shows.
SETTLE = 2.0


def _event(message: dict[str, Any]) -> dict[str, Any]:
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    event: dict[str, Any] = message["payload"]["data"]["recordChanged"]
    return event


async def events(ws: Socket, count: int) -> list[tuple[str, str, Any]]:
    """(recordId, changeType, the record's displayName) of the events: the first `count`,
    then any that come before things settle."""
    seen: list[dict[str, Any]] = []
    while len(seen) < count:
        seen.append(_event(await ws.next_for("1", 5.0)))
    deadline = asyncio.get_running_loop().time() + SETTLE
    while (left := deadline - asyncio.get_running_loop().time()) > 0:
        try:
            seen.append(_event(await ws.next_for("1", left)))
        except TimeoutError:
            break
    return [(e["recordId"], e["changeType"], (e["record"] or {}).get("displayName")) for e in seen]


async def events_of(ws: Socket, record_id: str, count: int) -> list[tuple[str, Any]]:
    """(changeType, displayName) of `record_id`'s events, waiting for `count` of them;
    the test changes no other record meanwhile."""
    return [(change, name) for rid, change, name in await events(ws, count) if rid == record_id]


async def test_created_then_updated_in_one_post() -> None:
    async with live(sandbox_webhooks=ONE_POST) as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            vid = (await bc.post("vendors", json={"displayName": "Once"})).json()["id"]
            await asyncio.sleep(0.05)
            await bc.patch(f"vendors({vid})", json={"displayName": "Twice"}, headers=ANY)
            # One state to give (BC keeps no history): the current one, twice.
            assert await events_of(ws, vid, 2) == [("CREATED", "Twice"), ("UPDATED", "Twice")]


async def test_created_then_updated_in_two_posts() -> None:
    async with live() as world:  # the sandbox sends each change at once
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            vid = (await bc.post("vendors", json={"displayName": "Once"})).json()["id"]
            await asyncio.sleep(0.05)
            await bc.patch(f"vendors({vid})", json={"displayName": "Twice"}, headers=ANY)
            got = await events_of(ws, vid, 2)
            # The CREATED may carry the first state or, read after the update, the second.
            assert [change for change, _ in got] == ["CREATED", "UPDATED"]
            assert got[1] == ("UPDATED", "Twice")


async def test_an_update_notified_after_a_creation_that_read_it_still_shows() -> None:
    # BC's two items reach the gateway in two POSTs, and the CREATED is read after the
    # update: it carries the updated state, which the UPDATED must not be taken for a
    # repeat of.
    async with live(sandbox_webhooks=ONE_POST) as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            world.deliveries.paused = True
            vid = (await bc.post("vendors", json={"displayName": "Once"})).json()["id"]
            await bc.patch(f"vendors({vid})", json={"displayName": "Twice"}, headers=ANY)
            await world.sandbox.webhooks.flush()
            [(url, body)] = world.deliveries.held
            created, updated = orjson.loads(body)["value"]
            world.deliveries.paused = False
            for item in (created, updated):
                answer = await world.deliveries.deliver(url, orjson.dumps({"value": [item]}))
                assert answer.status_code == 202
                await asyncio.sleep(0.2)  # the first is processed before the second comes
            assert await events_of(ws, vid, 2) == [("CREATED", "Twice"), ("UPDATED", "Twice")]


async def test_reconciliation_between_the_two_leaves_the_update_its_event() -> None:
    # Reconciliation reads the record after its CREATED (which carried the updated
    # state) and before BC's `updated` arrives: it publishes nothing, and must not take
    # the UPDATED's place either.
    async with live(sandbox_webhooks=ONE_POST) as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            world.deliveries.paused = True
            vid = (await bc.post("vendors", json={"displayName": "Once"})).json()["id"]
            await bc.patch(f"vendors({vid})", json={"displayName": "Twice"}, headers=ANY)
            await world.sandbox.webhooks.flush()
            [(url, body)] = world.deliveries.held
            created, updated = orjson.loads(body)["value"]
            world.deliveries.paused = False
            await world.deliveries.deliver(url, orjson.dumps({"value": [created]}))
            assert await events_of(ws, vid, 1) == [("CREATED", "Twice")]  # settles: 2 s
            await world.deliveries.deliver(url, orjson.dumps({"value": [updated]}))
            assert await events_of(ws, vid, 1) == [("UPDATED", "Twice")]


async def test_created_then_deleted_in_one_post_tells_nothing() -> None:
    # A record no subscriber saw: no CREATED (BC has no state left to show) and no
    # DELETED (the watch's id set never held it, idsets.py).
    async with live(sandbox_webhooks=ONE_POST) as world:
        bc = world.bc[ALICE_ID]
        witness = await bc.first("vendors")
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            vid = (await bc.post("vendors", json={"displayName": "Ghost"})).json()["id"]
            assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
            name = {"displayName": "Witness"}
            await bc.patch(f"vendors({witness['id']})", json=name, headers=ANY)
            # The same POST carried all three: the witness's event means the job ran.
            assert await events(ws, 1) == [(witness["id"], "UPDATED", "Witness")]


async def test_updated_then_deleted_in_one_post_is_deleted_only() -> None:
    async with live(sandbox_webhooks=ONE_POST) as world:
        bc = world.bc[ALICE_ID]
        vid = (await bc.post("vendors", json={"displayName": "Doomed"})).json()["id"]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            await bc.patch(f"vendors({vid})", json={"displayName": "Doomed 2"}, headers=ANY)
            assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
            assert await events_of(ws, vid, 1) == [("DELETED", None)]


async def test_repeated_updates_are_one_event_and_a_null_update_none() -> None:
    async with live(sandbox_webhooks=ONE_POST) as world:
        bc = world.bc[ALICE_ID]
        vendor = await bc.first("vendors")
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            for name in ("One", "Two", "Three"):
                await bc.patch(f"vendors({vendor['id']})", json={"displayName": name}, headers=ANY)
            assert await events_of(ws, vendor["id"], 1) == [("UPDATED", "Three")]

            other = (await bc.get("vendors?$top=2")).json()["value"][1]
            same = {"displayName": other["displayName"]}
            assert (await bc.patch(f"vendors({other['id']})", json=same, headers=ANY)).is_success
            assert await events(ws, 0) == []  # nothing at all


async def test_a_bare_collection_is_read_from_the_watermark() -> None:
    # BC leaves the collection's $filter out once a deletion is among its changes.
    # Reconciliation is off here, so the events can only come from the collection.
    few = WebhookSettings(delay_seconds=0.4, collection_threshold=2, retry_schedule=(0.05,))
    async with live(
        sandbox_webhooks=few, webhooks=fast_webhooks(reconcile_seconds=3600.0)
    ) as world:
        bc = world.bc[ALICE_ID]
        doomed = (await bc.post("vendors", json={"displayName": "Doomed"})).json()["id"]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            first, second = (await bc.get("vendors?$top=2")).json()["value"]
            for n, vendor in enumerate((first, second)):
                name = {"displayName": f"Bulk {n}"}
                await bc.patch(f"vendors({vendor['id']})", json=name, headers=ANY)
            assert (await bc.delete(f"vendors({doomed})", headers=ANY)).status_code == 204
            # The watch's id set sees the deletion the bare collection cannot name.
            assert sorted(await events(ws, 3), key=str) == sorted(
                [
                    (first["id"], "UPDATED", "Bulk 0"),
                    (second["id"], "UPDATED", "Bulk 1"),
                    (doomed, "DELETED", None),
                ],
                key=str,
            )
        [item] = orjson.loads(world.deliveries.bodies[-1])["value"]
        assert item["changeType"] == "collection" and "?" not in item["resource"]
        assert world.webhooks().receiver.dropped == 0
