"""Live events of the sales documents shipAndInvoice moves: an order and its lines
created, then shipped and invoiced, which deletes them and creates a posted invoice and
a shipment with its lines."""

from __future__ import annotations

from tests.subscriptions.harness import ALICE_ID, live


async def test_shipping_an_order_is_seen_live() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(
                ws,
                entities=[
                    "SALES_ORDER",
                    "SALES_ORDER_LINE",
                    "SALES_INVOICE",
                    "SALES_SHIPMENT",
                    "SALES_SHIPMENT_LINE",
                ],
            )
            invoice = await bc.first("salesInvoices", "&$expand=salesInvoiceLines")
            item_id = next(ln["itemId"] for ln in invoice["salesInvoiceLines"] if ln["itemId"])
            body = {
                "customerNumber": "C00010",
                "salesOrderLines": [{"itemId": item_id, "quantity": 2, "unitPrice": 5}],
            }
            answer = await bc.post("salesOrders", json=body)
            assert answer.status_code == 201, answer.text
            oid = answer.json()["id"]
            [line] = (await bc.get(f"salesOrders({oid})/salesOrderLines")).json()["value"]
            await world.events(
                ws,
                {("SALES_ORDER", "CREATED", oid), ("SALES_ORDER_LINE", "CREATED", line["id"])},
            )
            posted = await bc.post(f"salesOrders({oid})/Microsoft.NAV.shipAndInvoice")
            assert posted.status_code == 204, posted.text
            iid = posted.headers["location"].rsplit("(", 1)[1].rstrip(")")
            shipments = await bc.get(
                "salesShipments?$filter=orderNumber eq '" + answer.json()["number"] + "'"
            )
            [shipment] = shipments.json()["value"]
            seen = await world.events(
                ws,
                {
                    ("SALES_ORDER", "DELETED", oid),
                    ("SALES_ORDER_LINE", "DELETED", line["id"]),
                    ("SALES_INVOICE", "CREATED", iid),
                    ("SALES_SHIPMENT", "CREATED", shipment["id"]),
                },
            )
            assert seen[("SALES_INVOICE", "CREATED", iid)]["record"]["__typename"] == "SalesInvoice"
