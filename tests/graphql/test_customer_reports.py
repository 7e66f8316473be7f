"""The customer reports over GraphQL, computed by the sandbox from what was posted: aged
accounts receivable, customer sales and customer financial details each move when a sales
invoice is posted, and the aged receivables again when it is paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_payments import (
    CUSTOMER_PAYMENT,
    POST,
    account,
    new_customer,
    posted_sales_invoice,
)

AGED = """query($d: Date, $p: String) { agedAccountsReceivable(agedAsOfDate: $d, periodLength: $p) {
  customerId customerNumber name currencyCode balanceDue currentAmount period1Amount
  period2Amount period3Amount agedAsOfDate periodLengthFilter } }"""
SALES = """query($s: Date, $e: Date) { customerSales(startDate: $s, endDate: $e) {
  customerId customerNumber name totalSalesAmount dateFilter } }"""
DETAIL = """query($id: UUID!) { customerFinancialDetail(id: $id) {
  id number balance totalSalesExcludingTax overdueAmount } }"""


async def aged(gw: Gateway, as_of: str, customer_id: str) -> dict[str, Any] | None:
    lines = (await gw.data(AGED, {"d": as_of, "p": "1M"}))["agedAccountsReceivable"]
    return next((line for line in lines if line["customerId"] == customer_id), None)


async def test_aged_receivables_age_an_invoice_and_drop_it_once_paid(gw: Gateway) -> None:
    as_of = "2022-04-15"
    lines = (await gw.data(AGED, {"d": as_of, "p": "1M"}))["agedAccountsReceivable"]
    numbers = [line["customerNumber"] for line in lines]
    assert numbers == sorted(numbers)
    parts = ("currentAmount", "period1Amount", "period2Amount", "period3Amount")
    for line in lines:
        assert Decimal(line["balanceDue"]) == sum(Decimal(line[p]) for p in parts)
        assert line["agedAsOfDate"] == as_of and line["periodLengthFilter"] == "1M"
    customer = await new_customer(gw, "Aged Customer")
    assert await aged(gw, as_of, customer["id"]) is None
    invoice = await posted_sales_invoice(gw, customer["id"], "2022-01-05")
    total = Decimal(invoice["totalAmountIncludingTax"])
    line = await aged(gw, as_of, customer["id"])
    assert line is not None and line["name"] == "Aged Customer"
    assert Decimal(line["balanceDue"]) == total
    assert Decimal(line["currentAmount"]) == 0
    # Not yet posted as of the day before the invoice.
    assert await aged(gw, "2022-01-04", customer["id"]) is None

    cash = await account(gw, "10100")
    journal = await gw.data(
        """mutation($input: CreateCustomerPaymentJournalInput!) {
             createCustomerPaymentJournal(input: $input) { id } }""",
        {"input": {"code": "AGED", "balancingAccountId": cash["id"]}},
    )
    journal_id = journal["createCustomerPaymentJournal"]["id"]
    part = Decimal("10")
    await gw.data(
        CUSTOMER_PAYMENT,
        {
            "journalId": journal_id,
            "input": {"appliesToInvoiceId": invoice["id"], "amount": str(-part)},
        },
    )
    await gw.data(POST, {"id": journal_id})
    line = await aged(gw, as_of, customer["id"])
    assert line is not None and Decimal(line["balanceDue"]) == total - part
    await gw.data(
        CUSTOMER_PAYMENT,
        {
            "journalId": journal_id,
            "input": {"appliesToInvoiceId": invoice["id"], "amount": str(part - total)},
        },
    )
    await gw.data(POST, {"id": journal_id})
    assert await aged(gw, as_of, customer["id"]) is None


async def test_customer_sales_total_a_period_and_reflect_a_posted_invoice(gw: Gateway) -> None:
    customer = await new_customer(gw, "Sales Customer")
    period = {"s": "2022-03-01", "e": "2022-03-31"}
    before = (await gw.data(SALES, period))["customerSales"]
    assert [c["customerNumber"] for c in before] == sorted(c["customerNumber"] for c in before)
    mine = next(c for c in before if c["customerId"] == customer["id"])
    assert mine["totalSalesAmount"] == "0" and mine["dateFilter"] == "2022-03-31"
    await posted_sales_invoice(gw, customer["id"], "2022-03-10")
    invoices = await gw.data(
        """query($c: UUID) { salesInvoices(filter: {customerId: {eq: $c}}) {
             nodes { totalAmountExcludingTax } } }""",
        {"c": customer["id"]},
    )
    [invoice] = invoices["salesInvoices"]["nodes"]
    after = (await gw.data(SALES, period))["customerSales"]
    mine = next(c for c in after if c["customerId"] == customer["id"])
    assert Decimal(mine["totalSalesAmount"]) == Decimal(invoice["totalAmountExcludingTax"]) > 0
    # Outside the period it does not count.
    later = (await gw.data(SALES, {"s": "2022-04-01", "e": "2022-04-30"}))["customerSales"]
    assert next(c for c in later if c["customerId"] == customer["id"])["totalSalesAmount"] == "0"


async def test_customer_financial_details_reflect_a_posted_invoice(gw: Gateway) -> None:
    customer = await new_customer(gw, "Detail Customer")
    start = (await gw.data(DETAIL, {"id": customer["id"]}))["customerFinancialDetail"]
    assert start == {
        "id": customer["id"],
        "number": customer["number"],
        "balance": "0",
        "totalSalesExcludingTax": "0",
        "overdueAmount": "0",
    }
    invoice = await posted_sales_invoice(gw, customer["id"], "2022-01-05")
    detail = (await gw.data(DETAIL, {"id": customer["id"]}))["customerFinancialDetail"]
    total = Decimal(invoice["totalAmountIncludingTax"])
    assert Decimal(detail["balance"]) == total
    # Posted and due long before today: counted in the sales and overdue.
    assert Decimal(detail["overdueAmount"]) == total
    assert 0 < Decimal(detail["totalSalesExcludingTax"]) <= total
    listed = await gw.data(
        """query($n: String) { customerFinancialDetails(filter: {number: {eq: $n}}) {
             totalCount nodes { id balance } } }""",
        {"n": customer["number"]},
    )
    assert listed["customerFinancialDetails"]["totalCount"] == 1
    assert listed["customerFinancialDetails"]["nodes"][0]["id"] == customer["id"]


async def test_a_customer_reads_its_financial_details(gw: Gateway) -> None:
    customer = await new_customer(gw, "Navigating Customer")
    invoice = await posted_sales_invoice(gw, customer["id"], "2022-01-05")
    data = await gw.data(
        """query($id: UUID!) { customer(id: $id) { financialDetail { id number balance } } }""",
        {"id": customer["id"]},
    )
    assert data["customer"]["financialDetail"] == {
        "id": customer["id"],
        "number": customer["number"],
        "balance": invoice["totalAmountIncludingTax"],
    }


async def test_a_customer_reads_its_aged_receivable(gw: Gateway) -> None:
    customer = await new_customer(gw, "Aged Navigating Customer")
    query = """query($id: UUID!) { customer(id: $id) { agedAccountsReceivable {
      customerId balanceDue period3Amount periodLengthFilter } } }"""
    assert (await gw.data(query, {"id": customer["id"]}))["customer"][
        "agedAccountsReceivable"
    ] is None
    invoice = await posted_sales_invoice(gw, customer["id"], "2022-01-05")
    line = (await gw.data(query, {"id": customer["id"]}))["customer"]["agedAccountsReceivable"]
    total = invoice["totalAmountIncludingTax"]
    # As of today, in BC's default 30-day periods: long overdue.
    assert line == {
        "customerId": customer["id"],
        "balanceDue": total,
        "period3Amount": total,
        "periodLengthFilter": "30D",
    }
