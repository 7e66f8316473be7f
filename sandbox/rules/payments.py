"""Customer and vendor payment journals (`customerPaymentJournals`, `vendorPaymentJournals`)
and their payments (`customerPayments`, `vendorPayments`).

A payment journal is a batch of its own template (CASHRCPT, PAYMENT); a payment names its
party and the posted invoice it pays by id or by number, and BC fills in the other, taking
the party from the invoice when none is given. The payment journal pages have no action:
BC posts them through the journals page's post, which finds any batch by its id
(sandbox/rules/journals.py hands those to `post_payment_journal`).
"""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID
from bcmodel.payment_journals import CUSTOMER, Party
from sandbox.errors import ODataError
from sandbox.invoicing import wire_number
from sandbox.options import QueryOptions
from sandbox.rules.base import EntityRules, WriteContext, check_references, dialog, require_field
from sandbox.rules.filters import filters_on
from sandbox.rules.id_and_number import IdAndNumber, id_then_other_number, named_in_body_order
from sandbox.rules.journals import FILTERS_NOT_SPECIFIED, balancing_number, initialize_line
from sandbox.rules.payment_posting import PARTIES, open_amount, payments_of
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import dec

NOT_AN_INVOICE = (
    'The "appliesToInvoiceId" should be the ID of an Open, Paid, Corrective, or Canceled Invoice.'
)
INVOICES_DONT_MATCH = "The Applies To Invoice values do not match to the same Invoice."


def party_of_journal(entity_set: str) -> Party:
    return next(p for p in PARTIES if entity_set in (p.journal_set, p.payment_set))


class PaymentJournalRules(EntityRules):
    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        super().before_insert(ctx, entity, row, body, parent_id)
        balancing_number(ctx, row)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        super().before_update(ctx, entity, old, row, changes)
        balancing_number(ctx, row)

    def check(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        # The batch's key is its template and name; each payment journal set is one template.
        require_field(row, "code")
        p = party_of_journal(entity.entity_set)
        for other in ctx.store.records(ctx.scope, entity.entity_set):
            if other.row["code"] == row["code"] and other.row["id"] != row["id"]:
                raise ODataError(
                    409,
                    "Internal_EntityWithSameKeyExists",
                    "The Gen. Journal Batch already exists. Identification fields and values: "
                    f"Journal Template Name='{p.template}',Name='{row['code']}'",
                )
        check_references(ctx, entity, row)

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        p = party_of_journal(entity.entity_set)
        for payment in payments_of(ctx, p, record.row["id"]):
            ctx.store.delete(ctx.scope, p.payment_set, payment.row["id"], ctx.now)


class PaymentRules(EntityRules):
    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        # BC's page refuses to list payments of no given journal (its CheckFilters).
        if not (filters_on(opts.filter, "journalId") or filters_on(opts.filter, "id")):
            raise dialog(FILTERS_NOT_SPECIFIED)
        return store.records(scope, entity.entity_set)

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        p = party_of_journal(entity.entity_set)
        # BC's OnInsertRecord: the journal of the path, else the one the body names.
        named = str(row["journalId"]) if "journalId" in body else EMPTY_GUID
        if parent_id is None and named == EMPTY_GUID:
            raise dialog(FILTERS_NOT_SPECIFIED)
        if parent_id is not None and named.lower() not in (EMPTY_GUID, parent_id.lower()):
            raise dialog("The Journal Id and Journal Display Name do not match.")
        journal = ctx.store.get(ctx.scope, p.journal_set, parent_id or named)
        if journal is None:
            raise dialog("The Gen. Journal Batch does not exist.")
        siblings = [r.row for r in payments_of(ctx, p, journal.row["id"])]
        initialize_line(row, body, journal.row, siblings)
        _resolve(ctx, p, row, body)
        _unique_line(ctx, p, row)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        p = party_of_journal(entity.entity_set)
        if row["journalId"] != old["journalId"]:
            raise dialog("The Journal Id cannot be changed.")
        if row["journalDisplayName"] != old["journalDisplayName"]:
            raise dialog("The Journal Batch Display Name cannot be changed.")
        _resolve(ctx, p, row, changes)
        if row["lineNumber"] != old["lineNumber"]:
            _unique_line(ctx, p, row)


def _unique_line(ctx: WriteContext, p: Party, row: Row) -> None:
    for line in payments_of(ctx, p, row["journalId"]):
        if line.row["id"] != row["id"] and line.row["lineNumber"] == row["lineNumber"]:
            raise ODataError(
                409,
                "Internal_EntityWithSameKeyExists",
                "The Gen. Journal Line already exists. Identification fields and values: "
                f"Journal Template Name='{p.template}',Journal Batch Name='"
                f"{row['journalDisplayName']}',Line No.='{row['lineNumber']}'",
            )


def _resolve(ctx: WriteContext, p: Party, row: Row, given: dict[str, Any]) -> None:
    """The page's triggers, in its field order: the party, then the invoice."""
    _resolve_party(ctx, p, row, given)
    _resolve_invoice(ctx, p, row, given)


def _find(ctx: WriteContext, entity_set: str, field: str, value: str) -> Row | None:
    for record in ctx.store.records(ctx.scope, entity_set):
        if str(record.row[field]).upper() == value.upper():
            return record.row
    return None


def _resolve_party(ctx: WriteContext, p: Party, row: Row, given: dict[str, Any]) -> None:
    id_name, number_name = f"{p.party}Id", f"{p.party}Number"
    if id_name not in given and number_name not in given:
        return
    title = p.party.capitalize()
    # The payment pages' CustomerIdDoesNotMatchACustomerErr, CustomerNumberDoesNot...,
    # CustomerValuesDontMatchErr (the vendor page's Vendor... labels).
    pair = IdAndNumber(
        entity_set=p.parties,
        id_field=id_name,
        number_field=number_name,
        unknown_id=f'The "{id_name}" does not match to a {title}.',
        unknown_number=f'The "{number_name}" does not match to a {title}.',
        mismatch=f"The {p.party} values do not match to a specific {title}.",
        blank_clears=True,
    )
    found = named_in_body_order(ctx, pair, given)
    if found is None:
        row[id_name], row[number_name] = EMPTY_GUID, ""
        return
    _unblocked(p, found.row)
    row[id_name], row[number_name] = found.row["id"], found.row["number"]


def _unblocked(p: Party, party: Row) -> None:
    """Gen. Journal Line's Account No. validation: the party's CheckBlocked...OnJnls for a
    Payment document (VendBlockedErrorMessage, Text007 'You cannot %1 this type of
    document when Vendor %2 is blocked with type %3', %1 'create')."""
    if party["blocked"] in p.blocked_by:
        raise dialog(
            f"You cannot create this type of document when {p.party.capitalize()} "
            f"{party['number']} is blocked with type {party['blocked']}"
        )


def _posted(invoice: Row | None) -> Row | None:
    return invoice if invoice is not None and invoice["status"] != "Draft" else None


def _resolve_invoice(ctx: WriteContext, p: Party, row: Row, given: dict[str, Any]) -> None:
    invoice: Row | None = None
    if "appliesToInvoiceId" in given:
        if row["appliesToInvoiceId"] == EMPTY_GUID:
            row["appliesToInvoiceNumber"] = ""
        else:
            found = ctx.store.get(ctx.scope, p.invoices, str(row["appliesToInvoiceId"]))
            invoice = _posted(found.row if found is not None else None)
            if invoice is None:
                raise dialog(NOT_AN_INVOICE)
            row["appliesToInvoiceNumber"] = invoice["number"]
    if "appliesToInvoiceNumber" in given:
        number = str(given["appliesToInvoiceNumber"] or "").upper()
        if invoice is not None:
            after = id_then_other_number(given, "appliesToInvoiceId", "appliesToInvoiceNumber")
            if after and invoice["number"] != number:
                raise dialog(INVOICES_DONT_MATCH)
        else:
            invoice = _posted(_find(ctx, p.invoices, "number", number)) if number else None
            # BC keeps a number that names no posted invoice, with a blank id.
            row["appliesToInvoiceNumber"] = number
            row["appliesToInvoiceId"] = invoice["id"] if invoice is not None else EMPTY_GUID
    if invoice is not None and row[f"{p.party}Id"] == EMPTY_GUID:
        _take_party_from(ctx, p, row, invoice)
    if invoice is not None and "amount" not in given and not dec(row["amount"]):
        # Applying a line without an amount gives it the open amount (the journal line's
        # Applies-to Doc. No. validation, in BC's table code rather than the page).
        remaining = open_amount(ctx, p, invoice)
        row["amount"] = wire_number(-remaining if p is CUSTOMER else remaining)


def _take_party_from(ctx: WriteContext, p: Party, row: Row, invoice: Row) -> None:
    # BC takes the bill-to (pay-to) party, else the sell-to (buy-from) one.
    billed = "billToCustomerId" if p is CUSTOMER else "payToVendorId"
    party_id = str(invoice.get(billed) or EMPTY_GUID)
    if party_id == EMPTY_GUID:
        party_id = str(invoice[f"{p.party}Id"])
    found = ctx.store.get(ctx.scope, p.parties, party_id)
    if found is not None:
        row[f"{p.party}Id"], row[f"{p.party}Number"] = found.row["id"], found.row["number"]
