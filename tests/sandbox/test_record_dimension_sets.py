"""Dimension sets under records other than purchase invoices over the sandbox's HTTP API:
each kind of parent seeded and linked by its Parent Type, the set saved into the record,
and BC's refusal where its page saves no set (shipments, receipts, G/L entries)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from bcmodel import STANDARD, encode_name
from tests.conftest import BC
from tests.sandbox.test_currencies import error
from tests.sandbox.test_purchase_orders import order_with_line

LINES = STANDARD.entity("dimensionSetLines")
# Sets BC lists only under their document: read through it.
UNDER = {p.entity_set: STANDARD.parent_of(p) for p, _ in STANDARD.parents_of(LINES) if p.parent}


# A new company has no journal lines and no receipts (BC makes them when an order is
# received), so the seed has no sets of theirs.
UNSEEDED = {"journalLines", "purchaseReceipts", "purchaseReceiptLines"}


@pytest.mark.parametrize(
    ("entity_set", "kind"),
    [(p.entity_set, r.kind) for p, r in STANDARD.parents_of(LINES) if p.entity_set not in UNSEEDED],
)
async def test_each_kind_of_parent_has_seeded_sets(bc: BC, entity_set: str, kind: str) -> None:
    under = UNDER.get(entity_set)
    if under is None:
        response = await bc.get(f"{entity_set}?$expand=dimensionSetLines")
        records = response.json()["value"]
    else:
        header, lines = under
        response = await bc.get(
            f"{header.entity_set}?$expand={lines.nav}($expand=dimensionSetLines)"
        )
        records = [r for h in response.json()["value"] for r in h[lines.nav]]
    with_sets = [r for r in records if r["dimensionSetLines"]]
    assert with_sets, f"no {entity_set} has a dimension set"
    for record in with_sets:
        assert {(d["parentId"], d["parentType"]) for d in record["dimensionSetLines"]} == {
            (record["id"], encode_name(kind))
        }


async def test_a_sales_orders_set_is_saved_into_it(bc: BC) -> None:
    order = (await bc.get("salesOrders?$expand=dimensionSetLines")).json()["value"][-1]
    path = f"salesOrders({order['id']})/dimensionSetLines"
    codes = {d["code"] for d in order["dimensionSetLines"]}
    code = next(c for c in ("AREA", "DEPARTMENT") if c not in codes)
    value = "10" if code == "AREA" else "SALES"
    created = await bc.post(path, json={"code": code, "valueCode": value})
    assert created.status_code == 201, created.text
    assert created.json()["parentType"] == "Sales_x0020_Order"
    saved = (await bc.get(f"salesOrders({order['id']})")).json()
    assert saved["@odata.etag"] != order["@odata.etag"]
    if code == "DEPARTMENT":
        assert saved["shortcutDimension1Code"] == "SALES"
    again = await bc.post(path, json={"code": code, "valueCode": value})
    assert error(again)[2] == (
        "The dimension set line already exists. Check existing dimension set lines and the "
        "default dimension set lines on the parent."
    )


async def test_a_shipments_set_is_read_only(bc: BC) -> None:
    response = await bc.get("salesShipments?$expand=dimensionSetLines")
    record = next(r for r in response.json()["value"] if r["dimensionSetLines"])
    path = f"salesShipments({record['id']})/dimensionSetLines"
    message = (
        f"Parent with ID {record['id']} does not exist or dimension set lines are read only "
        "for parent type Sales Shipment."
    )
    created = await bc.post(path, json={"code": "AREA", "valueCode": "10"})
    assert error(created) == (400, "Application_DialogException", message)
    line = record["dimensionSetLines"][0]
    changed = await bc.patch(
        f"{path}({line['id']})", json={"valueCode": line["valueCode"]}, headers={"If-Match": "*"}
    )
    assert error(changed) == (400, "Application_DialogException", message)
    removed = await bc.delete(f"{path}({line['id']})", headers={"If-Match": "*"})
    assert error(removed) == (400, "Application_DialogException", message)
    assert (await bc.get(path)).json()["value"] == record["dimensionSetLines"]


async def test_a_receipts_set_is_read_only(bc: BC) -> None:
    order = await order_with_line(bc, quantity=1)
    await bc.post(f"purchaseOrders({order['id']})/Microsoft.NAV.receiveAndInvoice")
    receipt = await bc.first(
        "purchaseReceipts",
        "&$expand=purchaseReceiptLines&$filter=" + quote(f"orderNumber eq '{order['number']}'"),
    )
    line = receipt["purchaseReceiptLines"][0]
    for entity_set, parent_id, kind in (
        ("purchaseReceipts", receipt["id"], "Purchase Receipt"),
        ("purchaseReceiptLines", line["id"], "Purchase Receipt Line"),
    ):
        created = await bc.post(
            f"{entity_set}({parent_id})/dimensionSetLines", json={"code": "AREA", "valueCode": "10"}
        )
        assert error(created)[2] == (
            f"Parent with ID {parent_id} does not exist or dimension set lines are read only "
            f"for parent type {kind}."
        )
