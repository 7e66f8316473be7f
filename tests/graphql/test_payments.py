"""Customer and vendor payments over GraphQL: payment journals created, listed and read,
payments created under them (the party and the invoice by id or number), and posted with
postJournal (BC posts payment journals through its journals' post), which closes the
invoice they apply to and moves the party's balance and the accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_customers import CREATE as CREATE_CUSTOMER
from tests.graphql.test_mutations import create_invoice, error_of
from tests.graphql.test_sales_invoices import item

ACCOUNT = """query($n: String!) { accounts(filter: {number: {eq: $n}}) {
  nodes { id number netChange } } }"""
SALES_INVOICE = """mutation($input: CreateSalesInvoiceInput!) { createSalesInvoice(input: $input) {
  id } }"""
POST_SALES = """mutation($id: UUID!) { postSalesInvoice(id: $id) {
  id number status totalAmountIncludingTax remainingAmount } }"""
CUSTOMER_JOURNAL = """mutation($input: CreateCustomerPaymentJournalInput!) {
  createCustomerPaymentJournal(input: $input) { id etag code displayName balancingAccountNumber
    payments { nodes { id lineNumber customerNumber amount } } } }"""
CUSTOMER_PAYMENT = """mutation($journalId: UUID!, $input: CreateCustomerPaymentInput!) {
  createCustomerPayment(journalId: $journalId, input: $input) { id etag journalId
    journalDisplayName lineNumber customerId customerNumber postingDate documentNumber amount
    appliesToInvoiceId appliesToInvoiceNumber customer { displayName }
    appliesToInvoice { number } journal { code } } }"""
VENDOR_JOURNAL = """mutation($input: CreateVendorPaymentJournalInput!) {
  createVendorPaymentJournal(input: $input) { id code balancingAccountNumber } }"""
VENDOR_PAYMENT = """mutation($journalId: UUID!, $input: CreateVendorPaymentInput!) {
  createVendorPayment(journalId: $journalId, input: $input) { id vendorId vendorNumber amount
    appliesToInvoiceId appliesToInvoiceNumber vendor { number } } }"""
POST = """mutation($id: UUID!) { postJournal(id: $id) { id code } }"""


async def account(gw: Gateway, number: str) -> dict[str, Any]:
    return dict((await gw.data(ACCOUNT, {"n": number}))["accounts"]["nodes"][0])


async def posted_sales_invoice(gw: Gateway, customer_id: str, day: str) -> dict[str, Any]:
    sold = await item(gw)
    created = await gw.data(
        SALES_INVOICE,
        {
            "input": {
                "customerId": customer_id,
                "invoiceDate": day,
                "postingDate": day,
                "lines": [{"itemId": sold["itemId"], "quantity": "2"}],
            }
        },
    )
    posted = await gw.data(POST_SALES, {"id": created["createSalesInvoice"]["id"]})
    return dict(posted["postSalesInvoice"])


async def new_customer(gw: Gateway, name: str) -> dict[str, Any]:
    data = await gw.data(CREATE_CUSTOMER, {"input": {"displayName": name}})
    return dict(data["createCustomer"])


async def balance_due(gw: Gateway, customer_id: str) -> Decimal:
    data = await gw.data(
        "query($id: UUID!) { customer(id: $id) { balanceDue } }", {"id": customer_id}
    )
    return Decimal(data["customer"]["balanceDue"])


async def owed_to_vendor(gw: Gateway, number: str) -> Decimal:
    lines = (
        await gw.data(
            '{ agedAccountsPayable(agedAsOfDate: "2021-12-31") { vendorNumber balanceDue } }'
        )
    )["agedAccountsPayable"]
    return sum((Decimal(x["balanceDue"]) for x in lines if x["vendorNumber"] == number), Decimal(0))


async def test_payment_journals_are_seeded_listed_and_read(gw: Gateway) -> None:
    for field in ("customerPaymentJournals", "vendorPaymentJournals"):
        data = await gw.data(
            f"{{ {field}(orderBy: [{{field: CODE, direction: ASC}}]) {{ nodes {{ id code }} }} }}"
        )
        codes = [j["code"] for j in data[field]["nodes"]]
        assert "DEFAULT" in codes and codes == sorted(codes)
    cash = await account(gw, "10100")
    created = (
        await gw.data(
            CUSTOMER_JOURNAL,
            {"input": {"code": "bank", "displayName": "Bank", "balancingAccountId": cash["id"]}},
        )
    )["createCustomerPaymentJournal"]
    assert created["code"] == "BANK" and created["balancingAccountNumber"] == "10100"
    deep = (
        await gw.data(
            CUSTOMER_JOURNAL,
            {"input": {"code": "deep", "payments": [{"customerNumber": "C00010", "amount": "-1"}]}},
        )
    )["createCustomerPaymentJournal"]
    assert [(n["lineNumber"], n["customerNumber"]) for n in deep["payments"]["nodes"]] == [
        (10000, "C00010")
    ]
    one = await gw.data(
        "query($id: UUID!) { customerPaymentJournal(id: $id) { code displayName } }",
        {"id": created["id"]},
    )
    assert one["customerPaymentJournal"] == {"code": "BANK", "displayName": "Bank"}
    updated = await gw.data(
        """mutation($id: UUID!, $etag: String) { updateCustomerPaymentJournal(id: $id,
             etag: $etag, input: {displayName: "Main bank"}) { displayName } }""",
        {"id": created["id"], "etag": created["etag"]},
    )
    assert updated["updateCustomerPaymentJournal"]["displayName"] == "Main bank"
    # The journals page reads a payment journal's batch by its id, in its template.
    as_journal = await gw.data(
        "query($id: UUID!) { journal(id: $id) { code templateDisplayName } }", {"id": created["id"]}
    )
    assert as_journal["journal"] == {"code": "BANK", "templateDisplayName": "CASHRCPT"}
    assert (
        await gw.data(
            "mutation($id: UUID!) { deleteCustomerPaymentJournal(id: $id) }", {"id": created["id"]}
        )
    )["deleteCustomerPaymentJournal"]


async def test_a_customer_payment_pays_a_posted_invoice(gw: Gateway) -> None:
    customer = await new_customer(gw, "Paying Customer")
    invoice = await posted_sales_invoice(gw, customer["id"], "2022-02-01")
    total = Decimal(invoice["totalAmountIncludingTax"])
    assert invoice["status"] == "OPEN" and Decimal(invoice["remainingAmount"]) == total
    assert await balance_due(gw, customer["id"]) == total
    cash_before = Decimal((await account(gw, "10100"))["netChange"])
    cash = await account(gw, "10100")
    journal = (
        await gw.data(
            CUSTOMER_JOURNAL, {"input": {"code": "RCPT", "balancingAccountId": cash["id"]}}
        )
    )["createCustomerPaymentJournal"]

    # A part payment named by the invoice's number: BC takes the customer from the invoice.
    part = total / 2
    first = (
        await gw.data(
            CUSTOMER_PAYMENT,
            {
                "journalId": journal["id"],
                "input": {
                    "appliesToInvoiceNumber": invoice["number"],
                    "amount": str(-part),
                    "postingDate": "2022-02-10",
                    "documentNumber": "PAY1",
                },
            },
        )
    )["createCustomerPayment"]
    assert first["customerId"] == customer["id"] and first["customerNumber"] == customer["number"]
    assert first["appliesToInvoiceId"] == invoice["id"] and first["lineNumber"] == 10000
    assert first["customer"] == {"displayName": "Paying Customer"}
    assert first["appliesToInvoice"] == {"number": invoice["number"]}
    assert first["journal"] == {"code": "RCPT"} and first["journalDisplayName"] == "RCPT"
    listed = await gw.data(
        """query($j: UUID!) { customerPayments(filter: {journalId: {eq: $j}}) {
             totalCount nodes { id amount } } }""",
        {"j": journal["id"]},
    )
    assert listed["customerPayments"]["totalCount"] == 1
    await gw.data(POST, {"id": journal["id"]})
    after = await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { status remainingAmount } }",
        {"id": invoice["id"]},
    )
    assert after["salesInvoice"] == {"status": "OPEN", "remainingAmount": str(total - part)}
    assert await balance_due(gw, customer["id"]) == total - part
    assert Decimal((await account(gw, "10100"))["netChange"]) == cash_before + part
    emptied = await gw.data(
        "query($id: UUID!) { customerPaymentJournal(id: $id) { payments { totalCount } } }",
        {"id": journal["id"]},
    )
    assert emptied["customerPaymentJournal"]["payments"]["totalCount"] == 0

    # The rest, by the customer's number and the invoice's id: the invoice is PAID.
    await gw.data(
        CUSTOMER_PAYMENT,
        {
            "journalId": journal["id"],
            "input": {
                "customerNumber": customer["number"],
                "appliesToInvoiceId": invoice["id"],
                "amount": str(-(total - part)),
            },
        },
    )
    await gw.data(POST, {"id": journal["id"]})
    paid = await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { status remainingAmount } }",
        {"id": invoice["id"]},
    )
    assert paid["salesInvoice"] == {"status": "PAID", "remainingAmount": "0"}
    assert await balance_due(gw, customer["id"]) == 0


async def test_a_customer_payment_of_the_wrong_sign_is_not_posted(gw: Gateway) -> None:
    customer = await new_customer(gw, "Sign Customer")
    journals = await gw.data(
        '{ customerPaymentJournals(filter: {code: {eq: "DEFAULT"}}) { nodes { id } } }'
    )
    journal_id = journals["customerPaymentJournals"]["nodes"][0]["id"]
    await gw.data(
        CUSTOMER_PAYMENT,
        {"journalId": journal_id, "input": {"customerId": customer["id"], "amount": "10"}},
    )
    refused = error_of(await gw.execute(POST, {"id": journal_id}))
    assert refused["message"].startswith("Amount must be negative in Gen. Journal Line:")
    assert await balance_due(gw, customer["id"]) == 0


async def test_a_vendor_payment_pays_a_posted_purchase_invoice(gw: Gateway) -> None:
    invoice = await create_invoice(gw)
    await gw.data("mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": invoice["id"]})
    posted = await gw.data(
        "query($id: UUID!) { purchaseInvoice(id: $id) { number status vendorId } }",
        {"id": invoice["id"]},
    )
    posted = posted["purchaseInvoice"]  # fmt: skip
    assert posted["status"] == "OPEN"
    vendor_query = "query($id: UUID!) { vendor(id: $id) { balance } }"
    before = Decimal((await gw.data(vendor_query, {"id": posted["vendorId"]}))["vendor"]["balance"])
    cash = await account(gw, "10100")
    journal = (
        await gw.data(VENDOR_JOURNAL, {"input": {"code": "out", "balancingAccountId": cash["id"]}})
    )["createVendorPaymentJournal"]
    assert journal["code"] == "OUT" and journal["balancingAccountNumber"] == "10100"
    total = Decimal(invoice["totalAmountIncludingTax"])
    payment = (
        await gw.data(
            VENDOR_PAYMENT,
            {
                "journalId": journal["id"],
                # No amount: BC gives the payment what is open of the invoice.
                "input": {"appliesToInvoiceId": invoice["id"]},
            },
        )
    )["createVendorPayment"]
    assert payment["vendorId"] == posted["vendorId"] and payment["vendor"]["number"] == "20000"
    assert payment["appliesToInvoiceNumber"] == posted["number"]
    assert Decimal(payment["amount"]) == total
    owed_before = await owed_to_vendor(gw, "20000")
    await gw.data(POST, {"id": journal["id"]})
    # The aged payables no longer count what the payment closed.
    assert await owed_to_vendor(gw, "20000") == owed_before - total
    after = await gw.data(
        "query($id: UUID!) { purchaseInvoice(id: $id) { status } }", {"id": invoice["id"]}
    )
    assert after["purchaseInvoice"]["status"] == "PAID"
    balance = Decimal(
        (await gw.data(vendor_query, {"id": posted["vendorId"]}))["vendor"]["balance"]
    )
    assert balance == before - total


async def test_a_customer_payment_is_updated_and_deleted(gw: Gateway) -> None:
    customer = await new_customer(gw, "Edited Customer")
    other = await new_customer(gw, "Other Customer")
    journal = (await gw.data(CUSTOMER_JOURNAL, {"input": {"code": "EDIT"}}))[
        "createCustomerPaymentJournal"
    ]
    created = (
        await gw.data(
            CUSTOMER_PAYMENT,
            {"journalId": journal["id"], "input": {"customerId": customer["id"], "amount": "-5"}},
        )
    )["createCustomerPayment"]
    updated = await gw.data(
        """mutation($j: UUID!, $id: UUID!, $etag: String, $input: UpdateCustomerPaymentInput!) {
             updateCustomerPayment(journalId: $j, id: $id, etag: $etag, input: $input) {
               customerId customerNumber amount lineNumber } }""",
        {
            "j": journal["id"],
            "id": created["id"],
            "etag": created["etag"],
            "input": {"customerNumber": other["number"], "amount": "-7.5", "lineNumber": 20000},
        },
    )
    assert updated["updateCustomerPayment"] == {
        "customerId": other["id"],
        "customerNumber": other["number"],
        "amount": "-7.5",
        "lineNumber": 20000,
    }
    refused = error_of(
        await gw.execute(
            """mutation($j: UUID!, $id: UUID!) { updateCustomerPayment(journalId: $j, id: $id,
                 input: {customerNumber: "NOSUCH"}) { id } }""",
            {"j": journal["id"], "id": created["id"]},
        )
    )
    assert refused["message"] == 'The "customerNumber" does not match to a Customer.'
    one = await gw.data(
        "query($id: UUID!) { customerPayment(id: $id) { amount customer { displayName } } }",
        {"id": created["id"]},
    )
    assert one["customerPayment"] == {
        "amount": "-7.5",
        "customer": {"displayName": "Other Customer"},
    }
    assert (
        await gw.data(
            "mutation($j: UUID!, $id: UUID!) { deleteCustomerPayment(journalId: $j, id: $id) }",
            {"j": journal["id"], "id": created["id"]},
        )
    )["deleteCustomerPayment"]
    left = await gw.data(
        "query($id: UUID!) { customerPaymentJournal(id: $id) { payments { totalCount } } }",
        {"id": journal["id"]},
    )
    assert left["customerPaymentJournal"]["payments"]["totalCount"] == 0


async def test_vendor_payments_are_listed_sorted_and_read(gw: Gateway) -> None:
    journals = await gw.data(
        '{ vendorPaymentJournals(filter: {code: {eq: "DEFAULT"}}) { nodes { id code } } }'
    )
    [journal] = journals["vendorPaymentJournals"]["nodes"]
    vendor = await gw.data('{ vendors(filter: {number: {eq: "20000"}}) { nodes { id } } }')
    vendor_id = vendor["vendors"]["nodes"][0]["id"]
    for amount in ("5", "7"):
        await gw.data(
            VENDOR_PAYMENT,
            {"journalId": journal["id"], "input": {"vendorId": vendor_id, "amount": amount}},
        )
    listed = await gw.data(
        """query($j: UUID!) { vendorPayments(filter: {journalId: {eq: $j}},
             orderBy: [{field: LINE_NUMBER, direction: DESC}]) { totalCount
             nodes { id lineNumber amount vendorNumber journal { code } } } }""",
        {"j": journal["id"]},
    )
    nodes = listed["vendorPayments"]["nodes"]
    assert [(n["lineNumber"], n["amount"]) for n in nodes] == [(20000, "7"), (10000, "5")]
    assert all(n["vendorNumber"] == "20000" and n["journal"]["code"] == "DEFAULT" for n in nodes)
    one = await gw.data(
        "query($id: UUID!) { vendorPayment(id: $id) { lineNumber vendor { number } } }",
        {"id": nodes[0]["id"]},
    )
    assert one["vendorPayment"] == {"lineNumber": 20000, "vendor": {"number": "20000"}}
    refused = await gw.execute("{ vendorPayments { nodes { id } } }")
    assert refused.errors and refused.errors[0].extensions["code"] == "BAD_USER_INPUT"
