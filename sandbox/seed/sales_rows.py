"""A company's draft sales documents, drawn: a few invoices, a credit memo, two quotes
and two orders for the seeded customers, priced from the items. Drafts only, so the
ledger and the customers' balances stay as the purchase side left them; posting them is
the API's job."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from sandbox.invoicing import due_date, invoice_totals
from sandbox.seed.companies import SEED_AS_OF
from sandbox.seed.draw import CompanyBuilder, Row, new_id, on

_LINES = {
    "salesInvoices": "salesInvoiceLines",
    "salesCreditMemos": "salesCreditMemoLines",
    "salesQuotes": "salesQuoteLines",
    "salesOrders": "salesOrderLines",
}
_ADDRESS = ("AddressLine1", "AddressLine2", "City", "Country", "State", "PostCode")
_SOURCE = ("addressLine1", "addressLine2", "city", "country", "state", "postalCode")


def documents(
    builder: CompanyBuilder,
    customers: list[Row],
    terms: list[Row],
    items: list[Row],
    tax_rates: Mapping[str, Decimal],
) -> dict[str, list[Row]]:
    rng = builder.rng("sales")
    term_by_id = {str(t["id"]): t for t in terms}
    sellable = [c for c in customers if c["blocked"] == "_x0020_"]
    out: dict[str, list[Row]] = {name: [] for pair in _LINES.items() for name in pair}
    # Quotes and orders come last, so the invoices and the credit memo stay as they were.
    plan = (
        (("salesInvoices", "invoiceDate"),) * 4
        + (("salesCreditMemos", "creditMemoDate"),)
        + (("salesQuotes", "documentDate"),) * 2
        + (("salesOrders", "orderDate"),) * 2
    )
    numbers = {"salesInvoices": 102000, "salesCreditMemos": 1000, "salesQuotes": 1000}
    numbers["salesOrders"] = 101000
    for index, (header_set, date_field) in enumerate(plan):
        customer = sellable[index % len(sellable)]
        day = SEED_AS_OF - timedelta(days=rng.randrange(1, 20))
        numbers[header_set] += 1
        document_id = new_id(rng)
        formula = str(
            term_by_id.get(str(customer["paymentTermsId"]), {}).get("dueDateCalculation", "")
        )
        header = builder.row(
            header_set,
            id=document_id,
            number=str(numbers[header_set]),
            postingDate=day.isoformat(),
            dueDate=due_date(day, formula).isoformat(),
            customerId=customer["id"],
            customerNumber=customer["number"],
            customerName=customer["displayName"],
            billToCustomerId=customer["id"],
            billToCustomerNumber=customer["number"],
            billToName=customer["displayName"],
            currencyCode=customer["currencyCode"],
            paymentTermsId=customer["paymentTermsId"],
            phoneNumber=customer["phoneNumber"],
            email=customer["email"],
            status="Draft",
            discountAppliedBeforeTax=True,
            lastModifiedDateTime=on(rng, day),
            **{date_field: day.isoformat()},
            **{f"sellTo{p}": customer[s] for p, s in zip(_ADDRESS, _SOURCE, strict=True)},
            **{f"billTo{p}": customer[s] for p, s in zip(_ADDRESS, _SOURCE, strict=True)},
        )
        lines_set = _LINES[header_set]
        lines = []
        for n, item in enumerate(rng.sample(items, rng.randrange(1, 4))):
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
                    quantity=rng.randrange(1, 6),
                    unitPrice=item["unitPrice"],
                    taxCode=item["taxGroupCode"],
                    shipmentDate=day.isoformat(),
                )
            )
            if header_set == "salesOrders":
                lines[-1]["shipQuantity"] = lines[-1]["invoiceQuantity"] = lines[-1]["quantity"]
        totals, lines = invoice_totals(header, lines, tax_rates, price_field="unitPrice")
        header.update(totals)
        if "remainingAmount" in header:
            header["remainingAmount"] = totals["totalAmountIncludingTax"]
        # Fields one kind of document has and another has not (an order's due date).
        out[header_set].append({k: v for k, v in header.items() if k in builder.blank[header_set]})
        out[lines_set].extend(lines)
    _shipped(builder, new_id(rng), out, term_by_id)
    return out


def _shipped(
    builder: CompanyBuilder, shipment_id: str, out: dict[str, list[Row]], terms: dict[str, Row]
) -> None:
    """The last order shipped and not yet invoiced: its posted shipment, and its lines with
    their quantity shipped (invoicing it posts no second shipment)."""
    order = out["salesOrders"][-1]
    lines = [ln for ln in out["salesOrderLines"] if ln["documentId"] == order["id"]]
    order["fullyShipped"] = True
    shipment = builder.row(
        "salesShipments",
        **{
            **{k: v for k, v in order.items() if k in builder.blank["salesShipments"]},
            "id": shipment_id,
            "number": "102001",
            "invoiceDate": order["orderDate"],
            "dueDate": order["postingDate"],
            "orderNumber": order["number"],
            "paymentTermsCode": terms.get(str(order["paymentTermsId"]), {}).get("code", ""),
        },
    )
    out["salesShipments"] = [shipment]
    out["salesShipmentLines"] = []
    for line in lines:
        line["shippedQuantity"], line["shipQuantity"] = line["quantity"], 0
        shipped = {k: v for k, v in line.items() if k in builder.blank["salesShipmentLines"]}
        shipped.update(id=f"{shipment_id[:-4]}{int(str(line['sequence'])) // 10000:04d}")
        shipped.update(documentId=shipment_id, documentNo="102001")
        out["salesShipmentLines"].append(builder.row("salesShipmentLines", **shipped))
