"""Sales invoices and their lines over GraphQL, against the seeded sandbox: the customer's
defaults, totals from lines priced from items, nested and top-level lines, and the
actions (post, send, cancel) with BC's refusals; the sales flow moves the customer's
balance and the ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_customers import CREATE as CREATE_CUSTOMER
from tests.graphql.test_customers import customer_by_number
from tests.graphql.test_mutations import error_of

HEADER = """id etag number status customerId customerNumber customerName billToName
  sellToCity billToCity shipToName invoiceDate dueDate paymentTermsId currencyCode email
  totalAmountExcludingTax totalTaxAmount totalAmountIncludingTax remainingAmount"""
LINE = """id sequence lineType itemId lineObjectNumber description quantity unitPrice
  amountExcludingTax amountIncludingTax taxCode"""
CREATE = f"""mutation($input: CreateSalesInvoiceInput!) {{ createSalesInvoice(input: $input) {{
  {HEADER} lines {{ nodes {{ {LINE} }} }} customer {{ id number balanceDue }} }} }}"""
POST = f"mutation($id: UUID!) {{ postSalesInvoice(id: $id) {{ {HEADER} }} }}"
SEND = "mutation($id: UUID!) { sendSalesInvoice(id: $id) { id status } }"
CANCEL = "mutation($id: UUID!) { cancelSalesInvoice(id: $id) { id status remainingAmount } }"
BALANCE = "query($id: UUID!) { customer(id: $id) { balanceDue } }"


async def item(gw: Gateway) -> dict[str, Any]:
    data = await gw.data(
        """{ purchaseInvoices(first: 1, filter: {status: OPEN}) { nodes {
             lines { nodes { itemId lineObjectNumber } } } } }"""
    )
    lines = data["purchaseInvoices"]["nodes"][0]["lines"]["nodes"]
    return dict(next(ln for ln in lines if ln["itemId"]))


async def balance(gw: Gateway, customer_id: str) -> Decimal:
    return Decimal((await gw.data(BALANCE, {"id": customer_id}))["customer"]["balanceDue"])


async def create(gw: Gateway, **values: Any) -> dict[str, Any]:
    return dict((await gw.data(CREATE, {"input": values}))["createSalesInvoice"])


async def test_sales_invoices_are_listed_sorted_and_read(gw: Gateway) -> None:
    data = await gw.data(
        f"""{{ salesInvoices(first: 20, orderBy: [{{field: NUMBER, direction: DESC}}]) {{
             totalCount nodes {{ {HEADER} }} }} }}"""
    )
    page = data["salesInvoices"]
    numbers = [i["number"] for i in page["nodes"]]
    assert numbers and numbers == sorted(numbers, reverse=True)
    first = page["nodes"][0]
    one = await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { number status } }", {"id": first["id"]}
    )
    assert one["salesInvoice"] == {"number": first["number"], "status": first["status"]}
    drafts = await gw.data(
        """query($c: UUID) { salesInvoices(filter: {customerId: {eq: $c}, status: DRAFT}) {
             nodes { customerId status } } }""",
        {"c": first["customerId"]},
    )
    found = drafts["salesInvoices"]["nodes"]
    assert found and all(i["customerId"] == first["customerId"] for i in found)


async def test_the_sales_flow_moves_the_customers_balance(gw: Gateway) -> None:
    """Create a customer, invoice it for items, post: the balance moves by the total."""
    sold = await item(gw)
    customer = await gw.data(
        CREATE_CUSTOMER, {"input": {"displayName": "Flow Customer", "email": "ap@flow.example"}}
    )
    customer = customer["createCustomer"]  # fmt: skip
    invoice = await create(
        gw,
        customerId=customer["id"],
        invoiceDate="2022-01-10",
        lines=[
            {"itemId": sold["itemId"], "quantity": "3"},
            {"lineType": "COMMENT", "description": "Thank you"},
            {"lineType": "ITEM", "lineObjectNumber": sold["lineObjectNumber"], "quantity": "1",
             "unitPrice": "10"},
        ],
    )  # fmt: skip
    assert invoice["status"] == "DRAFT" and invoice["customerName"] == "Flow Customer"
    assert invoice["email"] == "ap@flow.example" and invoice["customer"]["balanceDue"] == "0"
    lines = invoice["lines"]["nodes"]
    assert [ln["lineType"] for ln in lines] == ["ITEM", "COMMENT", "ITEM"]
    assert lines[0]["lineObjectNumber"] == sold["lineObjectNumber"]
    assert Decimal(lines[0]["unitPrice"]) > 0 and lines[2]["unitPrice"] == "10"
    total = sum((Decimal(ln["amountIncludingTax"]) for ln in lines), Decimal(0))
    assert (
        Decimal(invoice["totalAmountIncludingTax"]) == total == Decimal(invoice["remainingAmount"])
    )
    draft_number = invoice["number"]

    posted = (await gw.data(POST, {"id": invoice["id"]}))["postSalesInvoice"]
    assert posted["status"] == "OPEN" and posted["id"] == invoice["id"]
    # Posting numbers the invoice from the posted invoices' series.
    assert posted["number"] != draft_number
    assert await balance(gw, customer["id"]) == total

    # Canceling posts a corrective credit memo: the balance is back, the invoice CANCELED.
    canceled = (await gw.data(CANCEL, {"id": invoice["id"]}))["cancelSalesInvoice"]
    assert canceled == {"id": invoice["id"], "status": "CANCELED", "remainingAmount": "0"}
    assert await balance(gw, customer["id"]) == 0
    memos = await gw.data(
        """query($c: UUID) { salesCreditMemos(filter: {customerId: {eq: $c}}) { nodes {
             status invoiceId invoiceNumber totalAmountIncludingTax
             lines { nodes { lineType quantity } } } } }""",
        {"c": customer["id"]},
    )
    [memo] = memos["salesCreditMemos"]["nodes"]
    assert memo["status"] == "CORRECTIVE" and memo["invoiceId"] == invoice["id"]
    assert memo["invoiceNumber"] == posted["number"]
    assert Decimal(memo["totalAmountIncludingTax"]) == total
    assert [ln["lineType"] for ln in memo["lines"]["nodes"]] == ["ITEM", "COMMENT", "ITEM"]
    again = error_of(await gw.execute(CANCEL, {"id": invoice["id"]}))
    assert again["message"] == (
        "The invoice cannot be canceled because it has already been canceled."
    )


async def test_customer_defaults_and_due_date_from_payment_terms(gw: Gateway) -> None:
    customer = await customer_by_number(gw, "C00010")
    invoice = await create(gw, customerNumber="C00010", invoiceDate="2022-01-31")
    assert (
        invoice["customerId"] == customer["id"]
        and invoice["billToName"] == (customer["displayName"])
    )
    assert invoice["paymentTermsId"] == customer["paymentTermsId"]
    assert invoice["sellToCity"] and invoice["sellToCity"] == invoice["billToCity"]
    assert invoice["shipToName"] == customer["displayName"]
    terms = customer["paymentTerm"]["dueDateCalculation"]
    assert (invoice["dueDate"] == "2022-01-31") == (terms in ("", "0D"))
    # The invoice date moves the due date with it.
    moved = await gw.data(
        """mutation($id: UUID!) { updateSalesInvoice(id: $id, input: {invoiceDate: "2022-02-28"})
             { invoiceDate dueDate } }""",
        {"id": invoice["id"]},
    )
    assert moved["updateSalesInvoice"]["dueDate"] >= "2022-02-28"


async def test_lines_nested_and_top_level(gw: Gateway) -> None:
    sold = await item(gw)
    invoice = await create(gw, customerNumber="C00020")
    created = await gw.data(
        """mutation($inv: UUID!, $item: UUID) { createSalesInvoiceLine(invoiceId: $inv,
             input: {itemId: $item, quantity: "2", unitPrice: "50"}) {
             id etag sequence amountExcludingTax invoice { totalAmountExcludingTax } } }""",
        {"inv": invoice["id"], "item": sold["itemId"]},
    )
    line = created["createSalesInvoiceLine"]
    assert line["sequence"] == 10000 and line["amountExcludingTax"] == "100"
    assert line["invoice"]["totalAmountExcludingTax"] == "100"
    changed = await gw.data(
        """mutation($inv: UUID!, $id: UUID!, $e: String) { updateSalesInvoiceLine(
             invoiceId: $inv, id: $id, etag: $e, input: {quantity: "3", discountPercent: "10"})
             { amountExcludingTax invoice { totalAmountExcludingTax } } }""",
        {"inv": invoice["id"], "id": line["id"], "e": line["etag"]},
    )
    assert changed["updateSalesInvoiceLine"]["amountExcludingTax"] == "135"
    top = await gw.data(
        """query($inv: UUID) { salesInvoiceLines(filter: {documentId: {eq: $inv}}) {
             nodes { id documentId quantity } } }""",
        {"inv": invoice["id"]},
    )
    assert top["salesInvoiceLines"]["nodes"] == [
        {"id": line["id"], "documentId": invoice["id"], "quantity": "3"}
    ]
    unfiltered = error_of(await gw.execute("{ salesInvoiceLines { nodes { id } } }"))
    assert unfiltered["code"] == "BAD_USER_INPUT"
    await gw.data(
        "mutation($inv: UUID!, $id: UUID!) { deleteSalesInvoiceLine(invoiceId: $inv, id: $id) }",
        {"inv": invoice["id"], "id": line["id"]},
    )
    after = await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { totalAmountIncludingTax lines { nodes { id } } } }",
        {"id": invoice["id"]},
    )
    assert after["salesInvoice"] == {"totalAmountIncludingTax": "0", "lines": {"nodes": []}}


async def test_account_lines_and_update_and_delete_of_a_draft(gw: Gateway) -> None:
    accounts = await gw.data(
        """{ accounts(filter: {number: {eq: "40100"}}) { nodes { id number displayName } } }"""
    )
    [account] = accounts["accounts"]["nodes"]
    invoice = await create(
        gw,
        customerNumber="C00030",
        lines=[{"accountId": account["id"], "quantity": "1", "unitPrice": "250"}],
    )
    [line] = invoice["lines"]["nodes"]
    assert line["lineType"] == "ACCOUNT" and line["description"] == account["displayName"]
    assert invoice["totalAmountExcludingTax"] == "250"
    updated = await gw.data(
        """mutation($id: UUID!, $e: String) { updateSalesInvoice(id: $id, etag: $e,
             input: {externalDocumentNumber: "po-77", discountAmount: "50"}) {
             externalDocumentNumber totalAmountExcludingTax } }""",
        {"id": invoice["id"], "e": invoice["etag"]},
    )
    assert updated["updateSalesInvoice"] == {
        "externalDocumentNumber": "PO-77",
        "totalAmountExcludingTax": "200",
    }
    deleted = await gw.data(
        "mutation($id: UUID!) { deleteSalesInvoice(id: $id) }", {"id": invoice["id"]}
    )
    assert deleted["deleteSalesInvoice"] == invoice["id"]


async def test_bcs_refusals_on_sales_invoices(gw: Gateway) -> None:
    sold = await item(gw)
    empty = await create(gw, customerNumber="C00040")
    nothing = error_of(await gw.execute(POST, {"id": empty["id"]}))
    assert nothing["message"] == "Please add at least one line item to the invoice."
    canceled_draft = error_of(await gw.execute(CANCEL, {"id": empty["id"]}))
    assert canceled_draft["message"] == "The action can be applied to a posted invoice only."
    no_quantity = await create(gw, customerNumber="C00040", lines=[{"itemId": sold["itemId"]}])
    zero = error_of(await gw.execute(POST, {"id": no_quantity["id"]}))
    assert zero["message"] == (
        "One or more document lines with a value in the No. field do not have a quantity specified."
    )
    unknown = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "NOBODY"}}))
    assert unknown["message"] == "The sell-to customer cannot be found."
    blocked = error_of(await gw.execute(CREATE, {"input": {"customerNumber": "C00090"}}))
    assert blocked["message"] == (
        "You cannot create this type of document when Customer C00090 is blocked with type Invoice"
    )

    posted = await create(gw, customerNumber="C00040",
                          lines=[{"itemId": sold["itemId"], "quantity": "1"}])  # fmt: skip
    await gw.data(POST, {"id": posted["id"]})
    twice = error_of(await gw.execute(POST, {"id": posted["id"]}))
    assert twice["message"] == "The action can be applied to a draft invoice only."
    change = error_of(
        await gw.execute(
            """mutation($id: UUID!) { updateSalesInvoice(id: $id,
                 input: {externalDocumentNumber: "x"}) { id } }""",
            {"id": posted["id"]},
        )
    )
    assert change["message"] == "The invoice has been posted and can no longer be modified."
    delete = error_of(
        await gw.execute("mutation($id: UUID!) { deleteSalesInvoice(id: $id) }",
                         {"id": posted["id"]})
    )  # fmt: skip
    # The posted-document header's OnDelete: TestField on a setup date blank in a new
    # company (sandbox/rules/posted_deletion.py).
    assert delete["bcCode"] == "Application_FieldValidationException"
    assert delete["message"] == (
        "Allow Document Deletion Before must have a value in Sales & Receivables Setup: "
        "Primary Key=. It cannot be zero or empty."
    )
    line = error_of(
        await gw.execute(
            """mutation($inv: UUID!) { createSalesInvoiceLine(invoiceId: $inv,
                 input: {lineType: COMMENT, description: "late"}) { id } }""",
            {"inv": posted["id"]},
        )
    )
    assert line["message"] == "The invoice has been posted and can no longer be modified."


async def test_send_needs_an_address(gw: Gateway) -> None:
    sold = await item(gw)
    lines = [{"itemId": sold["itemId"], "quantity": "1"}]
    # C00070 has no email in the seed; the invoice has none either.
    mute = await create(gw, customerNumber="C00070", lines=lines)
    refused = error_of(await gw.execute(SEND, {"id": mute["id"]}))
    assert refused["message"] == (
        "The send-to email is empty. Specify email either for the customer or for the "
        "invoice in email preview."
    )
    fixed = await gw.data(
        """mutation($id: UUID!) { updateSalesInvoice(id: $id, input: {email: "a@b.example"})
             { email } }""",
        {"id": mute["id"]},
    )
    assert fixed["updateSalesInvoice"]["email"] == "a@b.example"
    assert (await gw.data(SEND, {"id": mute["id"]}))["sendSalesInvoice"]["status"] == "DRAFT"
    await gw.data(POST, {"id": mute["id"]})
    assert (await gw.data(SEND, {"id": mute["id"]}))["sendSalesInvoice"]["status"] == "OPEN"


async def test_invoices_with_lines_and_customer_cost_one_upstream_request(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(
        """{ salesInvoices(first: 20) { nodes { number totalAmountIncludingTax
             lines { nodes { description quantity unitPrice } }
             customer { number displayName balanceDue } } } }"""
    )
    assert await gw.upstream_requests() == 1
    nodes = data["salesInvoices"]["nodes"]
    assert nodes and all(n["customer"]["number"] and n["lines"]["nodes"] for n in nodes)
