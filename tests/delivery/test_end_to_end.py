"""Sandbox writes reach a real receiver (uvicorn on 127.0.0.1) as signed events: through
the gateway's webhook, or the connection's own set with `setEventsWebhook`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gateway.connections import ConnectionStoreConfig, generate_key
from tests.delivery.receiver import Receiver, new_secret, receiving
from tests.delivery.world import ANY, bc, fast_events, gateway
from tests.gateway.stack import Stack
from tests.subscriptions.harness import ALICE_ID, eventually

SET = """mutation($url: String, $secret: String) {
  setEventsWebhook(url: $url, secret: $secret) { url own }
}"""


def store(tmp_path: Path) -> ConnectionStoreConfig:
    return ConnectionStoreConfig(
        url=f"sqlite:///{tmp_path}/store.db", encryption_keys=(generate_key(),)
    )


async def set_webhook(stack: Stack, url: str | None, secret: str | None) -> Any:
    return (await stack.graphql(ALICE_ID, SET, {"url": url, "secret": secret})).json()


async def test_sandbox_writes_arrive_signed_in_order(tmp_path: Path) -> None:
    receiver = Receiver(new_secret())
    with receiving(receiver) as url:
        async with (
            bc() as world,
            gateway(world, store(tmp_path), fast_events(url=url, secret=receiver.secret)),
        ):
            client = world.bc[ALICE_ID]
            async with world.socket() as ws:
                await world.subscribe(ws, entities=["VENDOR"])
                made = (await client.post("vendors", json={"displayName": "Hooked"})).json()
                vid = made["id"]
                await world.events(ws, {("VENDOR", "CREATED", vid)})
                await client.patch(f"vendors({vid})", json={"displayName": "Re"}, headers=ANY)
                await world.events(ws, {("VENDOR", "UPDATED", vid)})
                assert (await client.delete(f"vendors({vid})", headers=ANY)).status_code == 204
                await world.events(ws, {("VENDOR", "DELETED", vid)})

                async def all_three() -> bool:
                    return len(receiver.got) >= 3

                await eventually(all_three, within=10)
            got = [r.data for r in receiver.got]
            assert [(d["change"], d["id"]) for d in got] == [
                ("CREATED", vid),
                ("UPDATED", vid),
                ("DELETED", vid),
            ]
            assert got[0]["record"]["displayName"] == "Hooked"
            assert got[1]["record"]["displayName"] == "Re"
            assert got[2]["record"] is None
            assert {d["companyId"] for d in got} == {client.company_id}
            assert {d["userId"] for d in got} == {ALICE_ID}
            assert len({r.webhook_id for r in receiver.got}) == 3
    assert receiver.refused == 0


async def test_a_connection_sets_its_own_webhook(tmp_path: Path) -> None:
    mine, gateways = Receiver(new_secret()), Receiver(new_secret())
    connections = store(tmp_path)
    with receiving(mine) as my_url, receiving(gateways) as gateway_url:
        async with bc() as world:
            events = fast_events(url=gateway_url, secret=gateways.secret)
            async with gateway(world, connections, events) as stack:
                await refusals(stack, my_url, mine.secret)
            events = fast_events(
                url=gateway_url, secret=gateways.secret, allow_private_targets=True
            )
            async with gateway(world, connections, events) as stack:
                answer = await set_webhook(stack, my_url, mine.secret)
                assert answer == {"data": {"setEventsWebhook": {"url": my_url, "own": True}}}
                client = world.bc[ALICE_ID]
                async with world.socket() as ws:
                    await world.subscribe(ws, entities=["VENDOR"])
                    made = await client.post("vendors", json={"displayName": "Mine"})
                    vid = made.json()["id"]
                    await world.events(ws, {("VENDOR", "CREATED", vid)})

                    async def arrived() -> bool:
                        return len(mine.got) == 1

                    await eventually(arrived, within=10)
                    assert gateways.got == []
                    cleared = await set_webhook(stack, None, None)
                    assert cleared == {
                        "data": {"setEventsWebhook": {"url": gateway_url, "own": False}}
                    }
                    await client.patch(f"vendors({vid})", json={"displayName": "Back"}, headers=ANY)
                    await world.events(ws, {("VENDOR", "UPDATED", vid)})

                    async def back() -> bool:
                        return len(gateways.got) == 1

                    await eventually(back, within=10)
    assert [r.data["change"] for r in mine.got + gateways.got] == ["CREATED", "UPDATED"]


async def refusals(stack: Stack, url: str, secret: str) -> None:
    # Loopback is refused unless the setting allows it (it does not here).
    refused = await set_webhook(stack, url, secret)
    [error] = refused["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "loopback" in error["message"]
    assert secret not in str(refused)
    for bad_url, bad_secret, field in [
        ("ftp://example.com/x", secret, "url"),
        ("https://example.com/x", None, "secret"),
        ("https://example.com/x", "whsec_short", "secret"),
        ("", secret, "url"),
        # A name that resolves to loopback, and a private address.
        ("http://localhost:9/x", secret, "url"),
        ("https://10.1.2.3/x", secret, "url"),
        ("https://user:pw@example.com/x", secret, "url"),
    ]:
        [error] = (await set_webhook(stack, bad_url, bad_secret))["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["extensions"]["field"] == field, error


async def test_named_entities_are_delivered_without_a_subscriber(tmp_path: Path) -> None:
    receiver = Receiver(new_secret())
    with receiving(receiver) as url:
        events = fast_events(
            url=url, secret=receiver.secret, entities=("vendors",), watch_seconds=0.05
        )
        async with bc() as world, gateway(world, store(tmp_path), events):
            registry = world.webhooks().registry

            async def watched() -> bool:
                return any(w.topic.entity_set == "vendors" for w in await registry.all())

            await eventually(watched, within=10)
            client = world.bc[ALICE_ID]
            vid = (await client.post("vendors", json={"displayName": "Unwatched"})).json()["id"]

            async def arrived() -> bool:
                return any(r.data["id"] == vid for r in receiver.got)

            await eventually(arrived, within=10)
            assert [r.data["change"] for r in receiver.got] == ["CREATED"]
            # Nobody subscribed: only the standing watch holds the topic.
            assert world.runtime().broadcast.subscriber_count == 0
