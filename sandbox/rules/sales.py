"""Sales invoices and credit memos, and their lines: `DocumentKind`s for the shared
document rules (documents.py), and their actions: post, send and cancel either, in one
step or two (postAndSend, cancelAndSend), and correct an invoice by a credit memo (the
ledger side is in sales_posting.py, corrections and sending in sales_corrections.py)."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID
from sandbox.invoicing import dec
from sandbox.rules import sales_posting
from sandbox.rules.base import WriteContext, dialog, reference
from sandbox.rules.document_kinds import Copy, DocumentKind, Party, address_copies
from sandbox.rules.document_lines import DocumentLineRules
from sandbox.rules.documents import DocumentRules
from sandbox.rules.id_and_number import IdAndNumber, named_in_body_order
from sandbox.rules.parties import sync_currency
from sandbox.store import Record, Row

# BC's page says the same for an unknown id and an unknown number.
_NOT_FOUND = "The sell-to customer cannot be found."
# The pages' billToCustomerId / billToCustomerNumber: CouldNotFindBillToCustomerErr for
# either, BillToCustomerValuesDontMatchErr for a number after the id naming another.
BILL_TO = IdAndNumber(
    entity_set="customers",
    id_field="billToCustomerId",
    number_field="billToCustomerNumber",
    unknown_id="The bill-to customer cannot be found.",
    unknown_number="The bill-to customer cannot be found.",
    mismatch="The bill-to customer values do not match to a specific Customer.",
)


def _customer(*, bill_to_always: bool, ship_to: bool) -> Party:
    ship = (
        (
            Copy("shipToName", "displayName", unless="shipToName"),
            *address_copies("shipTo", always=False),
        )
        if ship_to
        else ()
    )
    return Party(
        entity_set="customers",
        title="Customer",
        id_field="customerId",
        number_field="customerNumber",
        neither='A "customerNumber" or a "customerId" must be provided.',
        unknown_number=_NOT_FOUND,
        unknown_id=_NOT_FOUND,
        copies=(
            Copy("customerId", "id"),
            Copy("customerNumber", "number"),
            Copy("customerName", "displayName"),
            *address_copies("sellTo", always=False),
            # BC bills the sell-to customer unless told otherwise (not modelled here).
            Copy("billToCustomerId", "id"),
            Copy("billToCustomerNumber", "number"),
            Copy("billToName", "displayName"),
            *address_copies("billTo", always=bill_to_always),
            *ship,
            Copy("currencyId", "currencyId", unless="currencyId"),
            Copy("currencyCode", "currencyCode", unless="currencyCode"),
            Copy("paymentTermsId", "paymentTermsId", unless="paymentTermsId"),
            Copy("shipmentMethodId", "shipmentMethodId", unless="shipmentMethodId"),
            Copy("salesperson", "salespersonCode", unless="salesperson"),
            Copy("phoneNumber", "phoneNumber", unless="phoneNumber"),
            Copy("email", "email", unless="email"),
        ),
        mismatch="The sell-to customer values do not match to a specific Customer.",
    )


SALES_INVOICE = DocumentKind(
    header="salesInvoices",
    lines="salesInvoiceLines",
    party=_customer(bill_to_always=True, ship_to=True),
    word="invoice",
    date_field="invoiceDate",
    price_field="unitPrice",
    # Items' sales price; an item without one is sold at its cost.
    item_prices=("unitPrice", "unitCost"),
    # A customer blocked for invoicing gets no invoice; BC's CheckBlockedCustOnDocs.
    blocked_by=("Invoice", "All"),
    posted_first="103001",
    unit_only_on_items=True,
)
SALES_CREDIT_MEMO = DocumentKind(
    header="salesCreditMemos",
    lines="salesCreditMemoLines",
    # A credit memo's bill-to address can be written (the invoice's is read-only).
    party=_customer(bill_to_always=False, ship_to=False),
    word="credit memo",
    date_field="creditMemoDate",
    price_field="unitPrice",
    item_prices=("unitPrice", "unitCost"),
    blocked_by=("All",),
    posted_first="104001",
    unit_only_on_items=True,
)


class SalesDocumentRules(DocumentRules):
    def defaults(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        sync_currency(ctx, row, changes)
        if "billToCustomerId" in changes or "billToCustomerNumber" in changes:
            self.bill_to(ctx, row, changes)

    def bill_to(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        """Another customer billed than the one sold to (read in the body's order, as the
        sell-to customer is): its name and address on the document (and its balance moved
        by posting)."""
        found = named_in_body_order(ctx, BILL_TO, changes)
        if found is None:
            return
        billed = found.row
        row["billToCustomerId"], row["billToCustomerNumber"] = billed["id"], billed["number"]
        row["billToName"] = billed["displayName"]
        for copy in address_copies("billTo", always=True):
            row[copy.target] = billed.get(copy.source, "")

    def require_lines(self, ctx: WriteContext, document: Row) -> list[Row]:
        """BC's checks before posting or sending a draft: an item or account line, each
        with a quantity."""
        lines = [r.row for r in self.lines_of(ctx, document["id"])]
        if not any(line["lineType"] != "Comment" for line in lines):
            # BC: APIV2 - Send Sales Document, CheckDocumentIfNoItemsExists (approximated).
            raise dialog(f"Please add at least one line item to the {self.kind.word}.")
        for line in lines:
            if line["lineType"] != "Comment" and sales_posting.is_zero(line["quantity"]):
                raise dialog(
                    "One or more document lines with a value in the No. field do not have a "
                    "quantity specified."
                )
        return lines

    def draft(self, record: Record) -> Row:
        if record.row["status"] != "Draft":
            raise dialog(f"The action can be applied to a draft {self.kind.word} only.")
        return dict(record.row)

    def post_draft(self, ctx: WriteContext, header: Entity, record: Record, sign: int) -> Row:
        """Post a draft: its ledger entries, the customer's balance, the posted number."""
        document = self.draft(record)
        lines = self.require_lines(ctx, document)
        customer = self.party_row(ctx, document)
        if customer.get("blocked") in self.kind.blocked_by:
            raise dialog(
                f"You cannot post this type of document when Customer {customer['number']} "
                f"is blocked with type {customer['blocked']}"
            )
        self.number(ctx, header, document, posted=True)
        sales_posting.post(ctx, document, lines, sign=sign, caption=self.caption)
        document["status"] = "Open"
        document["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, self.kind.header, document)
        return document

    def opened(self, line: Row) -> None:
        """A line copied onto a new document of this kind (from a quote or an order)."""

    @property
    def caption(self) -> str:
        return self.kind.word.title()


class SalesInvoiceRules(SalesDocumentRules):
    def __init__(self) -> None:
        super().__init__(SALES_INVOICE)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> str | None:
        from sandbox.rules import sales_corrections as corrections

        if name == "makeCorrectiveCreditMemo":
            return corrections.make_corrective_credit_memo(ctx, self, record)
        if name in ("post", "postAndSend"):
            # BC's Post answers with the posted invoice, which keeps the draft's id.
            done = self.post_draft(ctx, entity, record, sign=-1)
        elif name == "send":
            self.send(ctx, record.row)
            return None
        else:
            if record.row["status"] == "Draft":
                raise dialog("The action can be applied to a posted invoice only.")
            done = self.cancel(ctx, record)
        if name.endswith("AndSend"):
            # BC commits the posting or the cancellation before it sends.
            corrections.after_commit(ctx, lambda: self.send(ctx, done))
        return None

    def send(self, ctx: WriteContext, invoice: Row) -> None:
        # BC mails the document (a draft or posted one) to the invoice's address, else the
        # customer's; the sandbox sends nothing, and checks what BC checks first.
        from sandbox.rules.sales_corrections import require_address

        if invoice["status"] == "Draft":
            self.require_lines(ctx, invoice)
        require_address(ctx, self, invoice, "invoice")

    def cancel(self, ctx: WriteContext, record: Record) -> Row:
        invoice = dict(record.row)
        if invoice["status"] == "Canceled":
            raise dialog("The invoice cannot be canceled because it has already been canceled.")
        open_amount = dec(invoice["remainingAmount"])
        if invoice["status"] == "Paid" or open_amount != dec(invoice["totalAmountIncludingTax"]):
            # BC: Correct Posted Sales Invoice, TestCorrectInvoiceIsAllowed.
            raise dialog(
                "You cannot cancel this posted sales invoice because it is fully or partially "
                "paid. To reverse a paid sales invoice, you must manually create a sales "
                "credit memo."
            )
        memo_rules = SalesCreditMemoRules()
        lines = self.lines_of(ctx, invoice["id"])
        sales_posting.corrective_credit_memo(ctx, invoice, lines, memo_rules)
        invoice["status"] = "Canceled"
        invoice["remainingAmount"] = 0
        invoice["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, self.kind.header, invoice)
        return invoice


class SalesCreditMemoRules(SalesDocumentRules):
    def __init__(self) -> None:
        super().__init__(SALES_CREDIT_MEMO)

    def defaults(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        super().defaults(ctx, row, changes)
        if "invoiceId" in changes:
            if row["invoiceId"] == EMPTY_GUID:
                row["invoiceNumber"] = ""
                return
            invoice = reference(ctx, SALES_INVOICE.header, row["invoiceId"])
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
                    for r in ctx.store.records(ctx.scope, SALES_INVOICE.header)
                    if r.row["number"] == row["invoiceNumber"] and r.row["status"] != "Draft"
                ),
                None,
            )
            row["invoiceId"] = posted.row["id"] if posted else EMPTY_GUID

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> None:
        from sandbox.rules import sales_corrections as corrections

        if name == "send":
            corrections.send_credit_memo(ctx, self, record.row)
            return
        if name in ("post", "postAndSend"):
            memo = self.post_draft(ctx, entity, record, sign=1)
            sales_posting.apply_to_invoice(ctx, memo)
        else:
            corrections.cancel_credit_memo(ctx, self, record)
        if name.endswith("AndSend"):
            # BC commits the posting or the cancellation before it sends.
            current = ctx.store.get(ctx.scope, self.kind.header, record.row["id"])
            assert current is not None
            corrections.after_commit(
                ctx, lambda: corrections.send_credit_memo(ctx, self, current.row)
            )


class SalesInvoiceLineRules(DocumentLineRules):
    def __init__(self) -> None:
        super().__init__(SalesInvoiceRules())


class SalesCreditMemoLineRules(DocumentLineRules):
    def __init__(self) -> None:
        super().__init__(SalesCreditMemoRules())
