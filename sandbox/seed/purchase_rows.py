"""A company's open purchase documents, drawn: a couple of purchase orders and a draft
credit memo for the seeded vendors, costed from the items. Nothing posted, so the ledger
and the vendors' balances stay as the invoices left them; receiving and posting them is
the API's job."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from sandbox.invoicing import due_date, invoice_totals
from sandbox.seed.companies import SEED_AS_OF
from sandbox.seed.draw import CompanyBuilder, Row, new_id, on

_ADDRESS = ("AddressLine1", "AddressLine2", "City", "Country", "State", "PostCode")
_SOURCE = ("addressLine1", "addressLine2", "city", "country", "state", "postalCode")
# (header set, lines set, date field, first number)
_PLAN = (
    ("purchaseOrders", "purchaseOrderLines", "orderDate", 106000),
    ("purchaseOrders", "purchaseOrderLines", "orderDate", 106000),
    ("purchaseCreditMemos", "purchaseCreditMemoLines", "creditMemoDate", 1000),
)


def documents(
    builder: CompanyBuilder,
    vendors: list[Row],
    terms: list[Row],
    items: list[Row],
    tax_rates: Mapping[str, Decimal],
) -> dict[str, list[Row]]:
    rng = builder.rng("purchase documents")
    term_by_id = {str(t["id"]): t for t in terms}
    open_vendors = [v for v in vendors if v["blocked"] == "_x0020_"]
    out: dict[str, list[Row]] = {name: [] for plan in _PLAN for name in plan[:2]}
    numbers: dict[str, int] = {}
    for index, (header_set, lines_set, date_field, first) in enumerate(_PLAN):
        vendor = open_vendors[(index * 3) % len(open_vendors)]
        day = SEED_AS_OF - timedelta(days=rng.randrange(1, 15))
        numbers[header_set] = numbers.get(header_set, first) + 1
        document_id = new_id(rng)
        formula = str(
            term_by_id.get(str(vendor["paymentTermsId"]), {}).get("dueDateCalculation", "")
        )
        dated = {date_field: day.isoformat(), "postingDate": day.isoformat()}
        if header_set == "purchaseCreditMemos":
            dated["dueDate"] = due_date(day, formula).isoformat()
        header = builder.row(
            header_set,
            id=document_id,
            number=str(numbers[header_set]),
            vendorId=vendor["id"],
            vendorNumber=vendor["number"],
            vendorName=vendor["displayName"],
            payToVendorId=vendor["id"],
            payToVendorNumber=vendor["number"],
            payToName=vendor["displayName"],
            currencyId=vendor["currencyId"],
            currencyCode=vendor["currencyCode"],
            paymentTermsId=vendor["paymentTermsId"],
            status="Draft",
            discountAppliedBeforeTax=True,
            lastModifiedDateTime=on(rng, day),
            **dated,
            **{f"buyFrom{p}": vendor[s] for p, s in zip(_ADDRESS, _SOURCE, strict=True)},
            **{f"payTo{p}": vendor[s] for p, s in zip(_ADDRESS, _SOURCE, strict=True)},
        )
        lines = []
        for n, item in enumerate(rng.sample(items, rng.randrange(1, 4))):
            quantity = rng.randrange(1, 10)
            extra: dict[str, object] = {}
            if header_set == "purchaseOrders":
                extra = {"receiveQuantity": quantity, "invoiceQuantity": quantity}
            lines.append(
                builder.row(
                    lines_set,
                    id=new_id(rng),
                    documentId=document_id,
                    sequence=(n + 1) * 10000,
                    itemId=item["id"],
                    lineType="Item",
                    lineObjectNumber=item["number"],
                    description=item["displayName"],
                    unitOfMeasureId=item["baseUnitOfMeasureId"],
                    unitOfMeasureCode=item["baseUnitOfMeasureCode"],
                    quantity=quantity,
                    directUnitCost=item["unitCost"],
                    taxCode=item["taxGroupCode"],
                    **extra,
                )
            )
        totals, lines = invoice_totals(header, lines, tax_rates, price_field="directUnitCost")
        header.update(totals)
        out[header_set].append(header)
        out[lines_set].extend(lines)
    return out
