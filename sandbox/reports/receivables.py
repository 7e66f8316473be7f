"""What customers owe and bought: BC's aged accounts receivable, customer sales and
customer financial details. BC reads customer ledger entries; the sandbox's posted sales
invoices and credit memos are those entries (an invoice's remainingAmount is its open
entry's)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from bcmodel.edm import EMPTY_GUID
from sandbox.invoicing import ZERO, dec, wire_number
from sandbox.reports.payables import OpenItem, Rows, aged_balances
from sandbox.store import Row


def billed(document: Row | dict[str, object]) -> str:
    """The customer whose ledger a sales document posts to: the bill-to one, else the
    sell-to one."""
    party = str(document.get("billToCustomerId") or EMPTY_GUID)
    return str(document["customerId"]) if party == EMPTY_GUID else party


def open_items(invoices: Rows) -> list[OpenItem]:
    return [
        OpenItem(
            billed(dict(i)), str(i["postingDate"]), str(i["dueDate"]), dec(i["remainingAmount"])
        )
        for i in invoices
        if i.get("status") == "Open"
    ]


def aged_receivables(customers: Rows, invoices: Rows, as_of: date, period_length: str) -> list[Row]:
    """A line per customer that owes something on `as_of`, by how long it has been due."""
    return aged_balances(customers, open_items(invoices), as_of, period_length, "customer")


def sales_by_customer(
    invoices: Rows, memos: Rows, start: date | None, end: date
) -> dict[str, Decimal]:
    """Each customer's Sales (LCY) posted start..end: invoices less credit memos, before
    tax."""
    low = start.isoformat() if start else ""
    high = end.isoformat()
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for documents, sign in ((invoices, 1), (memos, -1)):
        for document in documents:
            if document.get("status") != "Draft" and low <= str(document["postingDate"]) <= high:
                totals[billed(dict(document))] += sign * dec(document["totalAmountExcludingTax"])
    return totals


def customer_sales(
    customers: Rows, invoices: Rows, memos: Rows, start: date | None, end: date
) -> list[Row]:
    """Every customer with its sales in the period (BC's query joins every customer)."""
    totals = sales_by_customer(invoices, memos, start, end)
    return [
        {
            "customerId": customer["id"],
            "customerNumber": customer["number"],
            "name": customer["displayName"],
            "totalSalesAmount": wire_number(totals.get(str(customer["id"]), ZERO)),
            "dateFilter": end.isoformat(),
        }
        for customer in sorted(customers, key=lambda c: str(c["number"]))
    ]


def financial_details(customers: Rows, invoices: Rows, memos: Rows, today: date) -> list[Row]:
    """Each customer's Balance (LCY), and its Sales (LCY) and Balance Due (LCY) with BC's
    date filter ..yesterday: sales posted and open amounts due before today."""
    yesterday = date.fromordinal(today.toordinal() - 1)
    sales = sales_by_customer(invoices, memos, None, yesterday)
    overdue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in open_items(invoices):
        if item.due_date <= yesterday.isoformat():
            overdue[item.party_id] += item.amount
    return [
        {
            "id": customer["id"],
            "number": customer["number"],
            "balance": customer["balanceDue"],
            "totalSalesExcludingTax": wire_number(sales.get(str(customer["id"]), ZERO)),
            "overdueAmount": wire_number(overdue.get(str(customer["id"]), ZERO)),
            "lastModifiedDateTime": customer["lastModifiedDateTime"],
        }
        for customer in sorted(customers, key=lambda c: str(c["number"]))
    ]
