"""Sales quotes, orders and shipments over the sandbox's HTTP API, as BC answers them: the
seeded documents in both companies, what BC refuses with its messages, and the actions'
answers (a made invoice or order, a posted invoice, named by its location)."""

from __future__ import annotations

from typing import Any

from tests.conftest import BC
from tests.sandbox.test_currencies import error
from tests.sandbox.test_sales import MISSING, an_item_id


async def action(bc: BC, entity_set: str, record_id: str, name: str) -> Any:
    return await bc.post(f"{entity_set}({record_id})/Microsoft.NAV.{name}")


async def test_both_companies_have_quotes_orders_and_a_shipment(bc: BC, bc_fabrikam: BC) -> None:
    for client in (bc, bc_fabrikam):
        for entity_set, lines in (
            ("salesQuotes", "salesQuoteLines"),
            ("salesOrders", "salesOrderLines"),
            ("salesShipments", "salesShipmentLines"),
        ):
            response = await client.get(f"{entity_set}?$expand={lines}")
            assert response.status_code == 200, response.text
            rows = response.json()["value"]
            assert rows and all(row[lines] for row in rows), entity_set


async def test_refusals_with_bcs_messages(bc: BC) -> None:
    item_id = await an_item_id(bc)
    read_only = await bc.post("salesOrders", json={"customerNumber": "C00010", "status": "Open"})
    assert error(read_only)[:2] == (400, "BadRequest_InvalidOperation")
    assert "Control 'status' is read-only" in error(read_only)[2]
    neither = await bc.post("salesQuotes", json={})
    assert error(neither)[2] == 'A "customerNumber" or a "customerId" must be provided.'
    method = await bc.post(
        "salesOrders", json={"customerNumber": "C00010", "shipmentMethodId": MISSING}
    )
    assert error(method)[2] == 'The "shipmentMethodId" does not match to a Shipment Method.'
    bad_type = await bc.post(
        "salesQuotes",
        json={"customerNumber": "C00010", "salesQuoteLines": [{"lineType": "Sometimes"}]},
    )
    assert error(bad_type)[0] == 400
    blocked = await bc.post("salesOrders", json={"customerNumber": "C00130"})
    assert error(blocked)[2] == (
        "You cannot create this type of document when Customer C00130 is blocked with type All"
    )
    order = (
        await bc.post(
            "salesOrders",
            json={"customerNumber": "C00010", "salesOrderLines": [
                {"itemId": item_id, "quantity": 2},
            ]},
        )
    ).json()  # fmt: skip
    listed = (await bc.get(f"salesOrders({order['id']})/salesOrderLines")).json()
    order_line = listed["value"][0]
    too_much = await bc.patch(
        f"salesOrders({order['id']})/salesOrderLines({order_line['id']})",
        json={"invoiceQuantity": 3},
        headers={"If-Match": order_line["@odata.etag"]},
    )
    assert error(too_much)[2] == "You cannot invoice more than 2 units."
    shipped_by_hand = await bc.patch(
        f"salesOrders({order['id']})/salesOrderLines({order_line['id']})",
        json={"shippedQuantity": 1},
        headers={"If-Match": order_line["@odata.etag"]},
    )
    assert error(shipped_by_hand)[:2] == (400, "BadRequest_InvalidOperation")
    empty = (await bc.post("salesOrders", json={"customerNumber": "C00020"})).json()
    nothing = await action(bc, "salesOrders", empty["id"], "shipAndInvoice")
    assert error(nothing) == (
        400,
        "Application_DialogException",
        "Please add at least one line item to the order.",
    )
    unknown = await action(bc, "salesQuotes", empty["id"], "makeInvoice")
    assert error(unknown)[0] == 404
    shipments = await bc.post("salesShipments", json={"number": "X"})
    assert error(shipments)[0] == 405


async def test_actions_answer_with_the_location_of_what_they_made(bc: BC) -> None:
    item_id = await an_item_id(bc)
    quote = (
        await bc.post(
            "salesQuotes",
            json={"customerNumber": "C00010", "salesQuoteLines": [
                {"itemId": item_id, "quantity": 1, "unitPrice": 7},
            ]},
        )
    ).json()  # fmt: skip
    made = await action(bc, "salesQuotes", quote["id"], "makeOrder")
    assert made.status_code == 204
    location = made.headers["location"]
    assert "/salesOrders(" in location
    order_id = location.rsplit("(", 1)[1].rstrip(")")
    order = (await bc.get(f"salesOrders({order_id})?$expand=salesOrderLines")).json()
    assert order["customerNumber"] == "C00010" and order["totalAmountExcludingTax"] == 7
    assert (await bc.get(f"salesQuotes({quote['id']})")).status_code == 404
    posted = await action(bc, "salesOrders", order_id, "shipAndInvoice")
    assert posted.status_code == 204 and "/salesInvoices(" in posted.headers["location"]
    invoice_id = posted.headers["location"].rsplit("(", 1)[1].rstrip(")")
    invoice = (await bc.get(f"salesInvoices({invoice_id})")).json()
    assert invoice["status"] == "Open" and invoice["orderNumber"] == order["number"]
    assert (await bc.get(f"salesOrders({order_id})")).status_code == 404
    sent = await action(bc, "salesInvoices", invoice_id, "send")
    assert sent.status_code == 204 and "location" not in sent.headers
