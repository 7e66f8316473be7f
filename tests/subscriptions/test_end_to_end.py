"""Live events end to end, in one process: BC (the sandbox) changes records and sends its
webhooks into the gateway, and GraphQL subscriptions over WebSocket (both protocols)
receive CREATED, UPDATED and DELETED for every entity of the contract, whether the
change came through the gateway's mutations or straight from BC."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime
from typing import Any

from sandbox.store import Scope
from tests.conftest import BC
from tests.subscriptions.harness import ALICE_ID, Live, eventually, live
from tests.subscriptions.wsclient import LEGACY_WS, TRANSPORT_WS

ANY = {"If-Match": "*"}


def now_iso() -> str:
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


async def invoice_body(bc: BC) -> dict[str, Any]:
    vendor = await bc.first("vendors", "&$filter=number eq '20000'")
    return {
        "vendorId": vendor["id"],
        "vendorInvoiceNumber": f"LIVE-{uuid.uuid4().hex[:6]}",
        "purchaseInvoiceLines": [
            {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 4, "unitCost": 780.7},
            {"lineType": "Comment", "description": "a note"},
        ],
    }


async def test_every_entity_by_direct_writes_to_bc() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws)  # every entity kind
            await vendors(world, ws, bc)
            await invoices_and_lines(world, ws, bc)
            await payment_terms(world, ws, bc)
            await accounts(world, ws, bc)
            await tax_groups(world, ws, bc)


# Currencies are declared in bcmodel/ (and seeded) and nowhere else: the schema, the
# webhook engine and the sandbox follow them from the declaration.
async def test_a_currency_change_reaches_a_subscription_to_every_entity() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws)
            currency = await bc.first("currencies")
            changed = await bc.patch(
                f"currencies({currency['id']})", json={"symbol": "C$"}, headers=ANY
            )
            assert changed.status_code == 200, changed.text
            key = ("CURRENCY", "UPDATED", currency["id"])
            event = (await world.events(ws, {key}))[key]
            assert event["record"]["__typename"] == "Currency"


async def vendors(world: Live, ws: Any, bc: BC) -> None:
    created = (await bc.post("vendors", json={"displayName": "Live Vendor"})).json()
    vid = created["id"]
    event = (await world.events(ws, {("VENDOR", "CREATED", vid)}))[("VENDOR", "CREATED", vid)]
    assert event["record"] == {
        "__typename": "Vendor",
        "displayName": "Live Vendor",
        "etag": created["@odata.etag"],
        "paymentTerm": None,
    }
    assert event["companyId"] == bc.company_id and event["occurredAt"].startswith("20")
    await bc.patch(f"vendors({vid})", json={"displayName": "Renamed"}, headers=ANY)
    updated = await world.events(ws, {("VENDOR", "UPDATED", vid)})
    assert updated[("VENDOR", "UPDATED", vid)]["record"]["displayName"] == "Renamed"
    assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
    deleted = await world.events(ws, {("VENDOR", "DELETED", vid)})
    assert deleted[("VENDOR", "DELETED", vid)]["record"] is None


async def invoices_and_lines(world: Live, ws: Any, bc: BC) -> None:
    answer = await bc.post("purchaseInvoices", json=await invoice_body(bc))
    assert answer.status_code == 201, answer.text
    iid = answer.json()["id"]
    lines = (await bc.get(f"purchaseInvoices({iid})/purchaseInvoiceLines")).json()["value"]
    item, comment = sorted(lines, key=lambda line: line["sequence"])
    seen = await world.events(
        ws,
        {
            ("PURCHASE_INVOICE", "CREATED", iid),
            ("PURCHASE_INVOICE_LINE", "CREATED", item["id"]),
            ("PURCHASE_INVOICE_LINE", "CREATED", comment["id"]),
        },
    )
    invoice = seen[("PURCHASE_INVOICE", "CREATED", iid)]["record"]
    # The lines came with the invoice: no extra call to BC for them.
    assert {n["id"] for n in invoice["lines"]["nodes"]} == {item["id"], comment["id"]}
    line = seen[("PURCHASE_INVOICE_LINE", "CREATED", comment["id"])]["record"]
    assert line == {
        "__typename": "PurchaseInvoiceLine",
        "description": "a note",
        "quantity": "0",
        "documentId": iid,
    }

    # A line added, changed and removed: each shows as a line event (and the invoice,
    # whose totals moved, as updated).
    path = f"purchaseInvoices({iid})/purchaseInvoiceLines"
    added = (await bc.post(path, json={"description": "another note"})).json()
    await world.events(
        ws,
        {("PURCHASE_INVOICE_LINE", "CREATED", added["id"]), ("PURCHASE_INVOICE", "UPDATED", iid)},
    )
    await bc.patch(f"{path}({item['id']})", json={"quantity": 5}, headers=ANY)
    changed = await world.events(ws, {("PURCHASE_INVOICE_LINE", "UPDATED", item["id"])})
    assert changed[("PURCHASE_INVOICE_LINE", "UPDATED", item["id"])]["record"]["quantity"] == "5"
    assert (await bc.delete(f"{path}({added['id']})", headers=ANY)).status_code == 204
    await world.events(ws, {("PURCHASE_INVOICE_LINE", "DELETED", added["id"])})

    # The header changed alone: the invoice is updated, its lines are not.
    await bc.patch(f"purchaseInvoices({iid})", json={"vendorInvoiceNumber": "X-1"}, headers=ANY)
    header = await world.events(ws, {("PURCHASE_INVOICE", "UPDATED", iid)})
    assert header[("PURCHASE_INVOICE", "UPDATED", iid)]["record"]["vendorInvoiceNumber"] == "X-1"
    assert not [k for k in header if k[0] == "PURCHASE_INVOICE_LINE"]

    assert (await bc.delete(f"purchaseInvoices({iid})", headers=ANY)).status_code == 204
    await world.events(
        ws,
        {
            ("PURCHASE_INVOICE", "DELETED", iid),
            ("PURCHASE_INVOICE_LINE", "DELETED", item["id"]),
            ("PURCHASE_INVOICE_LINE", "DELETED", comment["id"]),
        },
    )


async def payment_terms(world: Live, ws: Any, bc: BC) -> None:
    term = (await bc.post("paymentTerms", json={"code": "LIVE", "dueDateCalculation": "9D"})).json()
    tid = term["id"]
    await world.events(ws, {("PAYMENT_TERM", "CREATED", tid)})
    await bc.patch(f"paymentTerms({tid})", json={"displayName": "Nine days"}, headers=ANY)
    updated = await world.events(ws, {("PAYMENT_TERM", "UPDATED", tid)})
    assert updated[("PAYMENT_TERM", "UPDATED", tid)]["record"]["displayName"] == "Nine days"
    await bc.delete(f"paymentTerms({tid})", headers=ANY)
    await world.events(ws, {("PAYMENT_TERM", "DELETED", tid)})


async def accounts(world: Live, ws: Any, bc: BC) -> None:
    # The API cannot write accounts; BC's own users can. The sandbox's store stands in.
    store = world.sandbox.store
    scope = Scope(bc.tenant, "production", bc.company_id)
    template = store.records(scope, "accounts")[0].row
    row = {**copy.deepcopy(template), "id": str(uuid.uuid4()), "number": "99999"}
    row |= {"displayName": "Live account", "lastModifiedDateTime": now_iso()}
    store.insert(scope, "accounts", row)
    created = await world.events(ws, {("ACCOUNT", "CREATED", row["id"])})
    assert created[("ACCOUNT", "CREATED", row["id"])]["record"]["number"] == "99999"
    store.replace(
        scope,
        "accounts",
        {**row, "displayName": "Renamed account"} | {"lastModifiedDateTime": now_iso()},
    )
    updated = await world.events(ws, {("ACCOUNT", "UPDATED", row["id"])})
    assert updated[("ACCOUNT", "UPDATED", row["id"])]["record"]["displayName"] == "Renamed account"
    store.delete(scope, "accounts", row["id"], now_iso())
    await world.events(ws, {("ACCOUNT", "DELETED", row["id"])})


async def tax_groups(world: Live, ws: Any, bc: BC) -> None:
    # No webhooks for tax groups: these arrive through the gateway's polling.
    group = (await bc.post("taxGroups", json={"code": "LIVE", "displayName": "Live"})).json()
    gid = group["id"]
    created = await world.events(ws, {("TAX_GROUP", "CREATED", gid)})
    assert created[("TAX_GROUP", "CREATED", gid)]["record"]["code"] == "LIVE"
    await bc.patch(f"taxGroups({gid})", json={"displayName": "Still live"}, headers=ANY)
    updated = await world.events(ws, {("TAX_GROUP", "UPDATED", gid)})
    assert updated[("TAX_GROUP", "UPDATED", gid)]["record"]["displayName"] == "Still live"
    await bc.delete(f"taxGroups({gid})", headers=ANY)
    await world.events(ws, {("TAX_GROUP", "DELETED", gid)})


CREATE_VENDOR = "mutation($n: String!) { createVendor(input: {displayName: $n}) { id } }"
UPDATE_VENDOR = """mutation($id: UUID!, $n: String!) {
  updateVendor(id: $id, input: {displayName: $n}) { id } }"""
DELETE_VENDOR = "mutation($id: UUID!) { deleteVendor(id: $id) }"
CREATE_LINE = """mutation($i: UUID!) {
  createPurchaseInvoiceLine(invoiceId: $i, input: {description: "by mutation"}) { id } }"""


async def test_mutations_through_the_gateway_over_the_legacy_protocol() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket(protocol=LEGACY_WS) as ws:
            assert ws.accepted_protocol == LEGACY_WS
            await world.subscribe(ws, entities=["VENDOR", "PURCHASE_INVOICE_LINE"])

            async def mutate(query: str, variables: dict[str, Any]) -> Any:
                answer = await world.stack.graphql(ALICE_ID, query, variables)
                body = answer.json()
                assert "errors" not in body, body
                return body["data"]

            vid = (await mutate(CREATE_VENDOR, {"n": "Mutated"}))["createVendor"]["id"]
            await world.events(ws, {("VENDOR", "CREATED", vid)})
            await mutate(UPDATE_VENDOR, {"id": vid, "n": "Mutated again"})
            updated = await world.events(ws, {("VENDOR", "UPDATED", vid)})
            assert updated[("VENDOR", "UPDATED", vid)]["record"]["displayName"] == "Mutated again"
            await mutate(DELETE_VENDOR, {"id": vid})
            await world.events(ws, {("VENDOR", "DELETED", vid)})

            draft = await bc.first("purchaseInvoices", "&$filter=status eq 'Draft'")
            line = (await mutate(CREATE_LINE, {"i": draft["id"]}))["createPurchaseInvoiceLine"]
            seen = await world.events(ws, {("PURCHASE_INVOICE_LINE", "CREATED", line["id"])})
            # Only what was asked for: invoice events are filtered out.
            assert {k[0] for k in seen} == {"PURCHASE_INVOICE_LINE"}


async def test_recordcreated_filters_by_change_type_and_both_protocols_agree() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket(protocol=TRANSPORT_WS) as modern:
            async with world.socket(protocol=LEGACY_WS) as legacy:
                query = """subscription($c: UUID) { recordCreated(entity: VENDOR, companyId: $c)
                  { changeType recordId record { ... on Vendor { displayName } } } }"""
                await world.subscribe(modern, "all", entities=["VENDOR"])
                listening = world.runtime().broadcast.subscriber_count
                for ws in (modern, legacy):
                    await ws.subscribe("c", query, {"c": bc.company_id})
                # The same user's identical subscriptions share one execution: two sockets,
                # one more subscriber of the events.
                await eventually(
                    lambda: _true(
                        world.graphql().shared_listeners == 3
                        and world.runtime().broadcast.subscriber_count == listening + 1
                    )
                )
                vid = (await bc.post("vendors", json={"displayName": "Once"})).json()["id"]
                # (Waited for: a creation read after the update would show its state.)
                await world.events(modern, {("VENDOR", "CREATED", vid)}, op_id="all")
                await bc.patch(f"vendors({vid})", json={"displayName": "Twice"}, headers=ANY)
                # `all` sees the update; `c` on either protocol only the creation.
                await world.events(modern, {("VENDOR", "UPDATED", vid)}, op_id="all")
                got = await legacy.result()
                assert got["data"]["recordCreated"] == {
                    "changeType": "CREATED",
                    "recordId": vid,
                    "record": {"displayName": "Once"},
                }
                assert await legacy.quiet(0.3) == []
                # On the modern socket too, `c` got the creation and nothing else.
                rest = [m for m in await modern.quiet(0.3) if m.get("id") == "c"]
                assert [m["payload"]["data"]["recordCreated"]["changeType"] for m in rest] == [
                    "CREATED"
                ]


async def _true(value: bool) -> bool:
    return value
