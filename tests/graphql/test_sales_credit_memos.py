"""Sales credit memos and their lines over GraphQL: created for a customer with lines,
posted (the customer's balance goes down), applied to a posted invoice, and BC's
refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of
from tests.graphql.test_sales_invoices import POST as POST_INVOICE
from tests.graphql.test_sales_invoices import balance, item
from tests.graphql.test_sales_invoices import create as create_invoice

HEADER = """id etag number status customerId customerNumber customerName creditMemoDate
  dueDate invoiceId invoiceNumber totalAmountExcludingTax totalAmountIncludingTax"""
CREATE = f"""mutation($input: CreateSalesCreditMemoInput!) {{
  createSalesCreditMemo(input: $input) {{ {HEADER}
    lines {{ nodes {{ id sequence lineType quantity unitPrice amountIncludingTax }} }} }} }}"""
POST = f"mutation($id: UUID!) {{ postSalesCreditMemo(id: $id) {{ {HEADER} }} }}"


async def create(gw: Gateway, **values: Any) -> dict[str, Any]:
    return dict((await gw.data(CREATE, {"input": values}))["createSalesCreditMemo"])


async def test_credit_memos_are_listed_and_read(gw: Gateway) -> None:
    data = await gw.data(
        f"""{{ salesCreditMemos(orderBy: [{{field: NUMBER, direction: ASC}}]) {{
             totalCount nodes {{ {HEADER} lines {{ nodes {{ quantity }} }}
             customer {{ number }} }} }} }}"""
    )
    page = data["salesCreditMemos"]
    assert page["totalCount"] == len(page["nodes"]) > 0
    first = page["nodes"][0]
    assert first["customer"]["number"] == first["customerNumber"] and first["lines"]["nodes"]
    one = await gw.data(
        "query($id: UUID!) { salesCreditMemo(id: $id) { number } }", {"id": first["id"]}
    )
    assert one["salesCreditMemo"]["number"] == first["number"]


async def test_posting_a_credit_memo_lowers_the_balance_and_applies_it(gw: Gateway) -> None:
    sold = await item(gw)
    lines = [{"itemId": sold["itemId"], "quantity": "2", "unitPrice": "100"}]
    invoice = await create_invoice(gw, customerNumber="C00050", lines=lines)
    posted_invoice = (await gw.data(POST_INVOICE, {"id": invoice["id"]}))["postSalesInvoice"]
    customer_id = invoice["customerId"]
    before = await balance(gw, customer_id)

    memo = await create(
        gw,
        customerNumber="C00050",
        creditMemoDate="2022-01-15",
        invoiceNumber=posted_invoice["number"],
        lines=[{"itemId": sold["itemId"], "quantity": "1", "unitPrice": "100"}],
    )
    assert memo["status"] == "DRAFT" and memo["invoiceId"] == invoice["id"]
    assert memo["customerName"] and memo["creditMemoDate"] == "2022-01-15"
    total = Decimal(memo["totalAmountIncludingTax"])
    assert total == Decimal(memo["lines"]["nodes"][0]["amountIncludingTax"]) > 0

    posted = (await gw.data(POST, {"id": memo["id"]}))["postSalesCreditMemo"]
    assert posted["status"] == "OPEN" and posted["number"] != memo["number"]
    assert await balance(gw, customer_id) == before - total
    # Applied to the invoice: that much of it is no longer open.
    remaining = await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { remainingAmount status } }",
        {"id": invoice["id"]},
    )
    assert (
        Decimal(remaining["salesInvoice"]["remainingAmount"])
        == Decimal(posted_invoice["totalAmountIncludingTax"]) - total
    )
    again = error_of(await gw.execute(POST, {"id": memo["id"]}))
    assert again["message"] == "The action can be applied to a draft credit memo only."
    change = error_of(
        await gw.execute(
            """mutation($id: UUID!) { updateSalesCreditMemo(id: $id,
                 input: {externalDocumentNumber: "x"}) { id } }""",
            {"id": memo["id"]},
        )
    )
    assert change["message"] == "The credit memo has been posted and can no longer be modified."


async def test_credit_memo_lines_nested_and_top_level(gw: Gateway) -> None:
    memo = await create(gw, customerNumber="C00020")
    created = await gw.data(
        """mutation($m: UUID!) { createSalesCreditMemoLine(creditMemoId: $m,
             input: {lineType: ITEM, lineObjectNumber: "1896-S", quantity: "1",
                     unitPrice: "80"}) { id etag amountExcludingTax
             creditMemo { totalAmountExcludingTax } } }""",
        {"m": memo["id"]},
    )
    line = created["createSalesCreditMemoLine"]
    assert line["amountExcludingTax"] == "80"
    assert line["creditMemo"]["totalAmountExcludingTax"] == "80"
    updated = await gw.data(
        """mutation($m: UUID!, $id: UUID!) { updateSalesCreditMemoLine(creditMemoId: $m,
             id: $id, input: {quantity: "2"}) { amountExcludingTax } }""",
        {"m": memo["id"], "id": line["id"]},
    )
    assert updated["updateSalesCreditMemoLine"]["amountExcludingTax"] == "160"
    top = await gw.data(
        """query($m: UUID) { salesCreditMemoLines(filter: {documentId: {eq: $m}}) {
             nodes { id } } }""",
        {"m": memo["id"]},
    )
    assert top["salesCreditMemoLines"]["nodes"] == [{"id": line["id"]}]
    await gw.data(
        """mutation($m: UUID!, $id: UUID!) {
             deleteSalesCreditMemoLine(creditMemoId: $m, id: $id) }""",
        {"m": memo["id"], "id": line["id"]},
    )
    deleted = await gw.data(
        "mutation($id: UUID!) { deleteSalesCreditMemo(id: $id) }", {"id": memo["id"]}
    )
    assert deleted["deleteSalesCreditMemo"] == memo["id"]


async def test_bcs_refusals_on_credit_memos(gw: Gateway) -> None:
    empty = await create(gw, customerNumber="C00030")
    nothing = error_of(await gw.execute(POST, {"id": empty["id"]}))
    assert nothing["message"] == "Please add at least one line item to the credit memo."
    neither = error_of(await gw.execute(CREATE, {"input": {"creditMemoDate": "2022-01-01"}}))
    assert neither["code"] == "BAD_USER_INPUT"
    blocked = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "C00130"}}))
    assert blocked["message"] == (
        "You cannot create this type of document when Customer C00130 is blocked with type All"
    )
    # Blocked for invoicing only: a credit memo is still allowed.
    allowed = await create(gw, customerNumber="C00090")
    assert allowed["status"] == "DRAFT"
    unknown_invoice = error_of(
        await gw.execute(
            CREATE,
            {"input": {"customerNumber": "C00030",
                       "invoiceId": "00000000-0000-0000-0000-0000000000aa"}},
        )
    )  # fmt: skip
    assert unknown_invoice["message"] == 'The "invoiceId" does not match to an Invoice.'
