"""Sales orders, their lines and the posted shipments over GraphQL, against the seeded
sandbox: a quote made into an order, shipped and invoiced in full or in part (a posted
invoice, a shipment, the customer's balance, the G/L and the income statement moved),
and BC's refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_customers import CREATE as CREATE_CUSTOMER
from tests.graphql.test_mutations import error_of
from tests.graphql.test_reports import by_display, schedule
from tests.graphql.test_sales_invoices import balance, item
from tests.graphql.test_sales_quotes import CREATE as CREATE_QUOTE

HEADER = """id etag number status customerId customerNumber orderDate postingDate
  fullyShipped totalAmountExcludingTax totalAmountIncludingTax"""
LINE = """id sequence lineType itemId quantity unitPrice shipQuantity invoiceQuantity
  shippedQuantity invoicedQuantity"""
CREATE = f"""mutation($input: CreateSalesOrderInput!) {{ createSalesOrder(input: $input) {{
  {HEADER} lines {{ nodes {{ {LINE} }} }} }} }}"""
SHIP = """mutation($id: UUID!) { shipAndInvoiceSalesOrder(id: $id) { id number status orderId
  orderNumber customerId postingDate totalAmountExcludingTax totalAmountIncludingTax
  remainingAmount lines { nodes { lineObjectNumber quantity } } } }"""
ORDER = f"query($id: UUID!) {{ salesOrder(id: $id) {{ {HEADER} lines {{ nodes {{ {LINE} }} }} }} }}"
SHIPMENTS = """query($o: String) { salesShipments(filter: {orderNumber: {eq: $o}}) { nodes {
  id number orderNumber customerNumber customer { id }
  lines { nodes { documentNo lineObjectNumber quantity } } } } }"""
ENTRIES = """query($n: String) { generalLedgerEntries(filter: {documentNumber: {eq: $n}},
  first: 50) { nodes { accountNumber debitAmount creditAmount documentType } } }"""
PERIOD = ("2021-12-01", "2021-12-31")


async def create(gw: Gateway, **values: Any) -> dict[str, Any]:
    return dict((await gw.data(CREATE, {"input": values}))["createSalesOrder"])


async def test_seeded_orders_are_listed_sorted_filtered_and_read(gw: Gateway) -> None:
    data = await gw.data(
        f"""{{ salesOrders(orderBy: [{{field: NUMBER, direction: DESC}}]) {{
             totalCount nodes {{ {HEADER} lines {{ nodes {{ {LINE} }} }} }} }} }}"""
    )
    nodes = data["salesOrders"]["nodes"]
    numbers = [o["number"] for o in nodes]
    assert len(numbers) >= 2 and numbers == sorted(numbers, reverse=True)
    for order in nodes:
        assert order["status"] == "DRAFT" and order["lines"]["nodes"]
        shipped = order["fullyShipped"]
        assert all(
            (ln["shipQuantity"], ln["shippedQuantity"])
            == (("0", ln["quantity"]) if shipped else (ln["quantity"], "0"))
            for ln in order["lines"]["nodes"]
        )
    first = nodes[0]
    one = await gw.data(ORDER, {"id": first["id"]})
    assert one["salesOrder"]["number"] == first["number"]
    mine = await gw.data(
        """query($n: String) { salesOrders(filter: {customerNumber: {eq: $n}}) {
             nodes { customerNumber } } }""",
        {"n": first["customerNumber"]},
    )
    assert {o["customerNumber"] for o in mine["salesOrders"]["nodes"]} == {first["customerNumber"]}


async def test_a_seeded_shipped_order_is_invoiced_without_a_second_shipment(gw: Gateway) -> None:
    data = await gw.data(
        f"{{ salesOrders(filter: {{fullyShipped: true}}) {{ nodes {{ {HEADER} }} }} }}"
    )
    [order] = data["salesOrders"]["nodes"]
    [seeded] = (await gw.data(SHIPMENTS, {"o": order["number"]}))["salesShipments"]["nodes"]
    assert seeded["customerNumber"] == order["customerNumber"] and seeded["lines"]["nodes"]
    invoice = (await gw.data(SHIP, {"id": order["id"]}))["shipAndInvoiceSalesOrder"]
    assert invoice["status"] == "OPEN" and invoice["orderNumber"] == order["number"]
    assert invoice["totalAmountIncludingTax"] == order["totalAmountIncludingTax"]
    after = (await gw.data(SHIPMENTS, {"o": order["number"]}))["salesShipments"]["nodes"]
    assert [s["id"] for s in after] == [seeded["id"]]


async def test_quote_to_order_to_posted_invoice_and_shipment(gw: Gateway) -> None:
    sold = await item(gw)
    customer = (
        await gw.data(
            CREATE_CUSTOMER, {"input": {"displayName": "Order Flow", "email": "o@f.example"}}
        )
    )["createCustomer"]
    quote = (
        await gw.data(
            CREATE_QUOTE,
            {"input": {"customerId": customer["id"], "lines": [
                {"itemId": sold["itemId"], "quantity": "3", "unitPrice": "10"},
                {"lineType": "COMMENT", "description": "Handle with care"},
            ]}},
        )
    )["createSalesQuote"]  # fmt: skip
    made = await gw.data(
        "mutation($id: UUID!) { makeOrderSalesQuote(id: $id) { id number } }", {"id": quote["id"]}
    )
    order_id = made["makeOrderSalesQuote"]["id"]
    dated = await gw.data(
        f"""mutation($id: UUID!) {{ updateSalesOrder(id: $id, input: {{orderDate: "2021-12-15",
             postingDate: "2021-12-15"}}) {{ {HEADER} }} }}""",
        {"id": order_id},
    )
    order = dated["updateSalesOrder"]
    assert order["totalAmountExcludingTax"] == "30" and order["status"] == "DRAFT"
    income = by_display(await schedule(gw, "incomeStatement", *PERIOD))
    assert await balance(gw, customer["id"]) == 0

    invoice = (await gw.data(SHIP, {"id": order_id}))["shipAndInvoiceSalesOrder"]
    total = Decimal(order["totalAmountIncludingTax"])
    assert invoice["status"] == "OPEN" and invoice["orderId"] == order_id
    assert invoice["orderNumber"] == order["number"] and invoice["postingDate"] == "2021-12-15"
    assert (
        Decimal(invoice["totalAmountIncludingTax"]) == total == Decimal(invoice["remainingAmount"])
    )
    assert [ln["quantity"] for ln in invoice["lines"]["nodes"]] == ["3", "0"]
    listed = await gw.data(
        "query($n: String) { salesInvoices(filter: {number: {eq: $n}}) { nodes { id status } } }",
        {"n": invoice["number"]},
    )
    assert listed["salesInvoices"]["nodes"] == [{"id": invoice["id"], "status": "OPEN"}]
    assert await balance(gw, customer["id"]) == total

    [shipment] = (await gw.data(SHIPMENTS, {"o": order["number"]}))["salesShipments"]["nodes"]
    assert shipment["customer"] == {"id": customer["id"]}
    assert shipment["lines"]["nodes"][0] == {
        "documentNo": shipment["number"], "lineObjectNumber": sold["lineObjectNumber"],
        "quantity": "3",
    }  # fmt: skip
    one = await gw.data(
        "query($id: UUID!) { salesShipment(id: $id) { number } }", {"id": shipment["id"]}
    )
    assert one["salesShipment"] == {"number": shipment["number"]}

    entries = (await gw.data(ENTRIES, {"n": invoice["number"]}))["generalLedgerEntries"]["nodes"]
    debits = sum(Decimal(e["debitAmount"]) for e in entries)
    credits = sum(Decimal(e["creditAmount"]) for e in entries)
    assert entries and debits == credits == total
    assert {e["documentType"] for e in entries} == {"INVOICE"}
    # Revenue (the 4xxxx accounts) is credited with the sale, and the report moves by it.
    revenue = sum(
        Decimal(e["creditAmount"]) - Decimal(e["debitAmount"])
        for e in entries
        if e["accountNumber"].startswith("4")
    )
    assert revenue >= Decimal("30")
    after = by_display(await schedule(gw, "incomeStatement", *PERIOD))
    assert after["Total Income"] == income["Total Income"] + revenue

    # Fully shipped and invoiced: BC deletes the order.
    gone = error_of(await gw.execute(ORDER, {"id": order_id}))
    assert gone["code"] == "NOT_FOUND"


async def test_a_partial_shipment_keeps_the_order(gw: Gateway) -> None:
    sold = await item(gw)
    order = await create(
        gw,
        customerNumber="C00010",
        lines=[{"itemId": sold["itemId"], "quantity": "5", "unitPrice": "20"}],
    )
    [line] = order["lines"]["nodes"]
    assert (line["shipQuantity"], line["invoiceQuantity"], line["shippedQuantity"]) == (
        "5",
        "5",
        "0",
    )
    update = """mutation($o: UUID!, $id: UUID!, $q: Decimal) { updateSalesOrderLine(orderId: $o,
      id: $id, input: {shipQuantity: $q}) { shipQuantity } }"""
    too_many = error_of(await gw.execute(update, {"o": order["id"], "id": line["id"], "q": "6"}))
    assert too_many["message"] == "You cannot ship more than 5 units."
    await gw.data(update, {"o": order["id"], "id": line["id"], "q": "2"})
    first = (await gw.data(SHIP, {"id": order["id"]}))["shipAndInvoiceSalesOrder"]
    assert first["lines"]["nodes"][0]["quantity"] == "2"
    assert first["totalAmountExcludingTax"] == "40"
    left = (await gw.data(ORDER, {"id": order["id"]}))["salesOrder"]
    [moved] = left["lines"]["nodes"]
    assert (moved["shippedQuantity"], moved["invoicedQuantity"]) == ("2", "2")
    assert (moved["shipQuantity"], moved["invoiceQuantity"]) == ("3", "3")
    assert left["fullyShipped"] is False
    second = (await gw.data(SHIP, {"id": order["id"]}))["shipAndInvoiceSalesOrder"]
    assert second["totalAmountExcludingTax"] == "60" and second["number"] != first["number"]
    shipments = (await gw.data(SHIPMENTS, {"o": order["number"]}))["salesShipments"]["nodes"]
    assert sorted(s["lines"]["nodes"][0]["quantity"] for s in shipments) == ["2", "3"]
    assert error_of(await gw.execute(ORDER, {"id": order["id"]}))["code"] == "NOT_FOUND"


async def test_bcs_refusals_on_orders(gw: Gateway) -> None:
    empty = await create(gw, customerNumber="C00020")
    no_lines = error_of(await gw.execute(SHIP, {"id": empty["id"]}))
    assert no_lines["message"] == "Please add at least one line item to the order."
    comment = await create(gw, customerNumber="C00020", lines=[{"description": "note"}])
    assert error_of(await gw.execute(SHIP, {"id": comment["id"]}))["message"] == (
        "Please add at least one line item to the order."
    )
    sold = await item(gw)
    held = await create(
        gw,
        customerNumber="C00020",
        lines=[{"itemId": sold["itemId"], "quantity": "1", "shipQuantity": "0",
                "invoiceQuantity": "0"}],
    )  # fmt: skip
    nothing = error_of(await gw.execute(SHIP, {"id": held["id"]}))
    assert nothing["message"] == "There is nothing to post."
    blocked = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "C00090"}}))
    assert blocked["message"] == (
        "You cannot create this type of document when Customer C00090 is blocked with type Invoice"
    )
    unknown = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "NOBODY"}}))
    assert unknown["message"] == "The sell-to customer cannot be found."


async def test_orders_with_lines_items_and_customer_cost_one_upstream_request(
    gw: Gateway,
) -> None:
    await gw.reset_stats()
    data = await gw.data(
        """{ salesOrders(first: 20) { nodes { number
             lines { nodes { quantity item { number displayName } } }
             customer { number displayName } } } }"""
    )
    assert await gw.upstream_requests() == 1
    nodes = data["salesOrders"]["nodes"]
    assert nodes and all(n["customer"]["number"] for n in nodes)
    assert all(ln["item"]["number"] for n in nodes for ln in n["lines"]["nodes"])


async def test_shipping_without_invoicing_posts_the_shipment_and_fails(gw: Gateway) -> None:
    """BC posts the shipment, commits, then finds no invoice to answer with."""
    sold = await item(gw)
    order = await create(
        gw,
        customerNumber="C00010",
        lines=[{"itemId": sold["itemId"], "quantity": "3", "invoiceQuantity": "0"}],
    )
    refused = error_of(await gw.execute(SHIP, {"id": order["id"]}))
    assert refused["message"] == "There is no Sales Invoice Header within the filter."
    shipments = (await gw.data(SHIPMENTS, {"o": order["number"]}))["salesShipments"]["nodes"]
    assert [s["lines"]["nodes"][0]["quantity"] for s in shipments] == ["3"]
    [line] = (await gw.data(ORDER, {"id": order["id"]}))["salesOrder"]["lines"]["nodes"]
    assert (line["shippedQuantity"], line["shipQuantity"], line["invoiceQuantity"]) == (
        "3",
        "0",
        "3",
    )
    invoice = (await gw.data(SHIP, {"id": order["id"]}))["shipAndInvoiceSalesOrder"]
    assert [ln["quantity"] for ln in invoice["lines"]["nodes"]] == ["3"]
