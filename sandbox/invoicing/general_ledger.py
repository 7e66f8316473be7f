"""The general ledger behind invoices: the G/L entries posting one creates, balances per
account, and the balance sheet they add up to."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from sandbox.invoicing.amounts import ZERO, Row, dec, wire_number
from sandbox.invoicing.posting import EMPTY_GUID, Posting, document_entries

__all__ = ["EMPTY_GUID", "account_balances", "balance_sheet", "posting_entries"]

# Ids of the balance sheet's lines are uuid5s under this namespace (the G/L entries' own,
# see posting.py), so recomputing them gives the same ids.
_ID_NAMESPACE = uuid.UUID("5f0c3e9a-4d0b-4c1e-9a57-6b2f1d8e0c11")


def posting_entries(
    invoice: Mapping[str, object],
    lines: Sequence[Mapping[str, object]],
    vendor_row: Mapping[str, object],
    payables_account_id: str,
    *,
    inventory_account_id: str = "",
    tax_account_id: str = "",
) -> list[Row]:
    """The G/L entries that posting a purchase `invoice` creates (`document_entries`):
    Account lines debit their account and Item lines the inventory account, payables are
    credited with the sum, and the payables entry carries the vendor's id."""
    if vendor_row.get("blocked") == "All":
        raise ValueError(
            f"You cannot post this type of document when Vendor {vendor_row.get('number', '')} "
            "is blocked with type All."
        )
    how = Posting(
        sign=1,
        party_field="vendorId",
        party_id=str(vendor_row.get("id", EMPTY_GUID)),
        party_account_id=payables_account_id,
        item_account_id=inventory_account_id,
        tax_account_id=tax_account_id,
    )
    return document_entries(invoice, lines, how)


def account_balances(
    gl_entries: Iterable[Mapping[str, object]], through: date | None = None
) -> dict[str, Decimal]:
    """Debit-positive balance per account id, of entries dated on or before `through`."""
    last = through.isoformat() if through else "9999-12-31"
    balances: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in gl_entries:
        # ISO dates compare correctly as strings, and this runs per request.
        if str(entry["postingDate"]) <= last:
            balances[str(entry["accountId"])] += dec(entry["amount"])
    return dict(balances)


_SHEET_SECTIONS = (
    # (category, header, total caption, sign that makes the normal balance positive)
    ("Assets", "Assets", "Total Assets", 1),
    ("Liabilities", "Liabilities", "Total Liabilities", -1),
    ("Equity", "Equity", "Total Equity", -1),
)
_PROFIT_AND_LOSS = frozenset({"Income", "Cost_x0020_of_x0020_Goods_x0020_Sold", "Expense"})
_RETAINED_EARNINGS = "Retained Earnings"


def balance_sheet(
    accounts: Sequence[Mapping[str, object]],
    gl_entries: Sequence[Mapping[str, object]],
    as_of: date,
    *,
    company_id: str = "",
) -> list[Row]:
    """BC's `balanceSheets` rows as of a date, ordered by lineNumber.

    One detail line per account subCategory under Assets, Liabilities and
    Equity (in chart order). Liabilities and equity are shown credit-positive.
    Profit and loss of earlier years (the calendar year is the fiscal year) is
    added to the Retained Earnings line, this year's shows as Current Year
    Earnings, so Total Assets equals Total Liabilities and Equity whenever the
    ledger balances. Ids are uuid5s of (company_id, lineNumber).
    """
    balances = account_balances(gl_entries, as_of)
    year_start = date(as_of.year, 1, 1).isoformat()
    ordered = sorted(accounts, key=lambda a: str(a["number"]))
    postings = [a for a in ordered if a.get("accountType") == "Posting"]

    groups: dict[str, dict[str, Decimal]] = {c: {} for c, *_ in _SHEET_SECTIONS}
    for account in postings:
        category = str(account.get("category"))
        if category in groups:
            sub = str(account.get("subCategory") or category)
            groups[category][sub] = groups[category].get(sub, ZERO) + balances.get(
                str(account["id"]), ZERO
            )

    pl_ids = {str(a["id"]) for a in postings if a.get("category") in _PROFIT_AND_LOSS}
    prior_pl = this_year_pl = ZERO
    if pl_ids:
        for entry in gl_entries:
            if str(entry["accountId"]) not in pl_ids:
                continue
            day = str(entry["postingDate"])
            if day < year_start:
                prior_pl += dec(entry["amount"])
            elif day <= as_of.isoformat():
                this_year_pl += dec(entry["amount"])
    equity = groups["Equity"]
    # Debit-positive like the other balances; the section sign flips it.
    equity[_RETAINED_EARNINGS] = equity.get(_RETAINED_EARNINGS, ZERO) + prior_pl
    equity["Current Year Earnings"] = this_year_pl

    rows: list[Row] = []

    def add(display: str, balance: Decimal, line_type: str, indentation: int) -> None:
        number = (len(rows) + 1) * 10000
        rows.append(
            {
                "id": str(uuid.uuid5(_ID_NAMESPACE, f"balancesheet/{company_id}/{number}")),
                "lineNumber": number,
                "display": display,
                "balance": wire_number(balance),
                "lineType": line_type,
                "indentation": indentation,
                "dateFilter": as_of.isoformat(),
            }
        )

    liabilities_and_equity = ZERO
    for category, header, total_caption, sign in _SHEET_SECTIONS:
        if rows:
            add("", ZERO, "spacer", 0)
        add(header, ZERO, "header", 0)
        total = ZERO
        for sub, balance in groups[category].items():
            add(sub, sign * balance, "detail", 1)
            total += sign * balance
        add(total_caption, total, "total", 0)
        if category != "Assets":
            liabilities_and_equity += total
    add("", ZERO, "spacer", 0)
    add("Total Liabilities and Equity", liabilities_and_equity, "total", 0)
    return rows
