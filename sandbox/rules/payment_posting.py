"""Posting a customer or vendor payment journal (BC's Gen. Jnl.-Post on a batch of the
payments templates, approximated): each payment's amount to the party's receivables or
payables account and the opposite to the journal's balancing account, the party's balance
moved, and the invoice it applies to closed by that much (PAID once nothing remains).

BC's checks are in Gen. Jnl.-Check Line, not public AL here: a payment needs its party,
and its amount's sign must be a payment's (negative for a customer, positive for a
vendor), worded as BC's field errors; the journal's lines balance through its balancing
account or per document, as in journal_posting.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from bcmodel.edm import EMPTY_DATE, EMPTY_GUID
from bcmodel.payment_journals import CUSTOMER, VENDOR, Party
from sandbox.errors import ODataError
from sandbox.invoicing import ZERO, wire_number
from sandbox.rules import ledger
from sandbox.rules.base import WriteContext, dialog
from sandbox.rules.journal_posting import (
    NOTHING_TO_POST,
    check_account,
    check_balance,
    field_error,
    gl_entry,
    line_where,
)
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import dec

# Posted purchase invoices show no remaining amount; what payments closed of each is kept
# here, hidden, as BC keeps it in the vendor ledger entries.
PURCHASE_PAYMENTS = "_purchaseInvoicePayments"
PARTIES = (CUSTOMER, VENDOR)


def payment_journal(store: Store, scope: Scope, journal_id: str) -> tuple[Party, Row] | None:
    """The payment journal with this id, as the journals page sees it (with its template)."""
    for p in PARTIES:
        found = store.get(scope, p.journal_set, journal_id)
        if found is not None:
            return p, {**found.row, "templateDisplayName": p.template}
    return None


def payment_journal_records(store: Store, scope: Scope) -> list[Record]:
    """The payment journals' batches as the journals page lists them, with their template."""
    return [
        Record({**r.row, "templateDisplayName": p.template}, r.version, r.etag)
        for p in PARTIES
        for r in store.records(scope, p.journal_set)
    ]


def payments_of(ctx: WriteContext, p: Party, journal_id: str) -> list[Record]:
    return [
        r for r in ctx.store.records(ctx.scope, p.payment_set) if r.row["journalId"] == journal_id
    ]


def post_payment_journal(ctx: WriteContext, p: Party, journal: Row, payments: list[Row]) -> None:
    """Post the payments; the caller removes them."""
    postable = [
        line for line in payments if line[f"{p.party}Id"] != EMPTY_GUID or dec(line["amount"])
    ]
    if not postable:
        raise dialog(NOTHING_TO_POST)
    lines = [{**line, "balancingAccountId": journal["balancingAccountId"]} for line in postable]
    for line in lines:
        _check(ctx, p, journal, line)
    check_balance(lines)
    accounts = ledger.setup(ctx.store, ctx.scope)
    party_account = str(
        accounts.get("receivablesAccountId" if p is CUSTOMER else "payablesAccountId", "")
    )
    for line in lines:
        amount = dec(line["amount"])
        entries = [gl_entry(ctx, line, party_account, amount)]
        if line["balancingAccountId"] != EMPTY_GUID:
            entries.append(gl_entry(ctx, line, str(line["balancingAccountId"]), -amount))
        for entry in entries:
            entry["documentType"] = "Payment"
            entry[f"{p.party}Id"] = line[f"{p.party}Id"]
        # A customer's balance is what it owes (a payment's negative amount lowers it); a
        # vendor's what the company owes it (a payment's positive amount lowers it).
        moved = amount if p is CUSTOMER else -amount
        balance = "balanceDue" if p is CUSTOMER else "balance"
        ledger.post_entries(
            ctx.store,
            ctx.scope,
            entries,
            party=(p.parties, str(line[f"{p.party}Id"]), balance),
            amount=wire_number(moved),
        )
        applied = _open_invoice(ctx, p, line) if line["appliesToInvoiceNumber"] else None
        if applied is not None:
            _apply(ctx, p, str(applied["id"]), abs(amount))


def _check(ctx: WriteContext, p: Party, journal: Row, line: Row) -> None:
    where = line_where(journal, line)
    if line["postingDate"] == EMPTY_DATE:
        raise field_error("Posting Date", where)
    if not line["documentNumber"]:
        raise field_error("Document No.", where)
    if line[f"{p.party}Id"] == EMPTY_GUID:
        raise field_error("Account No.", where)
    amount = dec(line["amount"])
    if (p is CUSTOMER and amount > 0) or (p is not CUSTOMER and amount < 0):
        raise ODataError(
            400,
            "Application_FieldValidationException",
            f"Amount must be {'negative' if p is CUSTOMER else 'positive'} in {where}.",
        )
    if line["balancingAccountId"] != EMPTY_GUID:
        check_account(ctx, str(line["balancingAccountId"]))
    if line["appliesToInvoiceNumber"] and _open_invoice(ctx, p, line) is None:
        # BC finds the open ledger entry of the party's the payment applies to, and stops
        # when there is none (Gen. Jnl.-Post Line; its wording approximated).
        raise dialog(
            f"There is no open invoice {line['appliesToInvoiceNumber']} of "
            f"{p.party} {line[f'{p.party}Number']} to apply the payment to."
        )


def _open_invoice(ctx: WriteContext, p: Party, line: Row) -> Row | None:
    """The open posted invoice of the payment's party that it applies to, if any."""
    billed = "billToCustomerId" if p is CUSTOMER else "payToVendorId"
    for record in ctx.store.records(ctx.scope, p.invoices):
        invoice = record.row
        if invoice["number"] != line["appliesToInvoiceNumber"] or invoice["status"] != "Open":
            continue
        party = str(invoice.get(billed) or EMPTY_GUID)
        if party == EMPTY_GUID:
            party = str(invoice[f"{p.party}Id"])
        if party == line[f"{p.party}Id"]:
            return invoice
    return None


def _apply(ctx: WriteContext, p: Party, invoice_id: str, paid: Decimal) -> None:
    found = ctx.store.get(ctx.scope, p.invoices, invoice_id)
    if found is None or found.row["status"] != "Open":
        return
    invoice = dict(found.row)
    if "remainingAmount" in invoice:
        remaining = max(dec(invoice["remainingAmount"]) - dec(paid), ZERO)
        invoice["remainingAmount"] = wire_number(remaining)
    else:
        ctx.store.insert(
            ctx.scope,
            PURCHASE_PAYMENTS,
            {"id": str(uuid.uuid4()), "invoiceId": invoice_id, "amount": wire_number(dec(paid))},
            notify=False,
        )
        remaining = dec(invoice["totalAmountIncludingTax"]) - paid_on(ctx, invoice_id)
    if remaining <= 0:
        invoice["status"] = "Paid"
    ctx.store.replace(ctx.scope, p.invoices, invoice, notify=False)


def paid_on(ctx: WriteContext, invoice_id: str) -> Decimal:
    return purchase_payments(ctx.store, ctx.scope).get(invoice_id, ZERO)


def purchase_payments(store: Store, scope: Scope) -> dict[str, Decimal]:
    """What payments closed of each posted purchase invoice, by its id."""
    paid: dict[str, Decimal] = {}
    for record in store.records(scope, PURCHASE_PAYMENTS):
        invoice_id = str(record.row["invoiceId"])
        paid[invoice_id] = paid.get(invoice_id, ZERO) + dec(record.row["amount"])
    return paid


def open_amount(ctx: WriteContext, p: Party, invoice: Row) -> Decimal:
    """What is still to be paid of a posted invoice."""
    if invoice["status"] != "Open":
        return ZERO
    if "remainingAmount" in invoice:
        return dec(invoice["remainingAmount"])
    return dec(invoice["totalAmountIncludingTax"]) - paid_on(ctx, str(invoice["id"]))
