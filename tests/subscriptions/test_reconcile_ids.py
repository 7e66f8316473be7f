"""Complete events across gaps: each webhook watch keeps the ids of the records it knows
(gateway/webhooks/idsets.py), so that what no notification told is still told right: a
deletion whose notification was lost is DELETED, a record created in a gap is CREATED,
and each is told once, whichever replica, notification or reconciliation finds it."""

from __future__ import annotations

from gateway.webhooks.idsets import decode
from sandbox.settings import LimitSettings, WebhookSettings
from tests.subscriptions.harness import ALICE_ID, Live, eventually, fast_webhooks, live
from tests.subscriptions.test_end_to_end import invoice_body
from tests.subscriptions.wsclient import Socket

ANY = {"If-Match": "*"}


async def nothing_more(ws: Socket, seconds: float) -> None:
    extra = [m for m in await ws.quiet(seconds) if m.get("id") == "1"]
    assert extra == [], f"published again: {extra}"


async def known_ids(world: Live, replica: int = 0) -> set[str]:
    """The ids the watch knows, once it keeps them (stored right after the watch)."""
    registry = world.webhooks(replica).registry
    [watch] = await registry.all()

    async def kept() -> bool:
        return await registry.ids(watch.topic) is not None

    await eventually(kept)
    known = await registry.ids(watch.topic)
    assert known is not None
    return {decode(k) for k in known}


async def vendor_ids(world: Live) -> set[str]:
    """Every vendor's id, page after page."""
    bc = world.bc[ALICE_ID]
    body = (await bc.get("vendors", params={"$select": "id"})).json()
    ids = {row["id"] for row in body["value"]}
    while "@odata.nextLink" in body:
        body = (await bc.http.get(body["@odata.nextLink"])).json()
        ids |= {row["id"] for row in body["value"]}
    return ids


async def test_a_deletion_whose_notification_was_lost_is_published_by_reconciliation() -> None:
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        assert await known_ids(world) == await vendor_ids(world)
        vid = (await bc.post("vendors", json={"displayName": "Going"})).json()["id"]
        await world.events(ws, {("VENDOR", "CREATED", vid)})
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
        seen = await world.events(ws, {("VENDOR", "DELETED", vid)}, within=5.0)
        assert seen[("VENDOR", "DELETED", vid)]["record"] is None
        assert world.sandbox.stats.webhooks["drop"] >= 1
        await nothing_more(ws, 1.0)
        assert vid not in await known_ids(world)
        assert await known_ids(world) == await vendor_ids(world)


async def test_a_record_created_in_a_gap_is_created_and_one_known_is_updated() -> None:
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        assert await known_ids(world) == await vendor_ids(world)
        existing = sorted(await vendor_ids(world))[0]
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        vid = (await bc.post("vendors", json={"displayName": "In the gap"})).json()["id"]
        # Written again before anyone looked: still a creation, with its latest state.
        await bc.patch(f"vendors({vid})", json={"displayName": "In the gap, twice"}, headers=ANY)
        await bc.patch(f"vendors({existing})", json={"displayName": "Known"}, headers=ANY)
        seen = await world.events(
            ws, {("VENDOR", "CREATED", vid), ("VENDOR", "UPDATED", existing)}, within=5.0
        )
        assert seen[("VENDOR", "CREATED", vid)]["record"]["displayName"] == "In the gap, twice"
        assert ("VENDOR", "UPDATED", vid) not in seen
        # A later change of the record is an update: the set knows it now.
        await bc.patch(f"vendors({vid})", json={"displayName": "Known now"}, headers=ANY)
        seen = await world.events(ws, {("VENDOR", "UPDATED", vid)}, within=5.0)
        assert seen[("VENDOR", "UPDATED", vid)]["record"]["displayName"] == "Known now"
        await nothing_more(ws, 1.0)


async def test_a_collection_notification_brings_creations_and_deletions() -> None:
    # Reconciliation is kept out of the way: only the `collection` notification can tell.
    batched = WebhookSettings(
        delay_seconds=0.5, collection_threshold=1, retry_schedule=(0.05, 0.05, 0.05)
    )
    slow = fast_webhooks(reconcile_seconds=600.0)
    async with live(webhooks=slow, sandbox_webhooks=batched) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        await known_ids(world)
        gone = (await bc.post("vendors", json={"displayName": "Gone soon"})).json()["id"]
        await world.events(ws, {("VENDOR", "CREATED", gone)})
        receiver = world.webhooks().receiver
        before = receiver.accepted
        # Three changes in one delivery window: above the threshold, one `collection` item.
        assert (await bc.delete(f"vendors({gone})", headers=ANY)).status_code == 204
        first = (await bc.post("vendors", json={"displayName": "New one"})).json()["id"]
        second = (await bc.post("vendors", json={"displayName": "New two"})).json()["id"]
        seen = await world.events(
            ws,
            {
                ("VENDOR", "DELETED", gone),
                ("VENDOR", "CREATED", first),
                ("VENDOR", "CREATED", second),
            },
            within=5.0,
        )
        assert receiver.accepted == before + 1, "not one collection notification"
        assert ("VENDOR", "UPDATED", first) not in seen
        await nothing_more(ws, 0.8)
        assert await known_ids(world) == await vendor_ids(world)


async def test_a_deletion_found_first_by_reconciliation_is_not_told_again_by_its_notification() -> (
    None
):
    # BC's notification comes 2 s after the change; reconciliation looks within 0.5 s.
    late = WebhookSettings(delay_seconds=2.0, retry_schedule=(0.05, 0.05, 0.05))
    fast = fast_webhooks(reconcile_lag_seconds=0.3)
    async with live(webhooks=fast, sandbox_webhooks=late) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        # Made before the watch: nothing of it is left to notify when the deletion comes.
        vid = (await bc.post("vendors", json={"displayName": "Late to go"})).json()["id"]
        await world.subscribe(ws, entities=["VENDOR"])
        assert vid in await known_ids(world)
        receiver = world.webhooks().receiver
        before = receiver.accepted
        assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
        await world.events(ws, {("VENDOR", "DELETED", vid)}, within=1.8)
        assert receiver.accepted == before, "the notification was not late after all"

        async def arrived() -> bool:
            return receiver.accepted > before

        await eventually(arrived)
        await nothing_more(ws, 0.5)


async def test_two_replicas_on_redis_share_one_id_set_and_tell_each_change_once() -> None:
    async with live(replicas=2, redis=True) as world, world.socket(replica=1) as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"], replica=1)
        # Both replicas read the same set, taken when the watch started.
        assert await known_ids(world, 0) == await known_ids(world, 1) == await vendor_ids(world)
        # A notification adds an id, whichever replica BC posts to.
        made = (await bc.post("vendors", json={"displayName": "Told"})).json()["id"]
        await world.events(ws, {("VENDOR", "CREATED", made)})
        assert made in await known_ids(world, 0)
        # Lost notifications: whichever replica reconciles, each change comes once.
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        lost = (await bc.post("vendors", json={"displayName": "Not told"})).json()["id"]
        assert (await bc.delete(f"vendors({made})", headers=ANY)).status_code == 204
        await world.events(
            ws, {("VENDOR", "CREATED", lost), ("VENDOR", "DELETED", made)}, within=6.0
        )
        await nothing_more(ws, 1.5)
        assert await known_ids(world, 1) == await vendor_ids(world)
        assert made not in await known_ids(world, 0) and lost in await known_ids(world, 0)


async def test_the_id_set_goes_with_its_watch() -> None:
    async with live() as world:
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
        webhooks = world.webhooks()
        [watch] = await webhooks.registry.all()
        assert await known_ids(world)
        await webhooks.lifecycle.retire(watch)
        assert await webhooks.registry.ids(watch.topic) is None
        # A set is kept only for a watch that exists.
        await webhooks.registry.store_ids(watch.topic, [b"\x00" * 16])
        assert await webhooks.registry.ids(watch.topic) is None


async def test_a_set_beyond_the_cap_is_not_kept_and_events_come_as_before() -> None:
    async with live(webhooks=fast_webhooks(reconcile_max_ids=2)) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        registry = world.webhooks().registry
        [watch] = await registry.all()
        assert len(await vendor_ids(world)) > 2
        assert await registry.ids(watch.topic) is None
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        vid = (await bc.post("vendors", json={"displayName": "Uncounted"})).json()["id"]
        # What reconciliation finds is UPDATED here: no set says the record is new.
        await world.events(ws, {("VENDOR", "UPDATED", vid)}, within=5.0)
        await nothing_more(ws, 0.5)


async def test_the_id_scan_follows_bc_pages() -> None:
    # Pages of 7 records: the watch's set and every scan span several nextLinks.
    async with live(sandbox_limits=LimitSettings(max_page_size=7)) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        vid = (await bc.post("vendors", json={"displayName": "Paged"})).json()["id"]
        await world.subscribe(ws, entities=["VENDOR"])
        everyone = await vendor_ids(world)
        assert len(everyone) > 3 * 7
        assert await known_ids(world) == everyone
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
        await world.events(ws, {("VENDOR", "DELETED", vid)}, within=5.0)
        assert await known_ids(world) == everyone - {vid}


async def test_a_parent_deleted_without_notification_takes_its_children_along() -> None:
    # Watch.PARENT: an invoice's lines are derived from the invoice, so the invoice's lost
    # deletion, found by reconciliation, deletes its lines from the subscriber's view too.
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["PURCHASE_INVOICE", "PURCHASE_INVOICE_LINE"])
        await known_ids(world)  # stored last: the lines' snapshots are taken
        answer = await bc.post("purchaseInvoices", json=await invoice_body(bc))
        assert answer.status_code == 201, answer.text
        iid = answer.json()["id"]
        lines = (await bc.get(f"purchaseInvoices({iid})/purchaseInvoiceLines")).json()["value"]
        created = {("PURCHASE_INVOICE_LINE", "CREATED", line["id"]) for line in lines}
        await world.events(ws, {("PURCHASE_INVOICE", "CREATED", iid), *created})
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        assert (await bc.delete(f"purchaseInvoices({iid})", headers=ANY)).status_code == 204
        deleted = {("PURCHASE_INVOICE_LINE", "DELETED", line["id"]) for line in lines}
        await world.events(ws, {("PURCHASE_INVOICE", "DELETED", iid), *deleted}, within=5.0)
        await nothing_more(ws, 1.0)
