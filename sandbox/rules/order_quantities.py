"""What is left to ship, receive or invoice on an order's lines, and BC's refusal of
more than that (Sales Line and Purchase Line: Qty. to Ship, Qty. to Receive and Qty. to
Invoice stay within the outstanding quantity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bcmodel import Entity
from sandbox.errors import ODataError
from sandbox.invoicing import dec, wire_number
from sandbox.rules.base import WriteContext, dialog
from sandbox.rules.document_lines import DocumentLineRules
from sandbox.store import Record, Row

if TYPE_CHECKING:
    from sandbox.rules.documents import DocumentRules

# (what to do now, what is done, BC's verb): a sales order ships, a purchase order
# receives, and both invoice.
Steps = Sequence[tuple[str, str, str]]
SHIP = (
    ("shipQuantity", "shippedQuantity", "ship"),
    ("invoiceQuantity", "invoicedQuantity", "invoice"),
)
RECEIVE = (
    ("receiveQuantity", "receivedQuantity", "receive"),
    ("invoiceQuantity", "invoicedQuantity", "invoice"),
)


@dataclass(frozen=True)
class LineTable:
    """BC's order line table, as its refusals name it and what a line has done: the
    quantity shipped (received) cannot go below what is done, and a line with done but
    not invoiced quantity cannot be deleted."""

    caption: str  # the table's caption: "Sales Line"
    done: str  # the field of the quantity done: "shippedQuantity"
    done_caption: str  # its caption: "Quantity Shipped"
    not_invoiced_caption: str  # done less invoiced: "Qty. Shipped Not Invoiced"

    def key(self, document: Row, line: Row, *, quoted: bool) -> str:
        """The line's primary key as BC's messages write it: FieldError quotes the values
        and separates with ',' ; TestField leaves them bare and separates with ', '."""
        values: tuple[tuple[str, object], ...] = (
            ("Document Type", "Order"),
            ("Document No.", document["number"]),
            ("Line No.", line["sequence"]),
        )
        if quoted:
            return ",".join(f"{name}='{value}'" for name, value in values)
        return ", ".join(f"{name}={value}" for name, value in values)

    def check_quantity(self, document: Row, line: Row) -> None:
        """Sales Line / Purchase Line, Quantity's OnValidate: `FieldError(Quantity,
        StrSubstNo(Text003, FieldCaption("Quantity Shipped")))`, Text003 'must not be less
        than %1'."""
        quantity, done = dec(line["quantity"]), dec(line.get(self.done) or 0)
        if quantity * done < 0 or abs(quantity) < abs(done):
            raise ODataError(
                400,
                "Application_FieldValidationException",
                f"Quantity must not be less than {self.done_caption} in {self.caption} "
                f"{self.key(document, line, quoted=True)}.",
            )

    def check_nothing_done(self, document: Row, line: Row) -> None:
        """Sales Header's CheckShipmentInfo (Purchase Header's CheckReceiptInfo): another
        customer (vendor) for an order means `TestField("Quantity Shipped", 0)` on a line
        that has shipped."""
        done = dec(line.get(self.done) or 0)
        if done:
            raise ODataError(
                400,
                "Application_FieldValidationException",
                f"{self.done_caption} must be equal to '0'  in {self.caption}: "
                f"{self.key(document, line, quoted=False)}. Current value is "
                f"'{wire_number(done)}'.",
            )

    def check_deletable(self, document: Row, line: Row) -> None:
        """The line table's OnDelete: an item line with quantity `TestField("Qty. Shipped
        Not Invoiced", 0)` (what was shipped must be invoiced before the line goes)."""
        if line["lineType"] != "Item" or not dec(line["quantity"]):
            return
        left = dec(line.get(self.done) or 0) - dec(line.get("invoicedQuantity") or 0)
        if left:
            raise ODataError(
                400,
                "Application_FieldValidationException",
                f"{self.not_invoiced_caption} must be equal to '0'  in {self.caption}: "
                f"{self.key(document, line, quoted=False)}. Current value is "
                f"'{wire_number(left)}'.",
            )


SALES_LINE = LineTable(
    "Sales Line", "shippedQuantity", "Quantity Shipped", "Qty. Shipped Not Invoiced"
)
PURCHASE_LINE = LineTable(
    "Purchase Line", "receivedQuantity", "Quantity Received", "Qty. Rcd. Not Invoiced"
)


def outstanding(line: Row, done: str) -> int | float:
    """What of the line's quantity is not yet done (`done`: the shipped, received or
    invoiced quantity's field); a comment line has none."""
    if line["lineType"] == "Comment":
        return 0
    return wire_number(dec(line["quantity"]) - dec(line.get(done) or 0))


def check_within(lines: Sequence[Row], steps: Steps) -> None:
    """Each (to-do field, done field, verb) of each line: refused as BC refuses it when
    the line asks for more than is outstanding."""
    for line in lines:
        for wanted, done, verb in steps:
            left = dec(outstanding(line, done))
            if dec(line[wanted]) > left:
                raise dialog(f"You cannot {verb} more than {wire_number(left)} units.")


class OrderLineRules(DocumentLineRules):
    """An order's line: a new quantity moves what is left to do with it, and cannot fall
    below what was already received or shipped."""

    def __init__(self, document: DocumentRules, steps: Steps, table: LineTable) -> None:
        super().__init__(document)
        self._steps = steps
        self._table = table

    def _order(self, ctx: WriteContext, line: Row) -> Row:
        found = ctx.store.get(ctx.scope, self.document.kind.header, line["documentId"])
        return found.row if found is not None else {"number": ""}

    def update(
        self, ctx: WriteContext, entity: Entity, record: Record, changes: dict[str, Any]
    ) -> Record:
        if "quantity" in changes:
            line = {**record.row, **changes}
            self._table.check_quantity(self._order(ctx, line), line)
            for wanted, done, _ in self._steps:
                changes.setdefault(wanted, outstanding(line, done))
        return super().update(ctx, entity, record, changes)

    def delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        self._table.check_deletable(self._order(ctx, record.row), record.row)
        super().delete(ctx, entity, record)
