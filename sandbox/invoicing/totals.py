"""A purchase invoice's lines and totals: line discounts, tax, and the invoice discount
spread over the lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from sandbox.invoicing.amounts import ZERO, Row, dec, round_amount, wire_number

__all__ = ["allocate", "invoice_totals", "is_comment", "line_amounts", "tax_percents"]

# BC keeps Line Discount % with up to 5 decimals (DecimalPlaces = 0:5).
_PERCENT_PLACES = Decimal("0.00001")
_HUNDRED = Decimal(100)


def tax_percents(rates: Iterable[Mapping[str, object]]) -> dict[str, Decimal]:
    """The hidden `_taxRates` rows (`code`, `percent`) as the mapping `invoice_totals` takes."""
    return {str(r["code"]).upper(): dec(r["percent"]) for r in rates}


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


def is_comment(line: Mapping[str, object]) -> bool:
    return line.get("lineType", "Comment") == "Comment"


def _line_base(
    line: Mapping[str, object], *, prefer_amount: bool, price_field: str = "unitCost"
) -> tuple[Decimal, Decimal, Decimal]:
    """(line amount after line discount, discount amount, discount percent)."""
    quantity = dec(line.get("quantity", 0))
    gross = round_amount(quantity * dec(line.get(price_field, 0)))
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
    price_field: str = "unitCost",
) -> Row:
    """The computed fields of a purchase invoice line.

    `amountExcludingTax`/`totalTaxAmount`/`amountIncludingTax` are before the
    invoice discount (BC's Line Amount); the `net*` fields are after this line's
    share of it (`allocation`, which `invoice_totals` works out). With
    `prices_include_tax` unit costs include tax and the tax is backed out.
    `prefer_amount`: the client wrote `discountAmount`, so derive the percent
    from it even if the stored row still carries an old percent. `price_field` is the
    line's unit amount: `unitCost` on purchase lines, `unitPrice` on sales lines.
    """
    if is_comment(line):
        return dict(_LINE_ZEROS)
    base, discount, discount_percent = _line_base(
        line, prefer_amount=prefer_amount, price_field=price_field
    )
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
    *,
    price_field: str = "unitCost",
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
    priced = [i for i in order if not is_comment(lines[i])]
    bases = {
        i: _line_base(lines[i], prefer_amount=False, price_field=price_field)[0] for i in priced
    }
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
            price_field=price_field,
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
