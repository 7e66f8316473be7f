"""The general ledger behind invoices: the G/L entries posting one creates, balances per
account, and the balance sheet they add up to."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from sandbox.invoicing.amounts import ZERO, Row, dec, wire_number
from sandbox.invoicing.totals import is_comment

__all__ = ["EMPTY_GUID", "account_balances", "balance_sheet", "posting_entries"]

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"

# Ids of rows this module derives (G/L entries, balance sheet lines) are uuid5s
# under this namespace, so recomputing them gives the same ids.
_ID_NAMESPACE = uuid.UUID("5f0c3e9a-4d0b-4c1e-9a57-6b2f1d8e0c11")


def _entry(
    invoice_id: str,
    index: int,
    account_id: str,
    posting_date: str,
    amount: Decimal,
    description: str,
    vendor_id: str = EMPTY_GUID,
    document_number: str = "",
) -> Row:
    return {
        "id": str(uuid.uuid5(_ID_NAMESPACE, f"glentry/{invoice_id}/{index}")),
        "accountId": account_id,
        "postingDate": posting_date,
        "amount": wire_number(amount),
        "documentId": invoice_id,
        "vendorId": vendor_id,
        "description": description,
        # What the API's generalLedgerEntries show of the document.
        "documentNumber": document_number,
        "documentType": "Invoice",
    }


def posting_entries(
    invoice: Mapping[str, object],
    lines: Sequence[Mapping[str, object]],
    vendor_row: Mapping[str, object],
    payables_account_id: str,
    *,
    inventory_account_id: str = "",
    tax_account_id: str = "",
) -> list[Row]:
    """The G/L entries that posting `invoice` creates, dated its postingDate.

    `lines` must carry their amounts (the output of `invoice_totals`). Amounts
    are debit-positive. Account lines debit their account and Item lines the
    inventory account, each by its net amount (after the invoice discount);
    tax debits `tax_account_id`, or with none it is added to the line's own
    debit, as BC does for US sales tax set to Expense/Capitalize. Payables are
    credited with the sum, so the entries always sum to zero; the payables
    entry carries the vendor's id. Entry ids derive from the invoice id.
    """
    if vendor_row.get("blocked") == "All":
        raise ValueError(
            f"You cannot post this type of document when Vendor {vendor_row.get('number', '')} "
            "is blocked with type All."
        )
    invoice_id = str(invoice["id"])
    posting_date = str(invoice["postingDate"])
    number = str(invoice.get("number", ""))
    description = f"Invoice {number}".strip()
    entries: list[Row] = []
    debits = ZERO
    tax_total = ZERO
    for line in sorted(lines, key=lambda ln: dec(ln.get("sequence", 0))):
        if is_comment(line):
            continue
        if not dec(line.get("quantity", 0)):
            raise ValueError(f"Quantity must have a value in line {line.get('sequence', '')}.")
        if line.get("lineType") == "Item":
            if not inventory_account_id:
                raise ValueError("The item line cannot be posted: no inventory account is set up.")
            account_id = inventory_account_id
        else:
            account_id = str(line.get("accountId", EMPTY_GUID))
            if account_id == EMPTY_GUID:
                raise ValueError(f"Line {line.get('sequence', '')} has no account to post to.")
        amount = dec(line.get("netAmount", 0))
        tax = dec(line.get("netTaxAmount", 0))
        if tax_account_id:
            tax_total += tax
        else:
            amount += tax
        if amount:
            entries.append(
                _entry(
                    invoice_id,
                    len(entries),
                    account_id,
                    posting_date,
                    amount,
                    description,
                    document_number=number,
                )
            )
        debits += amount
    if tax_total:
        entries.append(
            _entry(
                invoice_id,
                len(entries),
                tax_account_id,
                posting_date,
                tax_total,
                description,
                document_number=number,
            )
        )
        debits += tax_total
    if not entries:
        raise ValueError("There is nothing to post.")
    entries.append(
        _entry(
            invoice_id,
            len(entries),
            payables_account_id,
            posting_date,
            -debits,
            description,
            vendor_id=str(vendor_row.get("id", EMPTY_GUID)),
            document_number=number,
        )
    )
    return entries


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
