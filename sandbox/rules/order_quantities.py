"""What is left to ship, receive or invoice on an order's lines, and BC's refusal of
more than that (Sales Line and Purchase Line: Qty. to Ship, Qty. to Receive and Qty. to
Invoice stay within the outstanding quantity)."""

from __future__ import annotations

from collections.abc import Sequence
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


# The caption of each done field, which the line table's FieldError names.
_DONE_CAPTIONS = {"receivedQuantity": "Quantity Received", "shippedQuantity": "Quantity Shipped"}


class OrderLineRules(DocumentLineRules):
    """An order's line: a new quantity moves what is left to do with it, and cannot fall
    below what was already received or shipped."""

    def __init__(self, document: DocumentRules, steps: Steps) -> None:
        super().__init__(document)
        self._steps = steps

    def update(
        self, ctx: WriteContext, entity: Entity, record: Record, changes: dict[str, Any]
    ) -> Record:
        if "quantity" in changes:
            line = {**record.row, **changes}
            self._check_not_below_done(ctx, entity, line)
            for wanted, done, _ in self._steps:
                changes.setdefault(wanted, outstanding(line, done))
        return super().update(ctx, entity, record, changes)

    def _check_not_below_done(self, ctx: WriteContext, entity: Entity, line: Row) -> None:
        """Purchase Line and Sales Line, Quantity's OnValidate: FieldError(Quantity,
        'must not be less than' the received or shipped quantity)."""
        first_done = self._steps[0][1]
        if abs(dec(line["quantity"])) >= abs(dec(line.get(first_done) or 0)):
            return
        order = ctx.store.get(ctx.scope, self.document.kind.header, str(line["documentId"]))
        number = order.row["number"] if order is not None else ""
        raise ODataError(
            400,
            "Application_FieldValidationException",
            f"Quantity must not be less than {_DONE_CAPTIONS[first_done]} in {entity.title} "
            f"Document Type='Order',Document No.='{number}',Line No.='{line['sequence']}'.",
        )
