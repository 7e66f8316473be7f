"""Purchase orders and their lines on the shared document rules (documents.py), and
receiving and invoicing an order: BC's Purch.-Post with Receive and Invoice, which posts
a receipt and an invoice (its ledger side is the purchase invoice's, invoices.py) and
removes the order once it is fully received and invoiced."""

from __future__ import annotations

import uuid
from typing import Any

from bcmodel import Entity
from bcmodel import entity as declared
from bcmodel.edm import encode_name
from sandbox.invoicing import dec, wire_number
from sandbox.rules import ledger
from sandbox.rules.base import WriteContext, blank_row, dialog, next_number
from sandbox.rules.document_kinds import Copy, DocumentKind, Party, address_copies
from sandbox.rules.documents import DocumentRules
from sandbox.rules.invoices import InvoiceRules, pay_to_vendor, write_ledger
from sandbox.rules.order_quantities import (
    PURCHASE_LINE,
    RECEIVE,
    OrderLineRules,
    check_within,
    outstanding,
)
from sandbox.rules.parties import sync_currency
from sandbox.store import Record, Row

RECEIPTS = "purchaseReceipts"
RECEIPT_LINES = "purchaseReceiptLines"
FIRST_RECEIPT = "107001"
# The API's line types as a posted line's Type (BC's Purchase Line Type).
_POSTED_TYPE = {
    "Comment": encode_name(" "),
    "Account": encode_name("G/L Account"),
    "Item": "Item",
}
PRICES_INCLUDE_TAX = (
    'The "pricesIncludeTax" cannot be set to true if VAT Calculation Type is Sales Tax.'
)
NO_QUANTITY = (
    "One or more document lines with a value in the No. field do not have a quantity specified."
)


def vendor_party(*, pay_to_address: bool, mismatch: str) -> Party:
    """The vendor of the newer purchase pages, which name it the buy-from vendor."""
    return Party(
        mismatch=mismatch,
        entity_set="vendors",
        title="Vendor",
        id_field="vendorId",
        number_field="vendorNumber",
        neither='A "vendorNumber" or a "vendorId" must be provided.',
        unknown_number="The buy-from vendor cannot be found.",
        unknown_id="The buy-from vendor cannot be found.",
        copies=(
            Copy("vendorId", "id"),
            Copy("vendorNumber", "number"),
            Copy("vendorName", "displayName"),
            *address_copies("buyFrom", always=False),
            *address_copies("payTo", always=not pay_to_address),
            Copy("payToVendorId", "id"),
            Copy("payToVendorNumber", "number"),
            Copy("payToName", "displayName"),
            Copy("currencyId", "currencyId", unless="currencyId"),
            Copy("currencyCode", "currencyCode", unless="currencyCode"),
            Copy("paymentTermsId", "paymentTermsId", unless="paymentTermsId"),
        ),
    )


PURCHASE_ORDER = DocumentKind(
    header="purchaseOrders",
    lines="purchaseOrderLines",
    party=vendor_party(
        pay_to_address=False,
        mismatch="The buy-from vendor values do not match to a specific Vendor.",
    ),
    word="order",
    date_field="orderDate",
    price_field="directUnitCost",
    item_prices=("unitCost",),
    unit_only_on_items=True,
)


class PurchaseDocumentRules(DocumentRules):
    """The newer purchase pages: currency by id or code, like the sales pages."""

    def defaults(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        sync_currency(ctx, row, changes)
        if "payToVendorId" in changes or "payToVendorNumber" in changes:
            self.pay_to(ctx, row, changes)

    # The page's PayToVendorValuesDontMatchErr (the credit memo page words it otherwise).
    pay_to_mismatch = "The pay-to vendor values do not match to a specific Vendor."

    def pay_to(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        pay_to_vendor(ctx, row, changes, mismatch=self.pay_to_mismatch)

    def postable_lines(self, ctx: WriteContext, document: Row) -> list[Row]:
        """BC's checks before posting: an item or account line, each with a quantity."""
        lines = [r.row for r in self.lines_of(ctx, document["id"])]
        for line in lines:
            if line["lineType"] != "Comment" and dec(line["quantity"]) == 0:
                raise dialog(NO_QUANTITY)
        if not any(line["lineType"] != "Comment" for line in lines):
            raise dialog("There is nothing to post.")
        return lines


class PurchaseOrderRules(PurchaseDocumentRules):
    def __init__(self) -> None:
        super().__init__(PURCHASE_ORDER)

    def new_line(self, ctx: WriteContext, document: Row, raw: Any, siblings: list[Row]) -> Row:
        line = super().new_line(ctx, document, raw, siblings)
        # BC receives and invoices the whole quantity unless told less.
        for name in ("receiveQuantity", "invoiceQuantity"):
            if name not in raw:
                line[name] = line["quantity"]
        return line

    def on_write(self, ctx: WriteContext, row: Row, written: set[str], *, new: bool) -> None:
        super().on_write(ctx, row, written, new=new)
        # APIV2 - Purchase Orders, pricesIncludeTax's OnValidate: the order's first line
        # taxed by sales tax forbids it (a deep insert writes the header before its lines).
        if new or "pricesIncludeTax" not in written or not row["pricesIncludeTax"]:
            return
        lines = sorted((r.row for r in self.lines_of(ctx, row["id"])), key=lambda r: r["sequence"])
        if (
            lines
            and lines[0]["lineType"] != "Comment"
            and ledger.uses_sales_tax(ctx.store, ctx.scope)
        ):
            raise dialog(PRICES_INCLUDE_TAX)

    def recompute(
        self, ctx: WriteContext, document: Row, lines: list[Row]
    ) -> tuple[Row, list[Row]]:
        check_within(lines, RECEIVE)
        return super().recompute(ctx, document, lines)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> str | None:
        """BC's Purch.-Post with Receive and Invoice: each line's receiveQuantity is
        received and its invoiceQuantity (of what is received) invoiced; the order keeps
        the rest and is removed once everything is received and invoiced."""
        order = dict(record.row)
        lines = [dict(line) for line in self.postable_lines(ctx, order)]
        receive_now: dict[str, int | float] = {}
        invoice_now: dict[str, int | float] = {}
        for line in lines:
            if line["lineType"] == "Comment":
                continue
            receiving = dec(line["receiveQuantity"])
            billable = dec(line["receivedQuantity"]) + receiving - dec(line["invoicedQuantity"])
            receive_now[line["id"]] = wire_number(receiving)
            invoice_now[line["id"]] = wire_number(min(dec(line["invoiceQuantity"]), billable))
        if not any(receive_now.values()) and not any(invoice_now.values()):
            raise dialog("There is nothing to post.")
        invoice_id = ""
        if any(invoice_now.values()):
            invoiced = [
                {**line, "quantity": invoice_now.get(line["id"], line["quantity"])}
                for line in lines
                if line["lineType"] == "Comment" or invoice_now[line["id"]]
            ]
            invoice_id = self.post_invoice(ctx, order, invoiced)
        if any(receive_now.values()):
            received = [
                {**line, "quantity": receive_now.get(line["id"], line["quantity"])}
                for line in lines
                if line["lineType"] == "Comment" or receive_now[line["id"]]
            ]
            self.post_receipt(ctx, order, received, invoice_id)
        self.move_on(ctx, order, lines, receive_now, invoice_now)
        if not invoice_id:
            # BC posts the receipt, then its page finds no invoice of the order to answer
            # with (PurchInvHeader.FindFirst): the AL runtime's error for an empty find,
            # without the filters it lists after it.
            ctx.after_commit.append(dialog("There is no Purch. Inv. Header within the filter."))
        return invoice_id  # BC's answer locates the posted invoice

    def move_on(
        self,
        ctx: WriteContext,
        order: Row,
        lines: list[Row],
        receive_now: dict[str, int | float],
        invoice_now: dict[str, int | float],
    ) -> None:
        """The order's lines after posting; the order removed once nothing is left."""
        for line in lines:
            if line["lineType"] == "Comment":
                continue
            line["receivedQuantity"] = wire_number(
                dec(line["receivedQuantity"]) + dec(receive_now[line["id"]])
            )
            line["invoicedQuantity"] = wire_number(
                dec(line["invoicedQuantity"]) + dec(invoice_now[line["id"]])
            )
            line["receiveQuantity"] = outstanding(line, "receivedQuantity")
            line["invoiceQuantity"] = outstanding(line, "invoicedQuantity")
        if not any(line["receiveQuantity"] or line["invoiceQuantity"] for line in lines):
            for stored in self.lines_of(ctx, order["id"]):
                ctx.store.delete(ctx.scope, self.kind.lines, stored.row["id"], ctx.now)
            ctx.store.delete(ctx.scope, self.kind.header, order["id"], ctx.now)
            return
        order["fullyReceived"] = not any(line["receiveQuantity"] for line in lines)
        order["lastModifiedDateTime"] = ctx.now
        self.save_lines(ctx, self.lines_of(ctx, order["id"]), lines)
        ctx.store.replace(ctx.scope, self.kind.header, order)

    def post_invoice(self, ctx: WriteContext, order: Row, lines: list[Row]) -> str:
        invoices = InvoiceRules()
        header = declared(invoices.kind.header)
        invoice = _copied(header, order)
        invoice["id"] = str(uuid.uuid4())
        invoice["invoiceDate"] = order["orderDate"]
        invoice["dueDate"] = self.due(ctx, order)
        invoice["orderId"], invoice["orderNumber"] = order["id"], order["number"]
        invoice["payToContact"] = self.party_row(ctx, order).get("_contact", "")
        invoice["status"] = "Open"
        invoice["lastModifiedDateTime"] = ctx.now
        invoices.number(ctx, header, invoice, posted=True)
        line_set = declared(invoices.kind.lines)
        copied = []
        for line in lines:
            new = _copied(line_set, line)
            new["id"], new["documentId"] = str(uuid.uuid4()), invoice["id"]
            new["unitCost"] = line["directUnitCost"]
            copied.append(new)
        invoice, copied = invoices.recompute(ctx, invoice, copied)
        write_ledger(ctx, invoice, copied, self.party_row(ctx, order))
        ctx.store.insert(ctx.scope, invoices.kind.header, invoice)
        invoices.save_lines(ctx, [], copied)
        return str(invoice["id"])

    def post_receipt(self, ctx: WriteContext, order: Row, lines: list[Row], _: str) -> None:
        receipt = _copied(declared(RECEIPTS), order)
        receipt["id"] = str(uuid.uuid4())
        numbers = [r.row["number"] for r in ctx.store.records(ctx.scope, RECEIPTS)]
        receipt["number"] = next_number(numbers, FIRST_RECEIPT)
        receipt["invoiceDate"] = order["orderDate"]
        receipt["dueDate"] = self.due(ctx, order)
        receipt["orderNumber"] = order["number"]
        receipt["payToContact"] = self.party_row(ctx, order).get("_contact", "")
        receipt["lastModifiedDateTime"] = ctx.now
        ctx.store.insert(ctx.scope, RECEIPTS, receipt)
        line_set = declared(RECEIPT_LINES)
        for line in lines:
            new = _copied(line_set, line)
            new["id"], new["documentId"] = str(uuid.uuid4()), receipt["id"]
            new["lineType"] = _POSTED_TYPE.get(str(line["lineType"]), _POSTED_TYPE["Comment"])
            new["unitCost"] = line["directUnitCost"]
            ctx.store.insert(ctx.scope, RECEIPT_LINES, new, notify=False)


def _copied(entity: Entity, source: Row) -> Row:
    """A blank row of `entity` with the fields it shares with `source`, but its own id,
    number, status and time."""
    row = blank_row(entity)
    for name in row:
        if name in source and name not in ("id", "number", "status", "lastModifiedDateTime"):
            row[name] = source[name]
    return row


class PurchaseOrderLineRules(OrderLineRules):
    def __init__(self) -> None:
        super().__init__(PurchaseOrderRules(), RECEIVE, PURCHASE_LINE)
