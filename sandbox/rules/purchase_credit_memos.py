"""Purchase credit memos and their lines on the shared document rules (documents.py), and
posting one: the reverse of a purchase invoice's entries, the vendor's balance lowered."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID
from sandbox.errors import bad_request
from sandbox.invoicing import dec, wire_number
from sandbox.invoicing.posting import Posting, document_entries
from sandbox.rules import ledger
from sandbox.rules.base import WriteContext, dialog, reference
from sandbox.rules.document_kinds import DocumentKind
from sandbox.rules.document_lines import DocumentLineRules
from sandbox.rules.invoices import field_error
from sandbox.rules.purchase_orders import PurchaseDocumentRules, vendor_party
from sandbox.store import Record, Row

PURCHASE_CREDIT_MEMO = DocumentKind(
    header="purchaseCreditMemos",
    lines="purchaseCreditMemoLines",
    # A credit memo's pay-to address can be written (the order's is read-only).
    party=vendor_party(
        pay_to_address=True, mismatch="The buy-from vendor values do not match to a Vendor."
    ),
    word="credit memo",
    date_field="creditMemoDate",
    price_field="directUnitCost",
    item_prices=("unitCost",),
    posted_first="109001",
)
INVOICES = "purchaseInvoices"


class PurchaseCreditMemoRules(PurchaseDocumentRules):
    def __init__(self) -> None:
        super().__init__(PURCHASE_CREDIT_MEMO)

    pay_to_mismatch = "The pay-to vendor values do not match to a Vendor."

    def defaults(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        super().defaults(ctx, row, changes)
        if changes.get("vendorReturnReasonId") not in (None, EMPTY_GUID):
            # The sandbox serves no Reason Code table, so no id names one.
            raise dialog('The "vendorReturnReasonId" does not match to a Reason Code.')
        if "invoiceId" in changes:
            if row["invoiceId"] == EMPTY_GUID:
                row["invoiceNumber"] = ""
                return
            invoice = reference(ctx, INVOICES, row["invoiceId"])
            if invoice is None or invoice.row["status"] == "Draft":
                raise dialog('The "invoiceId" does not match to an Invoice.')
            if changes.get("invoiceNumber") not in (None, invoice.row["number"]):
                raise dialog(
                    'The "invoiceId" and "invoiceNumber" do not match to a specific Invoice.'
                )
            row["invoiceNumber"] = invoice.row["number"]
        elif "invoiceNumber" in changes:
            posted = next(
                (
                    r
                    for r in ctx.store.records(ctx.scope, INVOICES)
                    if r.row["number"] == row["invoiceNumber"] and r.row["status"] != "Draft"
                ),
                None,
            )
            row["invoiceId"] = posted.row["id"] if posted else EMPTY_GUID

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> None:
        memo = dict(record.row)
        if name == "cancel":
            self.cancel(ctx, memo)
            return
        if memo["status"] != "Draft":
            raise dialog("The action can be applied to a draft credit memo only.")
        lines = [r.row for r in self.lines_of(ctx, memo["id"])]
        if not any(line["lineType"] != "Comment" for line in lines):
            raise dialog("Please add at least one line item to the credit memo.")
        lines = self.postable_lines(ctx, memo)
        if not memo["vendorCreditMemoNumber"]:
            # BC's Ext. Doc. No. Mandatory, as for a purchase invoice's Vendor Invoice No.
            raise field_error(
                "Vendor Cr. Memo No.",
                f"Purchase Header: Document Type=Credit Memo, No.={memo['number']}",
            )
        vendor = self.party_row(ctx, memo)
        if vendor.get("blocked") == "All":
            raise dialog(
                f"You cannot post this type of document when Vendor {vendor['number']} is "
                "blocked with type All."
            )
        self.number(ctx, entity, memo, posted=True)
        accounts = ledger.setup(ctx.store, ctx.scope)
        # BC posts to the pay-to vendor's ledger (the buy-from one unless another is paid).
        paid = str(memo["payToVendorId"])
        if paid == EMPTY_GUID:
            paid = str(memo["vendorId"])
        # The reverse of an invoice: the lines credited, payables debited.
        how = Posting(
            sign=-1,
            party_field="vendorId",
            party_id=paid,
            party_account_id=str(accounts["payablesAccountId"]),
            item_account_id=str(accounts.get("inventoryAccountId", "")),
            tax_account_id=str(accounts.get("taxAccountId", "")),
            caption="Credit Memo",
        )
        try:
            entries = document_entries(memo, lines, how)
        except ValueError as refusal:
            raise dialog(str(refusal)) from None
        for entry in entries:
            entry["lastModifiedDateTime"] = ctx.now
        total = dec(memo["totalAmountIncludingTax"])
        ledger.post(ctx.store, ctx.scope, entries, vendor_id=paid, amount=wire_number(-total))
        memo["status"] = "Open"
        memo["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, self.kind.header, memo)

    def cancel(self, ctx: WriteContext, memo: Row) -> None:
        """BC's checks before Cancel Posted Purch. Cr. Memo (the page's, then codeunit
        1402's TestCorrectCrMemoIsAllowed). Only a corrective credit memo, one that canceled
        a posted invoice, can be canceled; BC's API cancels no purchase invoice, so none of
        the sandbox's memos is one, and BC's refusal is the answer."""
        if memo["status"] == "Draft":
            raise dialog("The action can be applied to a posted credit memo only.")
        if memo["status"] == "Canceled":
            raise dialog(
                "The credit memo cannot be cancelled because it has already been canceled."
            )
        for vendor in (self.party_row(ctx, memo), self.pay_to_row(ctx, memo)):
            if vendor.get("blocked") == "All":
                raise dialog(
                    "You cannot cancel this posted purchase credit memo because vendor "
                    f"{vendor['displayName']} is blocked."
                )
        if memo["status"] != "Corrective":
            raise dialog(
                "You cannot cancel this posted purchase credit memo because it is not a "
                "corrective document."
            )
        # Unreachable through the API (see above); said plainly rather than faked.
        raise bad_request("The sandbox does not cancel corrective purchase credit memos.")

    def pay_to_row(self, ctx: WriteContext, memo: Row) -> Row:
        paid = reference(ctx, "vendors", str(memo["payToVendorId"]))
        return paid.row if paid else {}


class PurchaseCreditMemoLineRules(DocumentLineRules):
    def __init__(self) -> None:
        super().__init__(PurchaseCreditMemoRules())
