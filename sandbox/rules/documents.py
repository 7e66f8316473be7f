"""Business documents with lines (purchase invoices, sales invoices and credit memos): the
party's defaults copied onto the header, due dates, totals from the lines, lines priced
from items and accounts. What differs between documents is data (`DocumentKind`); the
actions each document has live with its own rules (invoices.py, sales.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bcmodel import Entity, entity_by_set
from bcmodel import entity as declared
from bcmodel.edm import EMPTY_GUID
from sandbox.invoicing import due_date, invoice_totals
from sandbox.rules import ledger, posted_deletion
from sandbox.rules.base import (
    EntityRules,
    WriteContext,
    assign_number,
    dialog,
    missing_reference,
    new_row,
    reference,
    take_number,
)
from sandbox.rules.dimension_sets import check_global_dimensions
from sandbox.rules.document_kinds import DocumentKind
from sandbox.rules.document_lines import new_line
from sandbox.rules.field_checks import check_fields
from sandbox.rules.id_and_number import named_in_body_order
from sandbox.store import Record, Row
from sandbox.values import today


class DocumentRules(EntityRules):
    """A document's header: created with its lines, kept in step with them, draft-only writes."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind
        self.deep_insert = frozenset({kind.lines})

    @property
    def posted(self) -> str:
        return f"The {self.kind.word} has been posted and can no longer be modified."

    def party(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> Record:
        p = self.kind.party
        # A blank id or number is taken as not given (BC's triggers would refuse it), so
        # the document keeps its party, or has none and gets `neither`.
        given = {
            name: value
            for name, value in changes.items()
            if name not in (p.id_field, p.number_field) or value not in (None, "", EMPTY_GUID)
        }
        found = named_in_body_order(ctx, p, given)
        if found is not None:
            return found
        existing = reference(ctx, p.entity_set, row[p.id_field])
        if existing is None:
            raise dialog(p.neither)
        return existing

    def copy_party(self, ctx: WriteContext, row: Row, party: Row, changes: dict[str, Any]) -> None:
        if party["blocked"] in self.kind.blocked_by:
            raise dialog(
                f"You cannot create this type of document when {self.kind.party.title} "
                f"{party['number']} is blocked with type {party['blocked']}"
            )
        for copy in self.kind.party.copies:
            if copy.unless is None or copy.unless not in changes:
                row[copy.target] = party.get(copy.source, "")
        self.defaults(ctx, row, changes)

    def defaults(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        """What else a header takes when it is written (after the party's fields)."""

    def due(self, ctx: WriteContext, row: Row) -> str:
        """The due date from the document date and the terms: the header's own (a sales
        document's), or else the party's (a purchase invoice has none of its own)."""
        day = date.fromisoformat(row[self.kind.date_field])
        party = declared(self.kind.party.entity_set)
        for owner, values in ((declared(self.kind.header), row), (party, None)):
            relation = next(
                (r for r in owner.relations if not r.many and _has_due_formula(r.target)), None
            )
            if relation is None:
                continue
            source = values if values is not None else self.party_row(ctx, row)
            terms = reference(ctx, relation.target, source.get(relation.local_key, ""))
            formula = terms.row["dueDateCalculation"] if terms else ""
            return due_date(day, formula).isoformat()
        return day.isoformat()

    def party_row(self, ctx: WriteContext, row: Row) -> Row:
        found = reference(ctx, self.kind.party.entity_set, row[self.kind.party.id_field])
        return found.row if found else {}

    def require_draft(self, document: Row) -> None:
        if document["status"] != "Draft":
            raise dialog(self.posted)

    def lines_of(self, ctx: WriteContext, document_id: str) -> list[Record]:
        return sorted(
            (
                r
                for r in ctx.store.records(ctx.scope, self.kind.lines)
                if r.row["documentId"] == document_id
            ),
            key=lambda r: r.row["sequence"],
        )

    def recompute(
        self, ctx: WriteContext, document: Row, lines: list[Row]
    ) -> tuple[Row, list[Row]]:
        """The document with totals from its lines, and the lines with their amounts."""
        try:
            fields, new_lines = invoice_totals(
                document,
                lines,
                ledger.tax_rates(ctx.store, ctx.scope),
                price_field=self.kind.price_field,
            )
        except ValueError as refusal:  # e.g. a discount larger than the document
            raise dialog(str(refusal)) from None
        updated = {**document, **fields}
        if "remainingAmount" in document and document["status"] == "Draft":
            updated["remainingAmount"] = fields["totalAmountIncludingTax"]
        return updated, new_lines

    def save_lines(self, ctx: WriteContext, old: list[Record], new: list[Row]) -> None:
        # Lines have no webhooks (BC's lines are a temporary table); their document notifies.
        by_id = {r.row["id"]: r for r in old}
        for line in new:
            current = by_id.get(line["id"])
            if current is None:
                ctx.store.insert(ctx.scope, self.kind.lines, line, notify=False)
            elif current.row != line:
                ctx.store.replace(ctx.scope, self.kind.lines, line, notify=False)

    def touch(self, ctx: WriteContext, document_id: str) -> None:
        """A line changed: recompute the document and tell its subscribers it was updated."""
        document = ctx.store.get(ctx.scope, self.kind.header, document_id)
        if document is None:
            return
        old_lines = self.lines_of(ctx, document_id)
        row, lines = self.recompute(ctx, dict(document.row), [dict(r.row) for r in old_lines])
        row["lastModifiedDateTime"] = ctx.now
        self.save_lines(ctx, old_lines, lines)
        ctx.store.replace(ctx.scope, self.kind.header, row)

    def number(self, ctx: WriteContext, header: Entity, row: Row, *, posted: bool) -> None:
        """Number a draft (or renumber a posted document) from its series."""
        if self.kind.posted_first is None:
            assign_number(ctx, header, row)
            return
        series = header.number_series
        assert series is not None
        numbers = [
            r.row["number"]
            for r in ctx.store.records(ctx.scope, header.entity_set)
            if (r.row["status"] == "Draft") != posted
        ]
        code = f"{header.ref}+" if posted else header.ref
        first = self.kind.posted_first if posted else series.first
        row["number"] = take_number(ctx, code, numbers, first)

    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        row = new_row(ctx, entity, body, allow=self.deep_insert)
        row["lastModifiedDateTime"] = ctx.now
        party = self.party(ctx, row, body)
        self.copy_party(ctx, row, party.row, body)
        self.check_references(ctx, entity, row)
        row["status"] = "Draft"
        self.number(ctx, entity, row, posted=False)
        row["discountAppliedBeforeTax"] = True
        if self.kind.date_field not in body:
            row[self.kind.date_field] = today().isoformat()
        if "postingDate" not in body:
            row["postingDate"] = row[self.kind.date_field]
        # A sales order has no due date of its own (its invoices do).
        if "dueDate" not in body and entity.field("dueDate") is not None:
            row["dueDate"] = self.due(ctx, row)
        raw_lines = body.get(self.kind.lines, [])
        if not isinstance(raw_lines, list):
            raise dialog(f"{self.kind.lines} must be an array of lines.")
        lines: list[Row] = []
        for raw in raw_lines:
            lines.append(self.new_line(ctx, row, raw, lines))
        # Deep insert: the header and its lines are one write (the caller's transaction).
        document, lines = self.recompute(ctx, row, lines)
        self.on_write(ctx, document, set(body), new=True)
        record = ctx.store.insert(ctx.scope, self.kind.header, document)
        self.save_lines(ctx, [], lines)
        return record

    def on_write(self, ctx: WriteContext, row: Row, written: set[str], *, new: bool) -> None:
        """What else a header's write changes, before it is stored (`written`: the fields
        the write gave; `new`: a create). Here: the pages write the global dimension codes
        unchecked, and their source tables' TableRelation refuses a code that is no value
        of that dimension."""
        check_global_dimensions(ctx, row, written, declared(self.kind.header).table_caption)

    def check_references(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        """The header's checked references besides its party (checked when it is read),
        and its fields' declared checks."""
        check_fields(ctx, entity, row)
        for rel in entity.relations:
            value = str(row[rel.local_key])
            if (
                rel.checked
                and rel.local_key != self.kind.party.id_field
                and value not in ("", EMPTY_GUID)
                and reference(ctx, rel.target, value) is None
            ):
                raise missing_reference(rel)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        self.require_draft(old)
        p = self.kind.party
        if p.id_field in changes or p.number_field in changes:
            party = self.party(ctx, row, changes)
            if p.id_field in changes and p.number_field in changes:
                changes = {k: v for k, v in changes.items() if k != p.number_field}
            self.copy_party(ctx, row, party.row, changes)
        else:
            self.defaults(ctx, row, changes)
        self.check_references(ctx, entity, row)
        self.on_write(ctx, row, set(changes), new=False)
        if (
            self.kind.date_field in changes
            and "dueDate" not in changes
            and entity.field("dueDate") is not None
        ):
            row["dueDate"] = self.due(ctx, row)
        old_lines = self.lines_of(ctx, row["id"])
        document, lines = self.recompute(ctx, row, [dict(r.row) for r in old_lines])
        row.update(document)
        self.save_lines(ctx, old_lines, lines)

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        if record.row["status"] != "Draft":
            raise posted_deletion.refusal(self.kind)
        for line in self.lines_of(ctx, record.row["id"]):
            ctx.store.delete(ctx.scope, self.kind.lines, line.row["id"], ctx.now)

    def new_line(self, ctx: WriteContext, document: Row, raw: Any, siblings: list[Row]) -> Row:
        return new_line(ctx, self.kind, document, raw, siblings)


def _has_due_formula(entity_set: str) -> bool:
    target = entity_by_set(entity_set)
    return target is not None and target.field("dueDateCalculation") is not None
