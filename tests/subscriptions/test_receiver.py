"""/webhooks/bc: the handshake, and what must publish nothing: a forged notification, a
replayed one, one that points at another connection's records. And the answers BC
reads: 2xx, or 503 when the gateway cannot take a POST now, never another 4xx (BC
deletes a subscription on those)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.connections import TokenCipher, generate_key
from gateway.webhooks.backends.redis import RedisRegistry
from gateway.webhooks.receiver import Receiver
from sandbox.settings import WebhookSettings
from tests.subscriptions.harness import ALICE_ID, CAROL_ID, Live, eventually, fast_webhooks, live
from tests.subscriptions.wsclient import Socket

ANY = {"If-Match": "*"}


async def post(world: Live, body: bytes | str, **params: str) -> httpx.Response:
    return await world.stack.http.post(
        "/webhooks/bc",
        content=body,
        params=params,
        headers={"Content-Type": "application/json"},
    )


async def a_delivery(world: Live, ws: Socket, user_id: str = ALICE_ID) -> dict[str, Any]:
    """Changes a vendor so BC sends a real notification; returns that POST's body."""
    bc = world.bc[user_id]
    vendor = await bc.first("vendors")
    before = len(world.deliveries.bodies)
    await bc.patch(f"vendors({vendor['id']})", json={"displayName": "Touched"}, headers=ANY)
    await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])})
    body: dict[str, Any] = json.loads(world.deliveries.bodies[before])
    return body


async def nothing_but_the_next_real_change(
    world: Live, ws: Socket, user_id: str = ALICE_ID
) -> None:
    """The next event on `ws` is a fresh, real change: nothing came before it."""
    bc = world.bc[user_id]
    created = (await bc.post("vendors", json={"displayName": "Sentinel"})).json()
    message = await ws.next_for("1")
    event = message["payload"]["data"]["recordChanged"]
    assert (event["changeType"], event["recordId"]) == ("CREATED", created["id"])


async def test_the_handshake_echoes_the_token_as_text() -> None:
    async with live(users=()) as world:
        for method in ("GET", "POST"):
            answer = await world.stack.http.request(
                method, "/webhooks/bc", params={"validationToken": "a1b2-c3"}
            )
            assert answer.status_code == 200 and answer.text == "a1b2-c3"
            assert answer.headers["content-type"].startswith("text/plain")
            assert answer.headers["x-content-type-options"] == "nosniff"


async def test_forged_replayed_and_unknown_notifications_publish_nothing() -> None:
    async with live() as world, world.socket() as ws:
        await world.subscribe(ws, entities=["VENDOR"])
        real = await a_delivery(world, ws)
        receiver = world.webhooks().receiver
        accepted, dropped = receiver.accepted, receiver.dropped

        forged = json.loads(json.dumps(real))
        for item in forged["value"]:
            item["clientState"] = "guessed"
            item["lastModifiedDateTime"] = "2099-01-01T00:00:00.000Z"
        unknown = json.loads(json.dumps(real))
        for item in unknown["value"]:
            item["subscriptionId"] = "0" * 32
        answers = [
            await post(world, json.dumps(forged)),
            await post(world, json.dumps(real)),  # replayed as it was
            await post(world, json.dumps(unknown)),
            await post(world, "not json at all"),
            await post(world, json.dumps({"value": [42, {"subscriptionId": 1}]})),
        ]
        # Answered 202 (a 4xx would make BC delete subscriptions), and nothing accepted.
        assert [a.status_code for a in answers] == [202] * 5
        assert receiver.accepted == accepted
        assert receiver.dropped == dropped + 2 * len(real["value"]) + 1 + 2
        assert receiver.repeated >= len(real["value"])
        await nothing_but_the_next_real_change(world, ws)


async def test_notifications_cannot_reach_another_connection() -> None:
    async with live(users=(ALICE_ID, CAROL_ID)) as world:
        async with world.socket(ALICE_ID) as alice, world.socket(CAROL_ID) as carol:
            await world.subscribe(alice, entities=["VENDOR"], user_id=ALICE_ID)
            await world.subscribe(carol, entities=["VENDOR"], user_id=CAROL_ID)
            carols = await a_delivery(world, carol, CAROL_ID)
            alices = await a_delivery(world, alice, ALICE_ID)
            alice_vendor = alices["value"][0]["resource"]

            # Carol's own subscription and clientState, pointed at Alice's vendor.
            retargeted = json.loads(json.dumps(carols))
            for item in retargeted["value"]:
                item["resource"] = alice_vendor
                item["lastModifiedDateTime"] = "2099-01-01T00:00:00.000Z"
            # Alice's subscription with Carol's clientState.
            crossed = json.loads(json.dumps(alices))
            for item in crossed["value"]:
                item["clientState"] = carols["value"][0]["clientState"]
                item["lastModifiedDateTime"] = "2099-01-01T00:00:01.000Z"
            receiver = world.webhooks().receiver
            accepted = receiver.accepted
            for body in (retargeted, crossed):
                assert (await post(world, json.dumps(body))).status_code == 202
            assert receiver.accepted == accepted

            await nothing_but_the_next_real_change(world, alice, ALICE_ID)
            await nothing_but_the_next_real_change(world, carol, CAROL_ID)


async def test_a_forged_deletion_of_a_record_bc_still_has_publishes_nothing() -> None:
    async with live() as world, world.socket() as ws:
        await world.subscribe(ws, entities=["VENDOR"])
        real = await a_delivery(world, ws)  # the vendor's current state is published
        # The subscription's own clientState (leaked, say), claiming the vendor is gone.
        forged = json.loads(json.dumps(real))
        for item in forged["value"]:
            item["changeType"] = "deleted"
            item["lastModifiedDateTime"] = "2099-01-01T00:00:00.000Z"
        receiver = world.webhooks().receiver
        accepted = receiver.accepted
        assert (await post(world, json.dumps(forged))).status_code == 202
        assert receiver.accepted == accepted + len(forged["value"])
        # BC still has the vendor, unchanged since it was published: no DELETED, and
        # no second UPDATED either. (One user's jobs run in order: the forged one first.)
        await nothing_but_the_next_real_change(world, ws)


async def test_a_deletion_notification_for_a_record_bc_still_has_is_an_update() -> None:
    # BC's own notification of the change takes 30 s and reconciliation looks only at
    # older changes, so only the `deleted` notification can bring the change here.
    async with (
        live(
            sandbox_webhooks=WebhookSettings(delay_seconds=30.0, retry_schedule=(0.05,)),
            webhooks=fast_webhooks(reconcile_lag_seconds=600.0),
        ) as world,
        world.socket() as ws,
    ):
        await world.subscribe(ws, entities=["VENDOR"])
        bc = world.bc[ALICE_ID]
        vendor = await bc.first("vendors")
        await bc.patch(f"vendors({vendor['id']})", json={"displayName": "Still here"}, headers=ANY)
        [watch] = await world.webhooks().registry.all()
        item = {
            "subscriptionId": watch.subscription_id,
            "clientState": watch.client_state,
            "resource": f"api/v2.0/companies({bc.company_id})/vendors({vendor['id']})",
            "changeType": "deleted",
            "lastModifiedDateTime": "2099-01-01T00:00:00.000Z",
        }
        assert (await post(world, json.dumps({"value": [item]}))).status_code == 202
        seen = await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])})
        assert seen[("VENDOR", "UPDATED", vendor["id"])]["record"]["displayName"] == "Still here"
        assert ("VENDOR", "DELETED", vendor["id"]) not in seen


async def test_a_full_queue_answers_503_and_bc_retries_later() -> None:
    async with (
        live(webhooks=fast_webhooks(queue_limit=3, workers=1)) as world,
        world.socket() as ws,
    ):
        await world.subscribe(ws, entities=["VENDOR"])
        real = await a_delivery(world, ws)
        processor = world.webhooks().processor
        limit = world.webhooks().config.queue_limit
        # The workers are all busy with slow BC reads; the queue fills up to its limit.
        world.sandbox.faults.update({"latency_ms": 300})
        answers = []
        for n in range(limit + 2):
            body = json.loads(json.dumps(real))
            for item in body["value"]:
                item["lastModifiedDateTime"] = f"2099-01-01T00:00:{n // 1000:02d}.{n % 1000:03d}Z"
            answers.append(await post(world, json.dumps(body)))
            if answers[-1].status_code == 503:
                break
        # Accepted while there is room (the worker takes the first job, or, on a busy
        # machine, has not yet), then refused with a time to come back.
        statuses = [a.status_code for a in answers]
        assert statuses[-1] == 503 and answers[-1].headers["retry-after"], statuses
        assert 2 <= len(statuses) <= limit + 2 and set(statuses[:-1]) == {202}, statuses
        world.sandbox.faults.clear()

        async def drained() -> bool:
            return processor.room()

        await eventually(drained)
        assert (await post(world, json.dumps(real))).status_code == 202  # (a repeat: dropped)


async def test_a_registry_that_cannot_be_reached_answers_503() -> None:
    async with live() as world:
        # The same receiver over a Redis nobody listens on: BC must retry, not lose it.
        dead = RedisRegistry("redis://127.0.0.1:1/0", TokenCipher([generate_key()]))
        receiver = Receiver(dead, world.webhooks().processor, dedupe_seconds=60)

        async def endpoint(request: Request) -> Response:
            return await receiver(request)

        app = Starlette(routes=[Route("/webhooks/bc", endpoint, methods=["GET", "POST"])])
        item = {
            "subscriptionId": "a" * 32,
            "clientState": "x",
            "resource": "api/v2.0/companies(00000000-0000-0000-0000-000000000001)/vendors",
            "changeType": "updated",
        }
        body = {"value": [item]}
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
        ) as http:
            answer = await http.post("/webhooks/bc", json=body)
        await dead.close()
        assert answer.status_code == 503 and answer.headers["retry-after"]
