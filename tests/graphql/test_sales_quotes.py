"""Sales quotes and their lines over GraphQL, against the seeded sandbox: the customer's
defaults, nested and top-level lines, and the actions: send, make an invoice (the quote is
deleted) and make an order, with BC's refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of
from tests.graphql.test_sales_invoices import item

HEADER = """id etag number status customerId customerNumber customerName documentDate
  dueDate paymentTermsId currencyCode email sentDate totalAmountExcludingTax
  totalAmountIncludingTax"""
LINE = "id sequence lineType itemId lineObjectNumber quantity unitPrice amountIncludingTax"
CREATE = f"""mutation($input: CreateSalesQuoteInput!) {{ createSalesQuote(input: $input) {{
  {HEADER} lines {{ nodes {{ {LINE} }} }} customer {{ number }} }} }}"""
MAKE_INVOICE = """mutation($id: UUID!) { makeInvoiceSalesQuote(id: $id) { id number status
  customerId totalAmountIncludingTax lines { nodes { lineObjectNumber quantity unitPrice } } } }"""
MAKE_ORDER = """mutation($id: UUID!) { makeOrderSalesQuote(id: $id) { id number status
  customerId totalAmountIncludingTax lines { nodes { lineObjectNumber quantity shipQuantity
  shippedQuantity } } } }"""
SEND = "mutation($id: UUID!) { sendSalesQuote(id: $id) { id status sentDate } }"
MISSING = "00000000-0000-0000-0000-0000000000aa"
GET = "query($id: UUID!) { salesQuote(id: $id) { id } }"


async def gone(gw: Gateway, quote_id: str) -> bool:
    return bool(error_of(await gw.execute(GET, {"id": quote_id}))["code"] == "NOT_FOUND")


async def create(gw: Gateway, **values: Any) -> dict[str, Any]:
    return dict((await gw.data(CREATE, {"input": values}))["createSalesQuote"])


async def test_seeded_quotes_are_listed_sorted_filtered_and_read(gw: Gateway) -> None:
    data = await gw.data(
        f"""{{ salesQuotes(orderBy: [{{field: NUMBER, direction: DESC}}]) {{
             totalCount nodes {{ {HEADER} lines {{ nodes {{ {LINE} }} }} }} }} }}"""
    )
    page = data["salesQuotes"]
    numbers = [q["number"] for q in page["nodes"]]
    assert len(numbers) >= 2 and numbers == sorted(numbers, reverse=True)
    assert all(q["status"] == "DRAFT" and q["lines"]["nodes"] for q in page["nodes"])
    first = page["nodes"][0]
    one = await gw.data(
        "query($id: UUID!) { salesQuote(id: $id) { number customer { id } } }", {"id": first["id"]}
    )
    assert one["salesQuote"] == {"number": first["number"], "customer": {"id": first["customerId"]}}
    mine = await gw.data(
        """query($c: UUID) { salesQuotes(filter: {customerId: {eq: $c}}) { nodes { customerId } } }""",
        {"c": first["customerId"]},
    )
    assert {q["customerId"] for q in mine["salesQuotes"]["nodes"]} == {first["customerId"]}


async def test_quote_lines_nested_and_top_level(gw: Gateway) -> None:
    sold = await item(gw)
    quote = await create(gw, customerNumber="C00020", documentDate="2022-03-01")
    assert quote["status"] == "DRAFT" and quote["customer"] == {"number": "C00020"}
    assert quote["documentDate"] == "2022-03-01" and quote["dueDate"] >= "2022-03-01"
    created = await gw.data(
        """mutation($q: UUID!, $item: UUID) { createSalesQuoteLine(quoteId: $q,
             input: {itemId: $item, quantity: "2", unitPrice: "50"}) {
             id etag sequence amountExcludingTax quote { totalAmountExcludingTax } } }""",
        {"q": quote["id"], "item": sold["itemId"]},
    )
    line = created["createSalesQuoteLine"]
    assert line["sequence"] == 10000 and line["amountExcludingTax"] == "100"
    assert line["quote"]["totalAmountExcludingTax"] == "100"
    changed = await gw.data(
        """mutation($q: UUID!, $id: UUID!, $e: String) { updateSalesQuoteLine(quoteId: $q,
             id: $id, etag: $e, input: {quantity: "3"}) { amountExcludingTax } }""",
        {"q": quote["id"], "id": line["id"], "e": line["etag"]},
    )
    assert changed["updateSalesQuoteLine"]["amountExcludingTax"] == "150"
    top = await gw.data(
        """query($q: UUID) { salesQuoteLines(filter: {documentId: {eq: $q}}) {
             nodes { id quantity item { id } } } }""",
        {"q": quote["id"]},
    )
    assert top["salesQuoteLines"]["nodes"] == [
        {"id": line["id"], "quantity": "3", "item": {"id": sold["itemId"]}}
    ]
    unfiltered = error_of(await gw.execute("{ salesQuoteLines { nodes { id } } }"))
    assert unfiltered["code"] == "BAD_USER_INPUT"
    await gw.data(
        "mutation($q: UUID!, $id: UUID!) { deleteSalesQuoteLine(quoteId: $q, id: $id) }",
        {"q": quote["id"], "id": line["id"]},
    )
    deleted = await gw.data(
        "mutation($id: UUID!) { deleteSalesQuote(id: $id) }", {"id": quote["id"]}
    )
    assert deleted["deleteSalesQuote"] == quote["id"]
    assert await gone(gw, quote["id"])


async def test_make_invoice_copies_the_quote_and_deletes_it(gw: Gateway) -> None:
    sold = await item(gw)
    quote = await create(
        gw,
        customerNumber="C00010",
        lines=[{"itemId": sold["itemId"], "quantity": "4", "unitPrice": "25"}],
    )
    invoice = (await gw.data(MAKE_INVOICE, {"id": quote["id"]}))["makeInvoiceSalesQuote"]
    assert invoice["id"] != quote["id"] and invoice["status"] == "DRAFT"
    assert invoice["customerId"] == quote["customerId"]
    assert invoice["totalAmountIncludingTax"] == quote["totalAmountIncludingTax"]
    assert invoice["lines"]["nodes"] == [
        {"lineObjectNumber": sold["lineObjectNumber"], "quantity": "4", "unitPrice": "25"}
    ]
    assert await gone(gw, quote["id"])
    listed = await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { number status } }", {"id": invoice["id"]}
    )
    assert listed["salesInvoice"] == {"number": invoice["number"], "status": "DRAFT"}
    again = error_of(await gw.execute(MAKE_INVOICE, {"id": quote["id"]}))
    assert again["code"] == "NOT_FOUND"


async def test_make_order_and_send(gw: Gateway) -> None:
    sold = await item(gw)
    lines = [{"itemId": sold["itemId"], "quantity": "2", "unitPrice": "10"}]
    # C00070 has no email in the seed.
    mute = await create(gw, customerNumber="C00070", lines=lines)
    refused = error_of(await gw.execute(SEND, {"id": mute["id"]}))
    assert refused["message"] == (
        "The send-to email is empty. Specify email either for the customer or for the "
        "quote in email preview."
    )
    empty = await create(gw, customerNumber="C00010")
    nothing = error_of(await gw.execute(SEND, {"id": empty["id"]}))
    assert nothing["message"] == "Please add at least one line item to the quote."
    quote = await create(gw, customerNumber="C00010", email="buyer@example.com", lines=lines)
    sent = (await gw.data(SEND, {"id": quote["id"]}))["sendSalesQuote"]
    assert sent["status"] == "SENT" and sent["sentDate"]
    order = (await gw.data(MAKE_ORDER, {"id": quote["id"]}))["makeOrderSalesQuote"]
    assert order["status"] == "DRAFT" and order["customerId"] == quote["customerId"]
    assert Decimal(order["totalAmountIncludingTax"]) == Decimal(quote["totalAmountIncludingTax"])
    assert order["lines"]["nodes"] == [
        {"lineObjectNumber": sold["lineObjectNumber"], "quantity": "2", "shipQuantity": "2",
         "shippedQuantity": "0"}
    ]  # fmt: skip
    assert await gone(gw, quote["id"])


async def test_bcs_refusals_on_quotes(gw: Gateway) -> None:
    unknown = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "NOBODY"}}))
    assert unknown["message"] == "The sell-to customer cannot be found."
    blocked = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "C00090"}}))
    assert blocked["message"] == (
        "You cannot create this type of document when Customer C00090 is blocked with type Invoice"
    )
    terms = error_of(
        await gw.execute(
            CREATE,
            {"input": {"customerNumber": "C00010", "paymentTermsId": MISSING}},
        )
    )
    assert terms["message"] == 'The "paymentTermsId" does not match to a Payment Terms.'
