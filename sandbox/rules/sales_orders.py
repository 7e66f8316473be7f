"""Sales quotes and orders, and their lines, on the shared document rules: a quote made
into a draft invoice or an order (and deleted), or sent; an order shipped and invoiced
(sales_shipping.py)."""

from __future__ import annotations

import uuid
from typing import Any

from bcmodel import Entity
from bcmodel import entity as declared
from sandbox.rules.base import WriteContext, blank_row, dialog
from sandbox.rules.document_kinds import UNQUOTED_SEQUENCE, DocumentKind
from sandbox.rules.document_lines import DocumentLineRules
from sandbox.rules.order_quantities import (
    SALES_LINE,
    SHIP,
    OrderLineRules,
    check_within,
    outstanding,
)
from sandbox.rules.sales import SalesDocumentRules, SalesInvoiceRules, _customer
from sandbox.rules.sales_shipping import ship_and_invoice
from sandbox.store import Record, Row
from sandbox.values import today

# BC's CheckBlockedCustOnDocs: a customer blocked for shipping or invoicing gets no quote
# or order either.
_BLOCKED = ("Ship", "Invoice", "All")

SALES_QUOTE = DocumentKind(
    header="salesQuotes",
    lines="salesQuoteLines",
    party=_customer(bill_to_always=True, ship_to=True),
    word="quote",
    date_field="documentDate",
    price_field="unitPrice",
    item_prices=("unitPrice", "unitCost"),
    blocked_by=_BLOCKED,
    sequence_fixed=UNQUOTED_SEQUENCE,
    unit_only_on_items=True,
)
SALES_ORDER = DocumentKind(
    header="salesOrders",
    lines="salesOrderLines",
    party=_customer(bill_to_always=True, ship_to=True),
    word="order",
    date_field="orderDate",
    price_field="unitPrice",
    item_prices=("unitPrice", "unitCost"),
    blocked_by=_BLOCKED,
    sequence_fixed=UNQUOTED_SEQUENCE,
    unit_only_on_items=True,
)
_NOT_COPIED = ("id", "number", "status", "lastModifiedDateTime", "dueDate")


def made_from(
    ctx: WriteContext,
    source: Row,
    lines: list[Row],
    target: SalesDocumentRules,
    **values: Any,
) -> tuple[Row, list[Row]]:
    """A new draft of `target`'s kind with `source`'s header and `lines` (BC's Sales-Quote
    to Invoice / to Order, and the invoice an order's posting makes), not yet stored."""
    header = declared(target.kind.header)
    row = blank_row(header)
    for name in row:
        if name in source and name not in _NOT_COPIED:
            row[name] = source[name]
    day = today().isoformat()
    row.update({target.kind.date_field: day, "postingDate": day, "id": str(uuid.uuid4()), **values})
    row["status"], row["lastModifiedDateTime"] = "Draft", ctx.now
    row["discountAppliedBeforeTax"] = True
    target.number(ctx, header, row, posted=False)
    if header.field("dueDate") is not None:
        row["dueDate"] = target.due(ctx, row)
    line_set = declared(target.kind.lines)
    copied: list[Row] = []
    for line in lines:
        new = blank_row(line_set)
        new.update({k: v for k, v in line.items() if k in new})
        new["id"], new["documentId"] = str(uuid.uuid4()), row["id"]
        target.opened(new)
        copied.append(new)
    return target.recompute(ctx, row, copied)


def store_document(
    ctx: WriteContext, rules: SalesDocumentRules, document: Row, lines: list[Row]
) -> Record:
    record = ctx.store.insert(ctx.scope, rules.kind.header, document)
    rules.save_lines(ctx, [], lines)
    return record


def drop_document(ctx: WriteContext, rules: SalesDocumentRules, document_id: str) -> None:
    for line in rules.lines_of(ctx, document_id):
        ctx.store.delete(ctx.scope, rules.kind.lines, line.row["id"], ctx.now)
    ctx.store.delete(ctx.scope, rules.kind.header, document_id, ctx.now)


class SalesQuoteRules(SalesDocumentRules):
    def __init__(self) -> None:
        super().__init__(SALES_QUOTE)

    def require_draft(self, document: Row) -> None:
        """BC changes a quote whatever its status (a sent quote too)."""

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        for line in self.lines_of(ctx, record.row["id"]):
            ctx.store.delete(ctx.scope, self.kind.lines, line.row["id"], ctx.now)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> str | None:
        quote = dict(record.row)
        if name == "send":
            self.send(ctx, quote)
            return None
        target: SalesDocumentRules = (
            SalesInvoiceRules() if name == "makeInvoice" else (SalesOrderRules())
        )
        customer = self.party_row(ctx, quote)
        if customer.get("blocked") in target.kind.blocked_by:
            raise dialog(
                f"You cannot create this type of document when Customer {customer['number']} "
                f"is blocked with type {customer['blocked']}"
            )
        lines = [r.row for r in self.lines_of(ctx, quote["id"])]
        made, made_lines = made_from(ctx, quote, lines, target)
        store_document(ctx, target, made, made_lines)
        # BC deletes the quote once it has made the invoice or the order.
        drop_document(ctx, self, quote["id"])
        return str(made["id"])

    def send(self, ctx: WriteContext, quote: Row) -> None:
        # The sandbox mails nothing; it checks what BC checks and marks the quote sent.
        self.require_lines(ctx, quote)
        if not (quote["email"] or self.party_row(ctx, quote).get("email")):
            raise dialog(
                "The send-to email is empty. Specify email either for the customer or for "
                "the quote in email preview."
            )
        quote["status"], quote["sentDate"] = "Sent", today().isoformat()
        quote["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, self.kind.header, quote)


class SalesOrderRules(SalesDocumentRules):
    def __init__(self) -> None:
        super().__init__(SALES_ORDER)

    def opened(self, line: Row) -> None:
        # What is left to ship and to invoice, unless the write said how much.
        line["shipQuantity"] = outstanding(line, "shippedQuantity")
        line["invoiceQuantity"] = outstanding(line, "invoicedQuantity")

    def new_line(self, ctx: WriteContext, document: Row, raw: Any, siblings: list[Row]) -> Row:
        line = super().new_line(ctx, document, raw, siblings)
        for name, done in (
            ("shipQuantity", "shippedQuantity"),
            ("invoiceQuantity", "invoicedQuantity"),
        ):
            if name not in raw:
                line[name] = outstanding(line, done)
        return line

    def recompute(
        self, ctx: WriteContext, document: Row, lines: list[Row]
    ) -> tuple[Row, list[Row]]:
        check_within(lines, SHIP)
        return super().recompute(ctx, document, lines)

    def on_write(self, ctx: WriteContext, row: Row, written: set[str], *, new: bool) -> None:
        super().on_write(ctx, row, written, new=new)
        if "pricesIncludeTax" in written and row["pricesIncludeTax"]:
            self.allow_prices_including_tax(ctx, row)

    def allow_prices_including_tax(self, ctx: WriteContext, order: Row) -> None:
        """The order page's pricesIncludeTax OnValidate: refused when the order's first
        line is taxed by sales tax (its VAT Calculation Type)."""
        lines = self.lines_of(ctx, order["id"])
        if not lines:
            return
        code = lines[0].row.get("taxCode", "")
        group = next(
            (g.row for g in ctx.store.records(ctx.scope, "taxGroups") if g.row["code"] == code),
            None,
        )
        if group is not None and group.get("taxType") == "Sales_x0020_Tax":
            raise dialog(
                'The "pricesIncludeTax" cannot be set to true if VAT Calculation Type is Sales Tax.'
            )

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        # Another sell-to or bill-to customer for an order that has shipped: refused.
        moved = (
            (name, old[name])
            for name in ("customerId", "customerNumber", "billToCustomerId", "billToCustomerNumber")
            if name in changes
        )
        if any(str(changes[name]).upper() != str(was).upper() for name, was in moved):
            for line in self.lines_of(ctx, old["id"]):
                SALES_LINE.check_nothing_done(old, line.row)
        super().before_update(ctx, entity, old, row, changes)

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        # BC's Sales Header deletes its lines with their OnDelete trigger, which refuses a
        # line shipped and not yet invoiced.
        for line in self.lines_of(ctx, record.row["id"]):
            SALES_LINE.check_deletable(record.row, line.row)
        super().before_delete(ctx, entity, record)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> str | None:
        return ship_and_invoice(ctx, self, record)


class SalesQuoteLineRules(DocumentLineRules):
    def __init__(self) -> None:
        super().__init__(SalesQuoteRules())


class SalesOrderLineRules(OrderLineRules):
    def __init__(self) -> None:
        super().__init__(SalesOrderRules(), SHIP, SALES_LINE)
