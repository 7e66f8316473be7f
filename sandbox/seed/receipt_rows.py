"""A company's posted purchase receipts, derived from its posted purchase invoices: the
goods of a few invoices came in on a purchase order that was received and invoiced, as
`receiveAndInvoicePurchaseOrder` does it. Each receipt lists its invoice's item lines, and
the invoice names the order. A receipt posts nothing to the G/L (BC posts no expected
cost by default), so the ledger and the vendors' balances stay as the invoices left them."""

from __future__ import annotations

from sandbox.seed.draw import CompanyBuilder, Row, new_id

# BC's posted receipts' number series (P-RCPT), and the orders they received, numbered
# before the open orders of purchase_rows.py.
FIRST_RECEIPT = 107001
FIRST_ORDER = 105001
RECEIPTS = 3


def receipts(
    builder: CompanyBuilder, invoices: list[Row], invoice_lines: list[Row]
) -> dict[str, list[Row]]:
    """Receipts for the earliest posted invoices with item lines; their invoices get the
    number of the order received."""
    rng = builder.rng("purchase receipts")
    item_lines: dict[str, list[Row]] = {}
    for line in invoice_lines:
        if line["lineType"] == "Item":
            item_lines.setdefault(str(line["documentId"]), []).append(line)
    received = [i for i in invoices if i["status"] != "Draft" and str(i["id"]) in item_lines][
        :RECEIPTS
    ]
    headers: list[Row] = []
    lines: list[Row] = []
    for index, invoice in enumerate(received):
        receipt_id = new_id(rng)
        order_number = str(FIRST_ORDER + index)
        invoice["orderNumber"] = order_number
        number = str(FIRST_RECEIPT + index)
        shared = {k: v for k, v in invoice.items() if k in builder.blank["purchaseReceipts"]}
        headers.append(
            builder.row(
                "purchaseReceipts",
                **{**shared, "id": receipt_id, "number": number, "orderNumber": order_number},
            )
        )
        for line in item_lines[str(invoice["id"])]:
            copied = {k: v for k, v in line.items() if k in builder.blank["purchaseReceiptLines"]}
            copied.update(
                id=new_id(rng),
                documentId=receipt_id,
                expectedReceiptDate=invoice["invoiceDate"],
            )
            lines.append(builder.row("purchaseReceiptLines", **copied))
    return {"purchaseReceipts": headers, "purchaseReceiptLines": lines}
