"""Purchase-invoice arithmetic and the ledger behind it: pure functions, no I/O.

Money is computed in `Decimal` and rounded half away from zero to cents (BC's
default amount rounding precision); results go back into rows as int/float
because rows are BC wire JSON. Every function returns new dicts and leaves its
arguments alone, so the sandbox can call them on stored rows freely.

Errors are `ValueError`s whose text is what BC would say (the sandbox turns
them into a 400).
"""

from __future__ import annotations

import calendar
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
_CENT = Decimal("0.01")
# BC keeps Line Discount % with up to 5 decimals (DecimalPlaces = 0:5).
_PERCENT_PLACES = Decimal("0.00001")
_HUNDRED = Decimal(100)
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"

# Ids of rows this module derives (G/L entries, balance sheet lines) are uuid5s
# under this namespace, so recomputing them gives the same ids.
_ID_NAMESPACE = uuid.UUID("5f0c3e9a-4d0b-4c1e-9a57-6b2f1d8e0c11")

Row = dict[str, object]


def dec(value: object) -> Decimal:
    """A row value as Decimal; floats go through their repr so 780.7 stays 780.7."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):  # bool is an int; a bool here is a caller's bug
        raise TypeError("a boolean is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(value) if value else ZERO
    raise TypeError(f"not a number: {value!r}")


def wire_number(value: Decimal) -> int | float:
    """Decimal -> JSON number as BC prints it: `4` not `4.0`, `3122.8`."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def round_amount(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def tax_percents(rates: Iterable[Mapping[str, object]]) -> dict[str, Decimal]:
    """The hidden `_taxRates` rows (`code`, `percent`) as the mapping `invoice_totals` takes."""
    return {str(r["code"]).upper(): dec(r["percent"]) for r in rates}


# --- lines and totals ---------------------------------------------------------

_LINE_ZEROS: Mapping[str, object] = {
    "discountAmount": 0,
    "discountPercent": 0,
    "amountExcludingTax": 0,
    "taxPercent": 0,
    "totalTaxAmount": 0,
    "amountIncludingTax": 0,
    # BC's line aggregate never fills this field (only the header's), so it is
    # always false on lines, as in the reference sample.
    "discountAppliedBeforeTax": False,
    "invoiceDiscountAllocation": 0,
    "netAmount": 0,
    "netTaxAmount": 0,
    "netAmountIncludingTax": 0,
}


def _is_comment(line: Mapping[str, object]) -> bool:
    return line.get("lineType", "Comment") == "Comment"


def _line_base(
    line: Mapping[str, object], *, prefer_amount: bool
) -> tuple[Decimal, Decimal, Decimal]:
    """(line amount after line discount, discount amount, discount percent)."""
    quantity = dec(line.get("quantity", 0))
    gross = round_amount(quantity * dec(line.get("unitCost", 0)))
    percent = dec(line.get("discountPercent", 0))
    amount = dec(line.get("discountAmount", 0))
    if percent < 0 or percent > _HUNDRED:
        raise ValueError("The value of Line Discount % must be between 0 and 100.")
    # A percent wins unless the caller says the client just wrote the amount
    # (0 included, which clears the discount): a PATCH of quantity must
    # re-derive the amount from the kept percent.
    if percent and not prefer_amount:
        amount = round_amount(gross * percent / _HUNDRED)
    else:
        if abs(amount) > abs(gross):
            raise ValueError(
                f"The line discount amount {amount} cannot be greater than the line amount {gross}."
            )
        percent = (amount / gross * _HUNDRED).quantize(_PERCENT_PLACES) if gross else ZERO
    return gross - amount, amount, percent


def _split_tax(
    amount: Decimal, tax_percent: Decimal, prices_include_tax: bool
) -> tuple[Decimal, Decimal, Decimal]:
    """(excluding tax, tax, including tax) of an amount given in the document's price basis."""
    if prices_include_tax:
        excluding = round_amount(amount / (1 + tax_percent / _HUNDRED))
        return excluding, amount - excluding, amount
    tax = round_amount(amount * tax_percent / _HUNDRED)
    return amount, tax, amount + tax


def line_amounts(
    line: Mapping[str, object],
    tax_percent: Decimal,
    *,
    allocation: Decimal = ZERO,
    prices_include_tax: bool = False,
    prefer_amount: bool = False,
) -> Row:
    """The computed fields of a purchase invoice line.

    `amountExcludingTax`/`totalTaxAmount`/`amountIncludingTax` are before the
    invoice discount (BC's Line Amount); the `net*` fields are after this line's
    share of it (`allocation`, which `invoice_totals` works out). With
    `prices_include_tax` unit costs include tax and the tax is backed out.
    `prefer_amount`: the client wrote `discountAmount`, so derive the percent
    from it even if the stored row still carries an old percent.
    """
    if _is_comment(line):
        return dict(_LINE_ZEROS)
    base, discount, discount_percent = _line_base(line, prefer_amount=prefer_amount)
    excluding, tax, including = _split_tax(base, tax_percent, prices_include_tax)
    net_excluding, net_tax, net_including = _split_tax(
        base - allocation, tax_percent, prices_include_tax
    )
    return {
        "discountAmount": wire_number(discount),
        "discountPercent": wire_number(discount_percent),
        "amountExcludingTax": wire_number(excluding),
        "taxPercent": wire_number(tax_percent),
        "totalTaxAmount": wire_number(tax),
        "amountIncludingTax": wire_number(including),
        "discountAppliedBeforeTax": False,
        "invoiceDiscountAllocation": wire_number(allocation),
        "netAmount": wire_number(net_excluding),
        "netTaxAmount": wire_number(net_tax),
        "netAmountIncludingTax": wire_number(net_including),
    }


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `total` over `weights` in proportion, in cents, summing exactly to `total`.

    Each share is the rounded cumulative target minus what was handed out
    before it, so rounding never piles up on the last line (BC carries a
    remainder the same way when it spreads an invoice discount).
    """
    whole = sum(weights, ZERO)
    if not total or not whole:
        return [ZERO] * len(weights)
    shares: list[Decimal] = []
    running = ZERO
    given = ZERO
    for weight in weights:
        running += weight
        target = round_amount(total * running / whole)
        shares.append(target - given)
        given = target
    return shares


def invoice_totals(
    invoice: Mapping[str, object],
    lines: Sequence[Mapping[str, object]],
    tax_percent_by_code: Mapping[str, Decimal],
) -> tuple[Row, list[Row]]:
    """The invoice's computed fields and its lines with their amounts.

    The invoice-level `discountAmount` is spread over the non-comment lines in
    proportion to their amounts, in sequence order. A tax code missing from
    the mapping counts as 0 %: checking that a code exists belongs to whoever
    wrote it, and a later deleted tax group must not make an invoice unreadable.
    Lines come back in the order given.
    """
    prices_include_tax = bool(invoice.get("pricesIncludeTax", False))
    discount = round_amount(dec(invoice.get("discountAmount", 0)))

    def percent(line: Mapping[str, object]) -> Decimal:
        code = str(line.get("taxCode", "")).upper()
        return tax_percent_by_code.get(code, ZERO) if code else ZERO

    order = sorted(range(len(lines)), key=lambda i: dec(lines[i].get("sequence", 0)))
    priced = [i for i in order if not _is_comment(lines[i])]
    bases = {i: _line_base(lines[i], prefer_amount=False)[0] for i in priced}
    subtotal = sum(bases.values(), ZERO)
    if discount < 0:
        raise ValueError("The invoice discount amount cannot be negative.")
    if discount and discount > subtotal:
        raise ValueError(
            f"The invoice discount amount {discount} cannot be greater than "
            f"the invoice amount {subtotal}."
        )
    shares = dict(zip(priced, allocate(discount, [bases[i] for i in priced]), strict=True))

    out: list[Row] = []
    net = tax = including = ZERO
    for i, line in enumerate(lines):
        computed = line_amounts(
            line,
            percent(line),
            allocation=shares.get(i, ZERO),
            prices_include_tax=prices_include_tax,
        )
        net += dec(computed["netAmount"])
        tax += dec(computed["netTaxAmount"])
        including += dec(computed["netAmountIncludingTax"])
        out.append({**line, **computed})
    totals: Row = {
        "discountAmount": wire_number(discount),
        # BC: always true under US sales tax; under VAT, true unless prices include VAT.
        "discountAppliedBeforeTax": not prices_include_tax,
        "totalAmountExcludingTax": wire_number(net),
        "totalTaxAmount": wire_number(tax),
        "totalAmountIncludingTax": wire_number(including),
    }
    return totals, out


# --- date formulas ------------------------------------------------------------

_TERM = r"[+-]?(?:\d{1,4}[DWMQY]|C[DWMQY])"
_FORMULA = re.compile(rf"{_TERM}(?:[+-](?:\d{{1,4}}[DWMQY]|C[DWMQY]))*")
_TERMS = re.compile(r"([+-]?)(?:(\d{1,4})([DWMQY])|C([DWMQY]))")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    # AL clamps to the month's end: Jan 31 + 1M = Feb 28 (29 in a leap year).
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_edge(day: date, unit: str, *, end: bool) -> date:
    if unit == "D":
        return day
    if unit == "W":  # AL weeks run Monday..Sunday
        monday = day - timedelta(days=day.weekday())
        return monday + timedelta(days=6) if end else monday
    if unit == "M":
        first_month = last_month = day.month
    elif unit == "Q":
        first_month = (day.month - 1) // 3 * 3 + 1
        last_month = first_month + 2
    else:  # Y
        first_month, last_month = 1, 12
    if end:
        return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return date(day.year, first_month, 1)


def due_date(document_date: date, formula: str) -> date:
    """Apply an AL DateFormula (`30D`, `1M`, `CM`, `CM+1M`, `-1D`, `<1M+CM>`) to a date.

    Terms apply left to right. `C<unit>` moves to the end of the current day,
    week, month, quarter or year; `-C<unit>` to its start, as in AL.
    """
    text = formula.strip().upper().replace(" ", "")
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if not text:
        return document_date
    if not _FORMULA.fullmatch(text):
        raise ValueError(
            f"The date formula {formula} is not valid. Use terms like 10D, 2W, 1M, 1Q, 1Y "
            "or CD, CW, CM, CQ, CY, joined with + or - (for example CM+10D)."
        )
    result = document_date
    try:
        for sign, count, unit, current in _TERMS.findall(text):
            if current:
                result = _period_edge(result, current, end=sign != "-")
                continue
            n = -int(count) if sign == "-" else int(count)
            if unit == "D":
                result += timedelta(days=n)
            elif unit == "W":
                result += timedelta(weeks=n)
            else:
                result = _add_months(result, n * {"M": 1, "Q": 3, "Y": 12}[unit])
    except (OverflowError, ValueError) as exc:
        raise ValueError(
            f"The date formula {formula} is not valid: the date falls outside the calendar."
        ) from exc
    return result


# --- posting and the ledger ---------------------------------------------------


def _entry(
    invoice_id: str,
    index: int,
    account_id: str,
    posting_date: str,
    amount: Decimal,
    description: str,
    vendor_id: str = EMPTY_GUID,
) -> Row:
    return {
        "id": str(uuid.uuid5(_ID_NAMESPACE, f"glentry/{invoice_id}/{index}")),
        "accountId": account_id,
        "postingDate": posting_date,
        "amount": wire_number(amount),
        "documentId": invoice_id,
        "vendorId": vendor_id,
        "description": description,
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
    description = f"Invoice {invoice.get('number', '')}".strip()
    entries: list[Row] = []
    debits = ZERO
    tax_total = ZERO
    for line in sorted(lines, key=lambda ln: dec(ln.get("sequence", 0))):
        if _is_comment(line):
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
                _entry(invoice_id, len(entries), account_id, posting_date, amount, description)
            )
        debits += amount
    if tax_total:
        entries.append(
            _entry(invoice_id, len(entries), tax_account_id, posting_date, tax_total, description)
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
