"""Purchase orders and their lines over GraphQL, against the seeded sandbox: the vendor's
defaults, lines costed from items, nested and top-level lines, and receiving and
invoicing an order: a posted invoice and a receipt, the vendor's balance and the ledger
moved, the order gone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of
from tests.graphql.test_sales_invoices import item

HEADER = """id etag number status vendorId vendorNumber vendorName payToName buyFromCity
  orderDate postingDate currencyCode paymentTermsId totalAmountExcludingTax totalTaxAmount
  totalAmountIncludingTax fullyReceived"""
LINE = """id sequence lineType itemId lineObjectNumber description quantity directUnitCost
  receiveQuantity invoiceQuantity amountExcludingTax amountIncludingTax"""
CREATE = f"""mutation($input: CreatePurchaseOrderInput!) {{
  createPurchaseOrder(input: $input) {{ {HEADER} lines {{ nodes {{ {LINE} }} }}
  vendor {{ id number balance }} }} }}"""
RECEIVE = """mutation($id: UUID!) { receiveAndInvoicePurchaseOrder(id: $id) {
  id number status orderId orderNumber vendorId invoiceDate totalAmountIncludingTax
  lines { nodes { lineObjectNumber quantity unitCost amountIncludingTax } } } }"""
BALANCE = "query($id: UUID!) { vendor(id: $id) { balance } }"
VENDOR = "20000"


async def create(gw: Gateway, **values: Any) -> dict[str, Any]:
    return dict((await gw.data(CREATE, {"input": values}))["createPurchaseOrder"])


async def balance(gw: Gateway, vendor_id: str) -> Decimal:
    return Decimal((await gw.data(BALANCE, {"id": vendor_id}))["vendor"]["balance"])


async def test_orders_are_listed_sorted_and_read(gw: Gateway) -> None:
    data = await gw.data(
        f"""{{ purchaseOrders(orderBy: [{{field: NUMBER, direction: DESC}}]) {{
             totalCount nodes {{ {HEADER} lines {{ nodes {{ {LINE} }} }} }} }} }}"""
    )
    page = data["purchaseOrders"]
    numbers = [o["number"] for o in page["nodes"]]
    assert page["totalCount"] == len(numbers) >= 2 and numbers == sorted(numbers, reverse=True)
    first = page["nodes"][0]
    assert first["status"] == "DRAFT" and first["lines"]["nodes"]
    total = sum(Decimal(ln["amountIncludingTax"]) for ln in first["lines"]["nodes"])
    assert total == Decimal(first["totalAmountIncludingTax"])
    one = await gw.data(
        "query($id: UUID!) { purchaseOrder(id: $id) { number vendorNumber } }",
        {"id": first["id"]},
    )
    assert one["purchaseOrder"]["number"] == first["number"]
    by_vendor = await gw.data(
        """query($v: String!) { purchaseOrders(filter: {vendorNumber: {eq: $v}}) {
             nodes { vendorNumber } } }""",
        {"v": first["vendorNumber"]},
    )
    assert {o["vendorNumber"] for o in by_vendor["purchaseOrders"]["nodes"]} == {
        first["vendorNumber"]
    }


async def test_orders_with_lines_and_vendor_cost_one_upstream_request(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(
        """{ purchaseOrders { nodes { number lines { nodes { item { number } } }
             vendor { number } } } }"""
    )
    nodes = data["purchaseOrders"]["nodes"]
    assert nodes and all(o["vendor"]["number"] for o in nodes)
    assert all(ln["item"]["number"] for o in nodes for ln in o["lines"]["nodes"])
    assert await gw.upstream_requests() == 1


async def test_lines_are_written_nested_and_top_level(gw: Gateway) -> None:
    bought = await item(gw)
    order = await create(gw, vendorNumber=VENDOR)
    assert order["status"] == "DRAFT" and order["vendorName"] and order["lines"]["nodes"] == []
    added = await gw.data(
        f"""mutation($order: UUID!, $input: CreatePurchaseOrderLineInput!) {{
             createPurchaseOrderLine(orderId: $order, input: $input) {{ {LINE} }} }}""",
        {"order": order["id"], "input": {"itemId": bought["itemId"], "quantity": "3"}},
    )
    line = added["createPurchaseOrderLine"]
    assert line["lineType"] == "ITEM" and line["lineObjectNumber"] == bought["lineObjectNumber"]
    assert Decimal(line["receiveQuantity"]) == Decimal(line["invoiceQuantity"]) == 3
    listed = await gw.data(
        """query($doc: UUID!) { purchaseOrderLines(filter: {documentId: {eq: $doc}}) {
             nodes { id quantity } } }""",
        {"doc": order["id"]},
    )
    assert [n["id"] for n in listed["purchaseOrderLines"]["nodes"]] == [line["id"]]
    updated = await gw.data(
        """mutation($order: UUID!, $id: UUID!) { updatePurchaseOrderLine(orderId: $order,
             id: $id, input: {quantity: "5", directUnitCost: "10"}) { amountExcludingTax } }""",
        {"order": order["id"], "id": line["id"]},
    )
    assert Decimal(updated["updatePurchaseOrderLine"]["amountExcludingTax"]) == 50
    header = await gw.data(
        "query($id: UUID!) { purchaseOrder(id: $id) { totalAmountExcludingTax } }",
        {"id": order["id"]},
    )
    assert Decimal(header["purchaseOrder"]["totalAmountExcludingTax"]) == 50
    changed = await gw.data(
        """mutation($id: UUID!) { updatePurchaseOrder(id: $id,
             input: {requestedReceiptDate: "2022-05-01", shipToName: "Dock 4"}) {
             requestedReceiptDate shipToName totalAmountExcludingTax } }""",
        {"id": order["id"]},
    )
    assert changed["updatePurchaseOrder"] == {
        "requestedReceiptDate": "2022-05-01",
        "shipToName": "Dock 4",
        "totalAmountExcludingTax": header["purchaseOrder"]["totalAmountExcludingTax"],
    }
    deleted = await gw.data(
        """mutation($id: UUID!) { deletePurchaseOrder(id: $id) }""", {"id": order["id"]}
    )
    assert deleted["deletePurchaseOrder"] == order["id"]


async def test_receive_and_invoice_posts_an_invoice_and_a_receipt(gw: Gateway) -> None:
    bought = await item(gw)
    order = await create(
        gw,
        vendorNumber=VENDOR,
        orderDate="2022-02-01",
        lines=[
            {"itemId": bought["itemId"], "quantity": "2", "directUnitCost": "150"},
            {"lineType": "COMMENT", "description": "Deliver to the back door"},
        ],
    )
    vendor_id = order["vendorId"]
    total = Decimal(order["totalAmountIncludingTax"])
    assert total > 0 and Decimal(order["totalAmountExcludingTax"]) == 300
    before = await balance(gw, vendor_id)

    await gw.reset_stats()
    invoice = (await gw.data(RECEIVE, {"id": order["id"]}))["receiveAndInvoicePurchaseOrder"]
    # The action, then one read of the invoice it posted (found by its orderId).
    assert await gw.upstream_requests() == 2
    assert invoice["status"] == "OPEN" and invoice["orderId"] == order["id"]
    assert invoice["orderNumber"] == order["number"] and invoice["vendorId"] == vendor_id
    assert invoice["invoiceDate"] == "2022-02-01"
    assert Decimal(invoice["totalAmountIncludingTax"]) == total
    item_line = next(ln for ln in invoice["lines"]["nodes"] if ln["lineObjectNumber"])
    assert Decimal(item_line["unitCost"]) == 150 and Decimal(item_line["quantity"]) == 2
    assert await balance(gw, vendor_id) == before + total

    listed = await gw.data(
        """query($n: String!) { purchaseInvoices(filter: {number: {eq: $n}}) {
             nodes { id status } } }""",
        {"n": invoice["number"]},
    )
    assert listed["purchaseInvoices"]["nodes"] == [{"id": invoice["id"], "status": "OPEN"}]
    entries = await gw.data(
        """query($n: String!) { generalLedgerEntries(filter: {documentNumber: {eq: $n}}) {
             nodes { documentType debitAmount creditAmount } } }""",
        {"n": invoice["number"]},
    )
    nodes = entries["generalLedgerEntries"]["nodes"]
    assert nodes and all(n["documentType"] == "INVOICE" for n in nodes)
    debits = sum(Decimal(n["debitAmount"]) for n in nodes)
    assert debits == sum(Decimal(n["creditAmount"]) for n in nodes) == total

    receipts = await gw.data(
        """query($n: String!) { purchaseReceipts(filter: {orderNumber: {eq: $n}}) {
             nodes { id number vendorNumber orderNumber invoiceDate
               lines { nodes { sequence lineType lineObjectNumber quantity unitCost } } } } }""",
        {"n": order["number"]},
    )
    (receipt,) = receipts["purchaseReceipts"]["nodes"]
    assert receipt["vendorNumber"] == VENDOR and receipt["invoiceDate"] == "2022-02-01"
    kinds = [ln["lineType"] for ln in receipt["lines"]["nodes"]]
    assert kinds[0] == "ITEM" and len(kinds) == 2
    assert Decimal(receipt["lines"]["nodes"][0]["unitCost"]) == 150
    one = await gw.data(
        "query($id: UUID!) { purchaseReceipt(id: $id) { number } }", {"id": receipt["id"]}
    )
    assert one["purchaseReceipt"]["number"] == receipt["number"]

    gone = await gw.execute(
        "query($id: UUID!) { purchaseOrder(id: $id) { id } }", {"id": order["id"]}
    )
    assert gone.data is None or gone.data["purchaseOrder"] is None


async def test_receive_and_invoice_refusals(gw: Gateway) -> None:
    empty = await create(gw, vendorNumber=VENDOR)
    nothing = error_of(await gw.execute(RECEIVE, {"id": empty["id"]}))
    assert nothing["message"] == "There is nothing to post."
    bought = await item(gw)
    no_quantity = await create(gw, vendorNumber=VENDOR, lines=[{"itemId": bought["itemId"]}])
    refused = error_of(await gw.execute(RECEIVE, {"id": no_quantity["id"]}))
    assert refused["message"] == (
        "One or more document lines with a value in the No. field do not have a quantity specified."
    )
    unknown = error_of(await gw.execute(CREATE, {"input": {"vendorNumber": "NO-SUCH-VENDOR"}}))
    assert unknown["message"] == "The buy-from vendor cannot be found."


async def test_receiving_part_of_an_order_keeps_the_rest(gw: Gateway) -> None:
    """Each line's receiveQuantity is received and its invoiceQuantity invoiced; the order
    keeps what is left, and goes once everything is received and invoiced."""
    bought = await item(gw)
    order = await create(
        gw,
        vendorNumber=VENDOR,
        lines=[
            {"itemId": bought["itemId"], "quantity": "5", "directUnitCost": "10",
             "receiveQuantity": "3", "invoiceQuantity": "2"},
            {"itemId": bought["itemId"], "quantity": "4", "directUnitCost": "20",
             "receiveQuantity": "0", "invoiceQuantity": "0"},
        ],
    )  # fmt: skip
    order_lines = """query($id: UUID!) { purchaseOrder(id: $id) { fullyReceived lines { nodes {
      id quantity receivedQuantity invoicedQuantity receiveQuantity invoiceQuantity } } } }"""
    first = (await gw.data(RECEIVE, {"id": order["id"]}))["receiveAndInvoicePurchaseOrder"]
    assert [ln["quantity"] for ln in first["lines"]["nodes"]] == ["2"]
    assert Decimal(first["totalAmountIncludingTax"]) > 0
    receipts = await gw.data(
        """query($n: String!) { purchaseReceipts(filter: {orderNumber: {eq: $n}}) {
             nodes { lines { nodes { quantity } } } } }""",
        {"n": order["number"]},
    )
    [receipt] = receipts["purchaseReceipts"]["nodes"]
    assert [ln["quantity"] for ln in receipt["lines"]["nodes"]] == ["3"]
    kept = (await gw.data(order_lines, {"id": order["id"]}))["purchaseOrder"]
    assert kept["fullyReceived"] is False
    assert [
        (ln["receivedQuantity"], ln["invoicedQuantity"], ln["receiveQuantity"],
         ln["invoiceQuantity"])
        for ln in kept["lines"]["nodes"]
    ] == [("3", "2", "2", "3"), ("0", "0", "4", "4")]  # fmt: skip

    too_many = error_of(
        await gw.execute(
            """mutation($o: UUID!, $id: UUID!) { updatePurchaseOrderLine(orderId: $o, id: $id,
                 input: {receiveQuantity: "3"}) { id } }""",
            {"o": order["id"], "id": kept["lines"]["nodes"][0]["id"]},
        )
    )
    assert too_many["message"] == "You cannot receive more than 2 units."

    second = (await gw.data(RECEIVE, {"id": order["id"]}))["receiveAndInvoicePurchaseOrder"]
    assert second["id"] != first["id"]
    assert [ln["quantity"] for ln in second["lines"]["nodes"]] == ["3", "4"]
    gone = await gw.execute(order_lines, {"id": order["id"]})
    assert gone.data is None or gone.data["purchaseOrder"] is None


async def test_receiving_without_invoicing_posts_the_receipt_and_fails(gw: Gateway) -> None:
    """BC posts the receipt, commits, then finds no invoice to answer with."""
    bought = await item(gw)
    order = await create(
        gw,
        vendorNumber=VENDOR,
        lines=[{"itemId": bought["itemId"], "quantity": "2", "invoiceQuantity": "0"}],
    )
    refused = error_of(await gw.execute(RECEIVE, {"id": order["id"]}))
    assert refused["message"] == "There is no Purch. Inv. Header within the filter."
    receipts = await gw.data(
        """query($n: String!) { purchaseReceipts(filter: {orderNumber: {eq: $n}}) {
             nodes { lines { nodes { quantity } } } } }""",
        {"n": order["number"]},
    )
    [receipt] = receipts["purchaseReceipts"]["nodes"]
    assert [ln["quantity"] for ln in receipt["lines"]["nodes"]] == ["2"]
    invoice = (await gw.data(RECEIVE, {"id": order["id"]}))["receiveAndInvoicePurchaseOrder"]
    assert [ln["quantity"] for ln in invoice["lines"]["nodes"]] == ["2"]
