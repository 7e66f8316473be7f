"""Purchase credit memos and their lines over GraphQL: created from a vendor with lines,
posted (the reverse of an invoice: what the company owes the vendor goes down), and BC's
refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of
from tests.graphql.test_purchase_orders import VENDOR, balance
from tests.graphql.test_sales_invoices import item

HEADER = """id etag number status vendorId vendorNumber vendorName vendorCreditMemoNumber
  creditMemoDate dueDate invoiceId invoiceNumber totalAmountExcludingTax
  totalAmountIncludingTax"""
CREATE = f"""mutation($input: CreatePurchaseCreditMemoInput!) {{
  createPurchaseCreditMemo(input: $input) {{ {HEADER}
    lines {{ nodes {{ id sequence lineType quantity directUnitCost amountIncludingTax }} }}
  }} }}"""
POST = f"mutation($id: UUID!) {{ postPurchaseCreditMemo(id: $id) {{ {HEADER} }} }}"
UPDATE = """mutation($id: UUID!, $input: UpdatePurchaseCreditMemoInput!) {
  updatePurchaseCreditMemo(id: $id, input: $input) { vendorCreditMemoNumber status } }"""


async def create(gw: Gateway, **values: Any) -> dict[str, Any]:
    return dict((await gw.data(CREATE, {"input": values}))["createPurchaseCreditMemo"])


async def test_credit_memos_are_listed_and_read(gw: Gateway) -> None:
    data = await gw.data(
        f"""{{ purchaseCreditMemos(orderBy: [{{field: NUMBER, direction: ASC}}]) {{
             totalCount nodes {{ {HEADER} lines {{ nodes {{ quantity }} }}
             vendor {{ number }} }} }} }}"""
    )
    page = data["purchaseCreditMemos"]
    assert page["totalCount"] == len(page["nodes"]) > 0
    first = page["nodes"][0]
    assert first["status"] == "DRAFT" and first["lines"]["nodes"]
    assert first["vendor"]["number"] == first["vendorNumber"]
    one = await gw.data(
        "query($id: UUID!) { purchaseCreditMemo(id: $id) { number } }", {"id": first["id"]}
    )
    assert one["purchaseCreditMemo"]["number"] == first["number"]


async def test_posting_a_credit_memo_lowers_the_vendor_balance(gw: Gateway) -> None:
    bought = await item(gw)
    memo = await create(
        gw,
        vendorNumber=VENDOR,
        creditMemoDate="2022-03-01",
        lines=[{"itemId": bought["itemId"], "quantity": "1", "directUnitCost": "80"}],
    )
    assert memo["status"] == "DRAFT" and memo["vendorName"]
    total = Decimal(memo["totalAmountIncludingTax"])
    assert total == Decimal(memo["lines"]["nodes"][0]["amountIncludingTax"]) > 0
    before = await balance(gw, memo["vendorId"])

    refused = error_of(await gw.execute(POST, {"id": memo["id"]}))
    assert refused["message"].startswith("Vendor Cr. Memo No. must have a value")
    await gw.data(UPDATE, {"id": memo["id"], "input": {"vendorCreditMemoNumber": "CR-77"}})

    posted = (await gw.data(POST, {"id": memo["id"]}))["postPurchaseCreditMemo"]
    assert posted["status"] == "OPEN" and posted["number"] != memo["number"]
    assert await balance(gw, memo["vendorId"]) == before - total
    entries = await gw.data(
        """query($n: String!) { generalLedgerEntries(filter: {documentNumber: {eq: $n}}) {
             nodes { documentType debitAmount creditAmount } } }""",
        {"n": posted["number"]},
    )
    nodes = entries["generalLedgerEntries"]["nodes"]
    assert nodes and all(n["documentType"] == "CREDIT_MEMO" for n in nodes)
    assert sum(Decimal(n["debitAmount"]) for n in nodes) == total

    again = error_of(await gw.execute(POST, {"id": memo["id"]}))
    assert again["message"] == "The action can be applied to a draft credit memo only."
    change = error_of(
        await gw.execute(UPDATE, {"id": memo["id"], "input": {"vendorCreditMemoNumber": "X"}})
    )
    assert change["message"] == "The credit memo has been posted and can no longer be modified."


async def test_credit_memo_refusals(gw: Gateway) -> None:
    empty = await create(gw, vendorNumber=VENDOR, vendorCreditMemoNumber="CR-1")
    refused = error_of(await gw.execute(POST, {"id": empty["id"]}))
    assert refused["message"] == "Please add at least one line item to the credit memo."
    bad_invoice = error_of(
        await gw.execute(
            CREATE,
            {
                "input": {
                    "vendorNumber": VENDOR,
                    "invoiceId": "00000000-0000-0000-0000-00000000beef",
                }
            },
        )
    )
    assert bad_invoice["message"] == 'The "invoiceId" does not match to an Invoice.'
    neither = error_of(await gw.execute(CREATE, {"input": {}}))
    assert "vendorNumber" in neither["message"]


async def test_bc_cancels_only_a_corrective_credit_memo(gw: Gateway) -> None:
    """BC's API cancels no purchase invoice, so no memo it makes is corrective: canceling
    is refused for a draft, and for a posted memo by codeunit 1402's check."""
    cancel = f"mutation($id: UUID!) {{ cancelPurchaseCreditMemo(id: $id) {{ {HEADER} }} }}"
    bought = await item(gw)
    memo = await create(
        gw,
        vendorNumber=VENDOR,
        vendorCreditMemoNumber="CR-CANCEL",
        lines=[{"itemId": bought["itemId"], "quantity": "1", "directUnitCost": "40"}],
    )
    draft = error_of(await gw.execute(cancel, {"id": memo["id"]}))
    assert draft["message"] == "The action can be applied to a posted credit memo only."
    await gw.data(POST, {"id": memo["id"]})
    before = await balance(gw, memo["vendorId"])
    posted = error_of(await gw.execute(cancel, {"id": memo["id"]}))
    assert posted["message"] == (
        "You cannot cancel this posted purchase credit memo because it is not a corrective "
        "document."
    )
    assert await balance(gw, memo["vendorId"]) == before
