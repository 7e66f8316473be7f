"""A company's purchase invoices, drawn: their lines, their totals, and for posted ones
the G/L entries of posting and, when due, of payment."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from bcmodel.edm import EMPTY_GUID
from sandbox.invoicing import (
    dec,
    due_date,
    invoice_totals,
    posting_entries,
    round_amount,
    wire_number,
)
from sandbox.seed.accounts import PURCHASE_ACCOUNTS
from sandbox.seed.companies import DRAFT_SHARE, LEDGER_START, SEED_AS_OF
from sandbox.seed.draw import CompanyBuilder, Row, cents, new_id, on
from sandbox.seed.items import COMMENTS
from sandbox.seed.ledger_rows import gl_entry


def invoices(
    builder: CompanyBuilder,
    vendors: list[Row],
    terms: list[Row],
    items: list[Row],
    tax_rates: Mapping[str, Decimal],
) -> tuple[list[Row], list[Row]]:
    rng = builder.rng("invoices")
    spec, locale = builder.spec, builder.locale
    term_by_id = {str(t["id"]): t for t in terms}
    # BC refuses to post for a vendor blocked with All, so they have no invoices.
    postable = [v for v in vendors if v["blocked"] != "All"]
    purchase_accounts = [builder.account_id[n] for n, _, _ in PURCHASE_ACCOUNTS]
    account_weights = [w for *_, w in PURCHASE_ACCOUNTS]
    account_by_id = {builder.account_id[n]: (n, c) for n, c, _ in PURCHASE_ACCOUNTS}
    names = {str(a["id"]): str(a["displayName"]) for a in builder.chart}
    span = (SEED_AS_OF - LEDGER_START).days + 1
    days = sorted(LEDGER_START + timedelta(days=rng.randrange(span)) for _ in range(spec.invoices))
    drafts = set(rng.sample(range(spec.invoices), round(spec.invoices * DRAFT_SHARE)))
    if spec.reference_invoice:
        days[0] = LEDGER_START
        drafts.discard(0)

    invoices: list[Row] = []
    all_lines: list[Row] = []
    line1, line2, city, state, postcode = locale.ship_to
    ship_to = {
        "shipToAddressLine1": line1,
        "shipToAddressLine2": line2,
        "shipToCity": city,
        "shipToCountry": locale.country,
        "shipToState": state,
        "shipToPostCode": postcode,
    }
    posted_number, draft_number = 108000, 107000
    for index, day in enumerate(days):
        draft = index in drafts
        reference = spec.reference_invoice and index == 0
        vendor = vendors[1] if reference else rng.choice(postable)
        term = term_by_id[str(vendor["paymentTermsId"])]
        invoice_id = new_id(rng)
        if reference:
            lines = [item_line(builder, rng, invoice_id, 10000, day, items[0], Decimal(4), None)]
        else:
            lines = random_lines(
                builder, rng, invoice_id, day, items, purchase_accounts, account_weights,
                account_by_id, names,
            )  # fmt: skip
        if draft:
            draft_number += 1
            number = str(draft_number)
        else:
            posted_number += 1
            number = str(posted_number)
        invoice = builder.row(
            "purchaseInvoices",
            id=invoice_id,
            number=number,
            postingDate=day.isoformat(),
            invoiceDate=day.isoformat(),
            dueDate=due_date(day, str(term["dueDateCalculation"])).isoformat(),
            vendorInvoiceNumber=str(107000 + index + 1),
            vendorId=vendor["id"],
            vendorNumber=vendor["number"],
            vendorName=vendor["displayName"],
            payToName=vendor["displayName"],
            payToContact=vendor["_contact"],
            payToVendorId=vendor["id"],
            payToVendorNumber=vendor["number"],
            currencyCode=locale.currency,
            lastModifiedDateTime=on(rng, day),
            **_address("buyFrom", vendor),
            **_address("payTo", vendor),
            **ship_to,
        )
        totals, lines = invoice_totals(invoice, lines, tax_rates)
        if not reference and rng.random() < 0.08 and dec(totals["totalAmountExcludingTax"]) > 0:
            # An invoice discount of a few percent, spread over the lines.
            base = dec(totals["totalAmountExcludingTax"])
            invoice["discountAmount"] = wire_number(
                round_amount(base * rng.choice((1, 2, 3, 5)) / 100)
            )
            totals, lines = invoice_totals(invoice, lines, tax_rates)
        invoice.update(totals)
        invoice["status"] = "Draft" if draft else post(builder, rng, invoice, lines, vendor, term)
        invoices.append(invoice)
        all_lines.extend(lines)
    return invoices, all_lines


def item_line(
    builder: CompanyBuilder,
    rng: random.Random,
    invoice_id: str,
    sequence: int,
    day: date,
    item: Row,
    quantity: Decimal,
    unit_cost: Decimal | None,
) -> Row:
    return builder.row(
        "purchaseInvoiceLines",
        id=new_id(rng),
        documentId=invoice_id,
        sequence=sequence,
        itemId=item["id"],
        lineType="Item",
        lineObjectNumber=item["number"],
        description=item["displayName"],
        unitOfMeasureId=item["baseUnitOfMeasureId"],
        unitOfMeasureCode=item["baseUnitOfMeasureCode"],
        unitCost=item["unitCost"] if unit_cost is None else wire_number(unit_cost),
        quantity=wire_number(quantity),
        taxCode=item["taxGroupCode"],
        expectedReceiptDate=day.isoformat(),
    )


def random_lines(
    builder: CompanyBuilder,
    rng: random.Random,
    invoice_id: str,
    day: date,
    items: list[Row],
    purchase_accounts: list[str],
    account_weights: list[int],
    account_by_id: Mapping[str, tuple[str, str]],
    names: Mapping[str, str],
) -> list[Row]:
    count = rng.choices(range(1, 9), (18, 20, 18, 14, 10, 8, 6, 6))[0]
    lines: list[Row] = []
    for n in range(count):
        sequence = (n + 1) * 10000
        kind = rng.random()
        if n and kind < 0.08:
            lines.append(
                builder.row(
                    "purchaseInvoiceLines",
                    id=new_id(rng),
                    documentId=invoice_id,
                    sequence=sequence,
                    lineType="Comment",
                    description=rng.choice(COMMENTS),
                )
            )
            continue
        if kind < 0.5:
            item = rng.choice(items)
            cost = dec(item["unitCost"])
            if rng.random() < 0.2:  # a negotiated price now and then
                cost = round_amount(cost * Decimal(rng.randrange(90, 111)) / 100)
            line = item_line(
                builder, rng, invoice_id, sequence, day, item, Decimal(rng.randrange(1, 13)), cost
            )
        else:
            account_id = rng.choices(purchase_accounts, account_weights)[0]
            number, tax_class = account_by_id[account_id]
            line = builder.row(
                "purchaseInvoiceLines",
                id=new_id(rng),
                documentId=invoice_id,
                sequence=sequence,
                accountId=account_id,
                lineType="Account",
                lineObjectNumber=number,
                description=names[account_id],
                unitCost=wire_number(cents(rng, 20, 2500)),
                quantity=rng.choice((1, 1, 1, 1, 2, 3, 5, 10)),
                taxCode=builder.locale.tax_codes[tax_class],
                expectedReceiptDate=day.isoformat(),
            )
        if rng.random() < 0.1:
            line["discountPercent"] = rng.choice((2, 5, 10, 15))
        lines.append(line)
    return lines


def post(
    builder: CompanyBuilder,
    rng: random.Random,
    invoice: Row,
    lines: list[Row],
    vendor: Row,
    term: Row,
) -> str:
    """Post the invoice to the ledger, pay it if it is due; return its status."""
    day = date.fromisoformat(str(invoice["invoiceDate"]))
    builder.entries.extend(
        posting_entries(
            invoice,
            lines,
            vendor,
            builder.account_id["20100"],
            inventory_account_id=builder.account_id["10700"],
            tax_account_id=builder.account_id.get(builder.locale.tax_account, ""),
        )
    )
    due = date.fromisoformat(str(invoice["dueDate"]))
    paid_on = max(day, due - timedelta(days=rng.randrange(0, 6)))
    if term["discountDateCalculation"] and rng.random() < 0.5:
        paid_on = due_date(day, str(term["discountDateCalculation"]))
    # Not yet due, vendor blocked for payment, or (rarely, more often when
    # recent) simply not paid yet.
    unpaid_share = 0.04 if (SEED_AS_OF - paid_on).days > 180 else 0.25
    if paid_on > SEED_AS_OF or vendor["blocked"] != "_x0020_" or rng.random() < unpaid_share:
        return "Open"
    total = dec(invoice["totalAmountIncludingTax"])
    text = f"Payment {invoice['number']}"
    for number, amount, vendor_id in (
        ("20100", total, str(vendor["id"])),
        ("10100", -total, EMPTY_GUID),
    ):
        builder.entries.append(
            gl_entry(rng, builder.account_id[number], paid_on, amount, text, str(invoice["id"]),
                vendor_id, document_number=str(invoice["number"]), document_type="Payment")
        )  # fmt: skip
    return "Paid"


def _address(prefix: str, vendor: Mapping[str, object]) -> Row:
    return {
        f"{prefix}AddressLine1": vendor["addressLine1"],
        f"{prefix}AddressLine2": vendor["addressLine2"],
        f"{prefix}City": vendor["city"],
        f"{prefix}Country": vendor["country"],
        f"{prefix}State": vendor["state"],
        f"{prefix}PostCode": vendor["postalCode"],
    }
