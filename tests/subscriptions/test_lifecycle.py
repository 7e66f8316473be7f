"""The BC subscriptions behind live events: renewed before they expire, re-created (with
the missed changes read back) when BC deleted one, deleted after the idle grace period
and when the user disconnects; BC's limit becomes a clear error, and an unknown company
the same NOT_FOUND a query gets."""

from __future__ import annotations

import uuid
from typing import Any

from sandbox.settings import WebhookSettings
from sandbox.store import Scope
from tests.conftest import BC
from tests.subscriptions.harness import ALICE_ID, eventually, fast_webhooks, live
from tests.subscriptions.test_end_to_end import now_iso
from tests.subscriptions.wsclient import LEGACY_WS, TRANSPORT_WS

ANY = {"If-Match": "*"}


async def bc_subscriptions(bc: BC) -> list[dict[str, Any]]:
    answer = await bc.get(f"{bc.root}/subscriptions")
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["value"]
    return rows


async def test_subscriptions_survive_several_renewals() -> None:
    # BC's three days, shortened to 0.6 s: renewed every 0.3 s or so.
    short = WebhookSettings(delay_seconds=0.0, expiry_seconds=0.6)
    async with live(sandbox_webhooks=short) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        [first] = await bc_subscriptions(bc)

        async def renewed_three_times() -> bool:
            [now] = await bc_subscriptions(bc)
            assert now["subscriptionId"] == first["subscriptionId"]
            return int(now["timestamp"]) >= int(first["timestamp"]) + 3

        await eventually(renewed_three_times, within=4.0)
        vendor = await bc.first("vendors")
        await bc.patch(f"vendors({vendor['id']})", json={"displayName": "Still live"}, headers=ANY)
        await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])})
        [last] = await bc_subscriptions(bc)
        assert last["subscriptionId"] == first["subscriptionId"]


async def test_a_subscription_bc_deleted_is_recreated_and_the_missed_change_delivered() -> None:
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        [lost] = await bc_subscriptions(bc)
        # BC deletes it (as after failed deliveries); a change follows that nobody is told of.
        gone = await bc.delete(
            f"{bc.root}/subscriptions('{lost['subscriptionId']}')", headers={"If-Match": "*"}
        )
        assert gone.status_code == 204
        vendor = await bc.first("vendors")
        await bc.patch(f"vendors({vendor['id']})", json={"displayName": "Missed"}, headers=ANY)
        event = await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])}, within=5.0)
        assert event[("VENDOR", "UPDATED", vendor["id"])]["record"]["displayName"] == "Missed"
        [again] = await bc_subscriptions(bc)
        assert again["subscriptionId"] != lost["subscriptionId"]
        # And it delivers again as usual.
        await bc.patch(f"vendors({vendor['id']})", json={"displayName": "Seen"}, headers=ANY)
        await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])})


async def test_idle_subscriptions_are_deleted_after_the_grace_period_only() -> None:
    async with live(webhooks=fast_webhooks(idle_grace_seconds=0.4)) as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            [kept] = await bc_subscriptions(bc)
            await ws.stop("1")
        # A page reload within the grace period finds the same BC subscription.
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            assert [s["subscriptionId"] for s in await bc_subscriptions(bc)] == [
                kept["subscriptionId"]
            ]
        # Nobody left: gone from BC and from the registry once the grace period has passed.
        webhooks = world.webhooks()

        async def retired() -> bool:
            return not await bc_subscriptions(bc) and not await webhooks.registry.all()

        await eventually(retired, within=4.0)
        assert world.runtime().broadcast.subscriber_count == 0 and not webhooks.interest.topics


async def test_disconnecting_deletes_the_users_bc_subscriptions_and_ends_them() -> None:
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR", "ACCOUNT", "TAX_GROUP"])
        assert len(await bc_subscriptions(bc)) == 2  # tax groups are polled
        assert await world.runtime().tokens.disconnect(ALICE_ID)
        assert await bc_subscriptions(bc) == []
        assert await world.webhooks().registry.all() == []
        # The live subscription ends, saying why.
        message = await ws.next_for("1")
        assert message["payload"]["errors"][0]["extensions"] == {
            "code": "NOT_CONNECTED",
            "reason": "disconnected",
        }
        assert (await ws.next_for("1"))["type"] == "complete"


async def test_bcs_subscription_limit_is_a_clear_error() -> None:
    one = WebhookSettings(delay_seconds=0.0, max_subscriptions=1)
    async with live(sandbox_webhooks=one) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        await ws.subscribe("2", "subscription { recordUpdated(entity: ACCOUNT) { id } }")
        message = await ws.next_for("2")
        [error] = message["payload"]["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert error["extensions"]["reason"] == "webhook_subscription_limit"
        assert "at most 200 webhook subscriptions" in error["message"]
        assert (await ws.next_for("2"))["type"] == "complete"
        # The vendors subscription is untouched.
        assert len(await bc_subscriptions(bc)) == 1


async def test_a_webhook_url_bc_cannot_reach_is_the_servers_error_not_the_clients() -> None:
    """compose.yaml once gave BC (the sandbox container) a PUBLIC_URL that was the sandbox
    itself: BC's handshake failed, and the client was told BAD_USER_INPUT."""
    async with live() as world, world.socket() as ws:
        world.deliveries.replicas = []  # BC's requests to the gateway reach nothing
        await ws.subscribe("1", "subscription { recordCreated(entity: VENDOR) { id } }")
        message = await ws.next_for("1")
        [error] = message["payload"]["errors"]
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert error["extensions"]["reason"] == "webhook_url_refused"
        assert "BCGRAPH_PUBLIC_URL" in error["message"]
        assert await bc_subscriptions(world.bc[ALICE_ID]) == []


async def test_not_connected_users_get_not_connected() -> None:
    async with live(users=()) as world:
        async with world.socket(ALICE_ID) as ws:
            await ws.subscribe("1", "subscription { recordCreated(entity: VENDOR) { id } }")
            message = await ws.next_for("1")
            assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_CONNECTED"
        assert await world.webhooks().registry.all() == []


async def test_a_subscriber_that_falls_behind_is_ended_not_buffered() -> None:
    # Queue of 2 events; each event takes ~0.15 s to resolve (its vendor's payment term
    # comes from a slow BC), while a burst of six changes arrives in one notification.
    async with live(pubsub_queue=2) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        scope = Scope(bc.tenant, "production", bc.company_id)
        store = world.sandbox.store
        world.sandbox.faults.update({"latency_ms": 150})
        for n, record in enumerate(store.records(scope, "vendors")[:6]):
            changed = {**record.row, "displayName": f"B{n}", "lastModifiedDateTime": now_iso()}
            store.replace(scope, "vendors", changed)
        errors = []
        while not errors:
            message = await ws.next_for("1", within=10.0)
            assert message["type"] == "next", message
            errors = message["payload"].get("errors", [])
        world.sandbox.faults.clear()
        assert errors[0]["extensions"] == {"code": "RATE_LIMITED", "reason": "subscriber_overflow"}
        assert (await ws.next_for("1"))["type"] == "complete"
        assert world.runtime().broadcast.subscriber_count == 0


async def test_ending_a_subscription_unsubscribes_and_releases_its_topics() -> None:
    async with live() as world:
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR", "TAX_GROUP"])
            assert world.runtime().broadcast.subscriber_count == 1
            assert len(world.webhooks().interest.topics) == 2
            await ws.stop("1")

            async def released() -> bool:
                return (
                    world.runtime().broadcast.subscriber_count == 0
                    and not world.webhooks().interest.topics
                )

            await eventually(released)
            # And a socket closed mid-subscription releases them too.
            await world.subscribe(ws, "2", entities=["VENDOR"])
        await eventually(released)


async def test_an_unknown_company_is_not_found_as_on_a_query() -> None:
    unknown = str(uuid.uuid4())
    async with live() as world:
        bc = world.bc[ALICE_ID]
        query = await world.stack.graphql(
            ALICE_ID, "query($c: UUID) { vendors(companyId: $c) { totalCount } }", {"c": unknown}
        )
        [queried] = query.json()["errors"]
        assert queried["extensions"]["code"] == "NOT_FOUND"
        for protocol in (TRANSPORT_WS, LEGACY_WS):
            async with world.socket(protocol=protocol) as ws:
                # VENDOR is watched through a BC webhook subscription, TAX_GROUP by polling.
                for op_id, entity in (("1", "VENDOR"), ("2", "TAX_GROUP")):
                    await ws.subscribe(
                        op_id,
                        "subscription($c: UUID, $e: EntityKind!) "
                        "{ recordCreated(entity: $e, companyId: $c) { id } }",
                        {"c": unknown, "e": entity},
                    )
                    message = await ws.next_for(op_id)
                    [error] = message["payload"]["errors"]
                    assert error["extensions"]["code"] == "NOT_FOUND", (protocol, error)
                    assert unknown in error["message"]
        # Refused before anything was registered with BC.
        assert await bc_subscriptions(bc) == []
        assert await world.webhooks().registry.all() == []
