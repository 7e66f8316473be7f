"""The rest of a company's ledger, drawn: opening balances and each month's sales, cost
of sales, payroll and depreciation; then the FlowFields the ledger decides."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from bcmodel.edm import EMPTY_GUID
from sandbox.invoicing import ZERO, account_balances, dec, round_amount, wire_number
from sandbox.seed.companies import LEDGER_START, SEED_AS_OF
from sandbox.seed.draw import CompanyBuilder, Row, cents, month_end, new_id


def ledger(builder: CompanyBuilder) -> None:
    """Opening balances and each month's sales, cost of sales, payroll, depreciation.

    Purchases alone would drain the bank account and pile up inventory;
    these entries keep the balance sheet plausible. Every transaction
    balances on its own date, so the ledger balances on every date.
    """
    rng = builder.rng("ledger")
    acct = builder.account_id
    opening = {
        "10100": cents(rng, 180000, 260000),
        "10200": cents(rng, 200000, 300000),
        "10300": Decimal(500),
        "10400": cents(rng, 60000, 120000),
        "10600": cents(rng, 4000, 8000),
        "10700": cents(rng, 90000, 150000),
        "10800": cents(rng, 200000, 280000),
        "10900": -cents(rng, 40000, 60000),
        "22100": -cents(rng, 100000, 200000),
        "30100": -Decimal(300000),
    }
    opening["30200"] = -sum(opening.values(), ZERO)  # retained earnings balance it

    # What the invoices bought each month, to size sales and cost of sales.
    purchases: dict[str, Decimal] = defaultdict(lambda: ZERO)
    stocked: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in builder.entries:
        period = str(entry["postingDate"])[:7]
        amount = dec(entry["amount"])
        if entry["accountId"] == acct["20100"] and amount < 0:
            purchases[period] -= amount
        elif entry["accountId"] == acct["10700"]:
            stocked[period] += amount

    for number, amount in opening.items():
        builder.entries.append(
            gl_entry(
                rng, acct[number], LEDGER_START, amount, "Opening balance", document_number="START"
            )
        )
    month = LEDGER_START
    while month <= SEED_AS_OF:
        end = month_end(month)
        key = month.isoformat()[:7]
        sales = round_amount(
            purchases[key] * Decimal(rng.randrange(110, 131)) / 100 + cents(rng, 15000, 25000)
        )
        services = round_amount(sales * Decimal(rng.randrange(25, 41)) / 100)
        cost = round_amount(stocked[key] * Decimal(rng.randrange(75, 96)) / 100)
        payroll = cents(rng, 18000, 24000)
        transactions = (
            ("Sales", (("10100", sales), ("40100", -services), ("40200", services - sales))),
            ("Cost of sales", (("50100", cost), ("10700", -cost))),
            ("Payroll", (("60500", payroll), ("10100", -payroll))),
            ("Depreciation", (("61700", Decimal(2000)), ("10900", Decimal(-2000)))),
        )
        for index, (text, postings) in enumerate(transactions):
            # General journal document numbers, one per transaction (BC's GJNL-GEN series).
            document = f"G{end:%y%m}{index + 1:02d}"
            for number, amount in postings:
                if amount:
                    builder.entries.append(
                        gl_entry(rng, acct[number], end, amount, text, document_number=document)
                    )
        month = end + timedelta(days=1)
    builder.entries.sort(key=lambda e: str(e["postingDate"]))


def settle(
    builder: CompanyBuilder, accounts: list[Row], vendors: list[Row], invoices: list[Row]
) -> None:
    """Fill the FlowFields: account netChange and vendor balance, as of SEED_AS_OF."""
    balances = account_balances(builder.entries, SEED_AS_OF)
    by_number = {str(a["number"]): balances.get(str(a["id"]), ZERO) for a in accounts}
    for account in accounts:
        totaling = str(account["_totaling"])
        if account["accountType"] == "Posting":
            change = by_number[str(account["number"])]
        elif totaling:
            # Only posting accounts carry entries, so summing the range is enough.
            low, high = totaling.split("..")
            change = sum((b for n, b in by_number.items() if low <= n <= high), ZERO)
        else:
            change = ZERO
        account["netChange"] = wire_number(change)
    open_by_vendor: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for invoice in invoices:
        if invoice["status"] == "Open":
            open_by_vendor[str(invoice["vendorId"])] += dec(invoice["totalAmountIncludingTax"])
    for vendor in vendors:
        vendor["balance"] = wire_number(open_by_vendor[str(vendor["id"])])


def gl_entry(
    rng: random.Random,
    account_id: str,
    day: date,
    amount: Decimal,
    description: str,
    document_id: str = EMPTY_GUID,
    vendor_id: str = EMPTY_GUID,
    *,
    document_number: str = "",
    document_type: str = " ",
) -> Row:
    return {
        "id": new_id(rng),
        "accountId": account_id,
        "postingDate": day.isoformat(),
        "amount": wire_number(amount),
        "documentId": document_id,
        "vendorId": vendor_id,
        "description": description,
        # What the API's generalLedgerEntries show of the document.
        "documentNumber": document_number,
        "documentType": document_type,
    }
