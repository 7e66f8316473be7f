"""What posting a sales document writes: its G/L entries (receivables against revenue and
tax), the customer's balance, and the corrective credit memo that cancels an invoice.

Kept apart from the document rules so the ledger side can change on its own: entries
are built by the shared `document_entries` (sandbox/invoicing/posting.py) and recorded
in `ledger.GL_ENTRIES` like a purchase invoice's, with a `customerId` where those carry
a `vendorId`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from bcmodel import entity
from bcmodel.edm import EMPTY_GUID
from sandbox.invoicing import dec, wire_number
from sandbox.invoicing.posting import Posting, document_entries
from sandbox.rules import ledger
from sandbox.rules.base import WriteContext, blank_row, dialog
from sandbox.store import Record, Row
from sandbox.values import today

if TYPE_CHECKING:
    from sandbox.rules.sales import SalesDocumentRules

CUSTOMERS = "customers"
BALANCE = "balanceDue"
INVOICES = "salesInvoices"


def is_zero(value: object) -> bool:
    return dec(value) == 0


def post(ctx: WriteContext, document: Row, lines: list[Row], *, sign: int, caption: str) -> None:
    """Post `document`: `sign` -1 for an invoice (revenue credited, receivables debited),
    +1 for a credit memo (the reverse). The customer's balance moves by the receivables
    entry."""
    accounts = ledger.setup(ctx.store, ctx.scope)
    # BC posts to the bill-to customer's ledger (the sell-to one unless another is billed).
    billed = str(document["billToCustomerId"])
    if billed == EMPTY_GUID:
        billed = str(document["customerId"])
    how = Posting(
        sign=sign,
        party_field="customerId",
        party_id=billed,
        party_account_id=str(accounts.get("receivablesAccountId", "")),
        item_account_id=str(accounts.get("salesAccountId", "")),
        tax_account_id=str(accounts.get("taxAccountId", "")),
        caption=caption,
        item_account_missing="The item line cannot be posted: no sales account is set up.",
    )
    try:
        entries = document_entries(document, lines, how)
    except ValueError as refusal:
        raise dialog(str(refusal)) from None
    for entry in entries:
        entry["lastModifiedDateTime"] = ctx.now
    total = dec(document["totalAmountIncludingTax"])
    ledger.post_entries(
        ctx.store,
        ctx.scope,
        entries,
        party=(CUSTOMERS, billed, BALANCE),
        amount=wire_number(-sign * total),
    )


def corrective_credit_memo(
    ctx: WriteContext, invoice: Row, lines: list[Record], memo_rules: SalesDocumentRules
) -> Row:
    """BC's Correct Posted Sales Invoice: a credit memo for the whole invoice, posted at
    once (status Corrective) and applied to it; its lines copy the invoice's."""
    memos = entity(memo_rules.kind.header)
    memo = blank_row(memos)
    for name in memo:
        if name in invoice and name not in ("id", "number", "status"):
            memo[name] = invoice[name]
    memo["id"] = str(uuid.uuid4())
    day = today().isoformat()
    memo[memo_rules.kind.date_field] = memo["postingDate"] = memo["dueDate"] = day
    memo["invoiceId"], memo["invoiceNumber"] = invoice["id"], invoice["number"]
    memo["status"] = "Corrective"
    memo["lastModifiedDateTime"] = ctx.now
    memo_rules.number(ctx, memos, memo, posted=True)
    line_set = entity(memo_rules.kind.lines)
    copied: list[Row] = []
    for record in lines:
        line = blank_row(line_set)
        line.update({k: v for k, v in record.row.items() if k in line})
        line["id"], line["documentId"] = str(uuid.uuid4()), memo["id"]
        copied.append(line)
    memo, copied = memo_rules.recompute(ctx, memo, copied)
    post(ctx, memo, copied, sign=1, caption="Credit Memo")
    ctx.store.insert(ctx.scope, memo_rules.kind.header, memo)
    memo_rules.save_lines(ctx, [], copied)
    return memo


def apply_to_invoice(ctx: WriteContext, memo: Row) -> None:
    """A posted credit memo that names a posted invoice closes that much of it."""
    if memo["invoiceId"] == EMPTY_GUID:
        return
    found = ctx.store.get(ctx.scope, INVOICES, memo["invoiceId"])
    if found is None or found.row["status"] != "Open":
        return
    invoice = dict(found.row)
    remaining = max(dec(invoice["remainingAmount"]) - dec(memo["totalAmountIncludingTax"]), dec(0))
    invoice["remainingAmount"] = wire_number(remaining)
    if remaining == 0:
        invoice["status"] = "Paid"
    ctx.store.replace(ctx.scope, INVOICES, invoice, notify=False)
