"""Correcting posted sales documents, and sending them: a corrective credit memo made from
a posted invoice (BC's makeCorrectiveCreditMemo), a corrective credit memo canceled by a
corrective invoice (BC's Cancel Posted Sales Cr. Memo), and the checks BC makes before it
mails a document (the sandbox mails nothing).

Messages are BC's: the API pages' labels (APIV2 - Sales Invoices, APIV2 - Sales Credit
Memos, APIV2 - Send Sales Document) and codeunit 1339's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bcmodel import entity as declared
from sandbox.errors import ODataError
from sandbox.invoicing import dec
from sandbox.rules.base import WriteContext, dialog, reference
from sandbox.store import Record, Row

if TYPE_CHECKING:
    from sandbox.rules.sales import SalesDocumentRules

INVOICES = "salesInvoices"


def after_commit(ctx: WriteContext, step: Callable[[], None]) -> None:
    """Run `step` after what the action did so far is committed, as BC does between
    posting (or canceling) and sending: its refusal fails the request, the posting stays."""
    try:
        step()
    except ODataError as refusal:
        ctx.after_commit.append(refusal)


def require_address(
    ctx: WriteContext, rules: SalesDocumentRules, document: Row, caption: str
) -> None:
    """BC mails to the document's address, else the sell-to customer's."""
    if document.get("email") or rules.party_row(ctx, document).get("email"):
        return
    raise dialog(
        "The send-to email is empty. Specify email either for the customer or for the "
        f"{caption} in email preview."
    )


def posted_only(document: Row, word: str) -> None:
    if document["status"] == "Draft":
        raise dialog(f"The action can be applied to a posted {word} only.")


def make_corrective_credit_memo(
    ctx: WriteContext, invoice_rules: SalesDocumentRules, record: Record
) -> str:
    """A draft credit memo for the whole posted invoice, applied to it; the id of the memo.
    BC refuses an invoice that is no longer fully open."""
    from sandbox.rules.sales import SalesCreditMemoRules
    from sandbox.rules.sales_orders import made_from, store_document

    invoice = dict(record.row)
    posted_only(invoice, "invoice")
    if dec(invoice["totalAmountIncludingTax"]) != dec(invoice["remainingAmount"]):
        if dec(invoice["remainingAmount"]) == 0:
            raise dialog(
                "The invoice is closed. The corrective credit memo will not be applied to the "
                "invoice."
            )
        raise dialog(
            "The invoice is partially paid or credited. The corrective credit memo may not be "
            "fully closed by the invoice."
        )
    memo_rules = SalesCreditMemoRules()
    lines = [r.row for r in invoice_rules.lines_of(ctx, invoice["id"])]
    memo, memo_lines = made_from(
        ctx, invoice, lines, memo_rules, invoiceId=invoice["id"], invoiceNumber=invoice["number"]
    )
    store_document(ctx, memo_rules, memo, memo_lines)
    return str(memo["id"])


def cancel_credit_memo(ctx: WriteContext, memo_rules: SalesDocumentRules, record: Record) -> None:
    """BC's Cancel Posted Sales Cr. Memo: only a corrective credit memo (one that canceled an
    invoice) can be canceled. It is unapplied from the invoice, which is open again; a
    corrective invoice copying it is posted and applied to it; the memo becomes CANCELED."""
    from sandbox.rules.sales import SalesInvoiceRules
    from sandbox.rules.sales_orders import made_from, store_document

    memo = dict(record.row)
    posted_only(memo, "credit memo")
    if memo["status"] == "Canceled":
        raise dialog("The credit memo cannot be cancelled because it has already been canceled.")
    sold_to = memo_rules.party_row(ctx, memo)
    billed = reference(ctx, "customers", str(memo["billToCustomerId"]))
    bill_to = billed.row if billed else sold_to
    if {sold_to.get("blocked"), bill_to.get("blocked")} & {"Invoice", "All"}:
        # BC checks both customers and names the bill-to one.
        raise dialog(
            "You cannot cancel this posted sales credit memo because customer "
            f"{bill_to['displayName']} is blocked."
        )
    if memo["status"] != "Corrective":
        raise dialog(
            "You cannot cancel this posted sales credit memo because it is not a corrective "
            "document."
        )
    invoice_rules = SalesInvoiceRules()
    lines = [r.row for r in memo_rules.lines_of(ctx, memo["id"])]
    made, made_lines = made_from(ctx, memo, lines, invoice_rules)
    draft = store_document(ctx, invoice_rules, made, made_lines)
    posted = invoice_rules.post_draft(ctx, declared(INVOICES), draft, sign=-1)
    # Applied to the memo at once: nothing of it remains open.
    posted["status"], posted["remainingAmount"] = "Corrective", 0
    ctx.store.replace(ctx.scope, INVOICES, posted)
    canceled = ctx.store.get(ctx.scope, INVOICES, str(memo["invoiceId"]))
    if canceled is not None and canceled.row["status"] == "Canceled":
        reopened = dict(canceled.row)
        reopened["status"] = "Open"
        reopened["remainingAmount"] = reopened["totalAmountIncludingTax"]
        reopened["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, INVOICES, reopened)
    memo["status"], memo["lastModifiedDateTime"] = "Canceled", ctx.now
    ctx.store.replace(ctx.scope, memo_rules.kind.header, memo)


def send_credit_memo(ctx: WriteContext, memo_rules: SalesDocumentRules, memo: Row) -> None:
    """BC mails a posted credit memo at once, so it checks the address first; a canceled
    one is mailed from the job queue, which checks later."""
    posted_only(memo, "credit memo")
    if memo["status"] != "Canceled":
        require_address(ctx, memo_rules, memo, "Credit Memo")
