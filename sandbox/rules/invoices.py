"""Purchase invoices and their lines: a `DocumentKind` for the shared document rules
(documents.py), and posting."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from bcmodel import Entity
from bcmodel import entity as declared
from sandbox.errors import ODataError
from sandbox.invoicing import posting_entries
from sandbox.rules import ledger
from sandbox.rules.base import WriteContext, dialog, reference
from sandbox.rules.dimension_sets import copy_default_dimensions, global_dimensions_written
from sandbox.rules.document_kinds import Copy, DocumentKind, Party, address_copies
from sandbox.rules.document_lines import DocumentLineRules
from sandbox.rules.documents import DocumentRules
from sandbox.rules.id_and_number import IdAndNumber, named_in_body_order
from sandbox.rules.parties import sync_currency
from sandbox.store import Record, Row

VENDORS = "vendors"
PAY_TO_NOT_FOUND = "The pay-to vendor cannot be found."
# The purchase pages' CouldNotFindPayToVendorErr, for an unknown id and an unknown number.
PAY_TO = IdAndNumber(
    entity_set=VENDORS,
    id_field="payToVendorId",
    number_field="payToVendorNumber",
    unknown_id=PAY_TO_NOT_FOUND,
    unknown_number=PAY_TO_NOT_FOUND,
)
PURCHASE_INVOICE = DocumentKind(
    header="purchaseInvoices",
    lines="purchaseInvoiceLines",
    party=Party(
        entity_set="vendors",
        title="Vendor",
        id_field="vendorId",
        number_field="vendorNumber",
        neither='A "vendorNumber" or a "vendorID" must be provided.',
        # APIV2 - Purchase Invoices: CouldNotFindBuyFromVendorErr, for the number and the id.
        unknown_number="The vendor cannot be found.",
        unknown_id="The vendor cannot be found.",
        copies=(
            Copy("vendorId", "id"),
            Copy("vendorNumber", "number"),
            Copy("vendorName", "displayName"),
            *address_copies("buyFrom", always=False),
            *address_copies("payTo", always=True),
            Copy("payToVendorId", "id"),
            Copy("payToVendorNumber", "number"),
            Copy("payToName", "displayName"),
            Copy("payToContact", "_contact"),
            # The vendor's currency, unless the write names one by its code.
            Copy("currencyId", "currencyId", unless="currencyCode"),
            Copy("currencyCode", "currencyCode", unless="currencyCode"),
        ),
    ),
    word="invoice",
    date_field="invoiceDate",
    price_field="unitCost",
    item_prices=("unitCost",),
    # Contoso's P-INV+ series; drafts number from P-INV (the entity's series).
    posted_first="108001",
    unit_only_on_items=True,
)


class InvoiceRules(DocumentRules):
    def __init__(self) -> None:
        super().__init__(PURCHASE_INVOICE)

    def on_write(self, ctx: WriteContext, row: Row, written: set[str], *, new: bool) -> None:
        # A new invoice takes its vendor's default dimensions; the global dimension codes
        # and the dimension set stay one.
        if new:
            copy_default_dimensions(ctx, row)
        global_dimensions_written(ctx, row, written, declared(self.kind.header).table_caption)

    def defaults(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        # A currency given by id or code wins over the vendor's (copied over it), and the
        # other follows.
        if "currencyId" in changes:
            row["currencyId"] = changes["currencyId"]
        sync_currency(ctx, row, changes)
        if "payToVendorId" in changes or "payToVendorNumber" in changes:
            # APIV2 - Purchase Invoices: an id and a number naming two vendors is no
            # error there (the number is skipped once the id found one).
            pay_to_vendor(ctx, row, changes, mismatch=None)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> None:
        invoice = dict(record.row)
        if invoice["status"] != "Draft":
            raise dialog("The action can be applied to a draft invoice only.")
        lines = [r.row for r in self.lines_of(ctx, invoice["id"])]
        if not any(line["lineType"] != "Comment" for line in lines):
            raise dialog("There is nothing to post.")
        if not invoice["vendorInvoiceNumber"]:
            raise field_error(
                "Vendor Invoice No.",
                f"Purchase Header: Document Type=Invoice, No.={invoice['number']}",
            )
        for line in lines:
            if line["lineType"] != "Comment" and Decimal(str(line["quantity"])) == 0:
                raise field_error(
                    "Quantity",
                    f"Purchase Line: Document Type=Invoice, Document No.={invoice['number']}, "
                    f"Line No.={line['sequence']}",
                )
        # Posting moves the invoice to the posted-invoice series before its entries name it.
        self.number(ctx, entity, invoice, posted=True)
        # Purch.-Post writes the vendor ledger entry for the pay-to vendor.
        paid = reference(ctx, VENDORS, str(invoice["payToVendorId"]))
        write_ledger(ctx, invoice, lines, paid.row if paid else self.party_row(ctx, invoice))
        invoice["status"] = "Open"
        invoice["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, self.kind.header, invoice)


def pay_to_vendor(
    ctx: WriteContext, row: Row, changes: dict[str, Any], *, mismatch: str | None
) -> None:
    """Another vendor paid than the one bought from (by `payToVendorId` or
    `payToVendorNumber`, read in the body's order): its name and address on the document.
    `mismatch`: the page's PayToVendorValuesDontMatchErr, None where it has none."""
    found = named_in_body_order(ctx, replace(PAY_TO, mismatch=mismatch), changes)
    if found is None:
        return
    vendor = found.row
    row["payToVendorId"], row["payToVendorNumber"] = vendor["id"], vendor["number"]
    row["payToName"] = vendor["displayName"]
    for copy in address_copies("payTo", always=True):
        row[copy.target] = vendor.get(copy.source, "")


def write_ledger(ctx: WriteContext, invoice: Row, lines: list[Row], vendor: Row) -> None:
    """A purchase invoice's G/L entries, and the balance of `vendor` (the one paid) raised
    by its total (an invoice posted as such, or from a received order)."""
    accounts = ledger.setup(ctx.store, ctx.scope)
    try:
        entries = posting_entries(
            invoice,
            lines,
            vendor,
            accounts["payablesAccountId"],
            inventory_account_id=accounts.get("inventoryAccountId", ""),
            tax_account_id=accounts.get("taxAccountId", ""),
        )
    except ValueError as refusal:
        # Posting checks BC makes that the callers' checks do not repeat (a blocked vendor).
        raise dialog(str(refusal)) from None
    for entry in entries:
        entry["lastModifiedDateTime"] = ctx.now
    ledger.post(
        ctx.store,
        ctx.scope,
        entries,
        vendor_id=str(vendor.get("id") or invoice["vendorId"]),
        amount=invoice["totalAmountIncludingTax"],
    )


def field_error(field: str, where: str) -> ODataError:
    return ODataError(
        400,
        "Application_FieldValidationException",
        f"{field} must have a value in {where}. It cannot be zero or empty.",
    )


class LineRules(DocumentLineRules):
    def __init__(self) -> None:
        super().__init__(InvoiceRules())
