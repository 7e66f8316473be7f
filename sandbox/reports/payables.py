"""What the company owes and bought, per vendor, from its purchase invoices: BC's aged
accounts payable and vendor purchases. BC reads vendor ledger entries; the sandbox's
posted invoices are those entries (an invoice is open until it is paid in full)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sandbox.invoicing import ZERO, dec, due_date, wire_number
from sandbox.store import Row

Rows = Sequence[Mapping[str, object]]

DEFAULT_PERIOD_LENGTH = "30D"
_PERIOD_LENGTH = re.compile(r"^\d{1,4}[DWMQY]$")


def valid_period_length(text: str) -> bool:
    """A date formula of one step (30D, 1M), which the report takes as a period length."""
    return bool(_PERIOD_LENGTH.match(text))


def aged_payables(
    vendors: Rows,
    invoices: Rows,
    as_of: date,
    period_length: str,
    paid: Mapping[str, Decimal] | None = None,
) -> list[Row]:
    """A line per vendor that is owed something on `as_of`: what is open of its invoices
    posted by then (`paid`: what payments closed of each), by how long they have been due
    (not yet: currentAmount; then one, two, and more than two period lengths)."""
    closed = paid or {}
    items = [
        OpenItem(
            str(i["vendorId"]),
            str(i["postingDate"]),
            str(i["dueDate"]),
            dec(i["totalAmountIncludingTax"]) - closed.get(str(i["id"]), ZERO),
        )
        for i in invoices
        if i.get("status") == "Open"
    ]
    return aged_balances(vendors, items, as_of, period_length, "vendor")


@dataclass(frozen=True)
class OpenItem:
    """What a party owes or is owed on one document, and when it falls due."""

    party_id: str
    posting_date: str
    due_date: str
    amount: Decimal


def aged_balances(
    parties: Rows, items: Sequence[OpenItem], as_of: date, period_length: str, party: str
) -> list[Row]:
    """BC's aged report lines: a line per party (`party`: vendor or customer, naming its
    columns) with open items posted by `as_of`, by how long they have been due."""
    first = due_date(as_of, f"-{period_length}")
    second = due_date(first, f"-{period_length}")
    buckets: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    for item in items:
        if item.posting_date > as_of.isoformat():
            continue
        due = date.fromisoformat(item.due_date)
        index = 0 if due >= as_of else 1 if due >= first else 2 if due >= second else 3
        buckets[item.party_id][index] += item.amount
    rows: list[Row] = []
    for row in sorted(parties, key=lambda v: str(v["number"])):
        amounts = buckets.get(str(row["id"]))
        if amounts is None or not any(amounts):
            continue
        rows.append(
            {
                f"{party}Id": row["id"],
                f"{party}Number": row["number"],
                "name": row["displayName"],
                "currencyCode": row.get("currencyCode", ""),
                "balanceDue": wire_number(sum(amounts, ZERO)),
                "currentAmount": wire_number(amounts[0]),
                "period1Amount": wire_number(amounts[1]),
                "period2Amount": wire_number(amounts[2]),
                "period3Amount": wire_number(amounts[3]),
                "agedAsOfDate": as_of.isoformat(),
                "periodLengthFilter": period_length,
            }
        )
    return rows


def vendor_purchases(vendors: Rows, invoices: Rows, start: date | None, end: date) -> list[Row]:
    """Every vendor with the total before tax of its invoices posted start..end."""
    low = start.isoformat() if start else ""
    high = end.isoformat()
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for invoice in invoices:
        if invoice.get("status") != "Draft" and low <= str(invoice["postingDate"]) <= high:
            totals[str(invoice["vendorId"])] += dec(invoice["totalAmountExcludingTax"])
    return [
        {
            "vendorId": vendor["id"],
            "vendorNumber": vendor["number"],
            "name": vendor["displayName"],
            "totalPurchaseAmount": wire_number(totals.get(str(vendor["id"]), ZERO)),
            "dateFilter": high,
        }
        for vendor in sorted(vendors, key=lambda v: str(v["number"]))
    ]
