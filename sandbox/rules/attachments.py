"""Files attached to records, and a document's PDF: BC's Attachment Entity Buffer pages.

An attachment's parent is named by parentType and parentId; the parent must exist. BC's
attachments page refuses master records (they go through documentAttachments), a file
name BC's File Management finds invalid becomes filename.txt, and the size follows the
content (sandbox/writing.py). A document's PDF is printed when read, never stored.
"""

from __future__ import annotations

import re
from typing import Any

from bcmodel import Entity
from bcmodel.attachment_enums import MASTER_PARENT_TYPES
from bcmodel.edm import EMPTY_GUID, decode_name, encode_name
from sandbox.options import QueryOptions
from sandbox.pdf import text_pdf
from sandbox.rules.base import EntityRules, WriteContext, dialog, require_field
from sandbox.rules.filters import guid_equal, text_equal
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import stream_text

# Which entity set holds the parents of each parentType (AL member names).
PARENT_SETS = {
    "Journal": "journalLines",
    "Sales Order": "salesOrders",
    "Sales Quote": "salesQuotes",
    "Sales Credit Memo": "salesCreditMemos",
    "Sales Invoice": "salesInvoices",
    "Purchase Invoice": "purchaseInvoices",
    "Purchase Order": "purchaseOrders",
    "Purchase Credit Memo": "purchaseCreditMemos",
    "Employee": "employees",
    "Item": "items",
    "Customer": "customers",
    "Vendor": "vendors",
}

# What BC's File Management.IsValidFileName refuses: a blank name, or a character Windows
# does not allow in one.
_INVALID_NAME = re.compile(r'[\\/:*?"<>|]')


def _caption(member: str) -> str:
    # The AL caption BC formats into its messages; Job's is Project.
    return "Project" if member == "Job" else member


def _valid_name(row: Row) -> None:
    name = str(row["fileName"])
    if not name.strip() or _INVALID_NAME.search(name):
        row["fileName"] = "filename.txt"


def _check_parent(ctx: WriteContext, row: Row) -> None:
    """The parent named by parentType and parentId exists (BC finds it to file the
    attachment under its table)."""
    member = decode_name(str(row["parentType"]))
    parent_id = str(row["parentId"])
    entity_set = PARENT_SETS.get(member)
    if entity_set is None or parent_id == EMPTY_GUID:
        return
    if ctx.store.get(ctx.scope, entity_set, parent_id) is None:
        raise dialog(f"The {_caption(member)} with the id {parent_id} does not exist.")


class AttachmentRules(EntityRules):
    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        member = decode_name(str(row["parentType"]))
        if member in MASTER_PARENT_TYPES:
            raise dialog(
                f"Parent type {_caption(member)} is not supported. Use documentAttachments "
                "API instead."
            )
        _valid_name(row)
        _check_parent(ctx, row)
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        for name in self.keys:
            if str(row[name]).lower() != str(old[name]).lower():
                raise dialog(f"You cannot change the value of the key field {name}.")
        if "fileName" in changes:
            _valid_name(row)
        super().before_update(ctx, entity, old, row, changes)

    # What BC's OnModifyRecord refuses to change.
    keys: tuple[str, ...] = ("parentId", "parentType")


class DocumentAttachmentRules(AttachmentRules):
    # BC's documentAttachments page checks only the id; the parent is kept as filed.
    keys = ()

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        if row["parentId"] == EMPTY_GUID:
            # The page's mandatory field: BC files the attachment under its parent.
            require_field({}, "parentId")
        _valid_name(row)
        _check_parent(ctx, row)
        EntityRules.before_insert(self, ctx, entity, row, body, parent_id)


class PdfDocumentRules(EntityRules):
    """BC prints the PDF of the document its filter names (parentId and parentType), or
    of the document a navigation reaches; the record's id is the document's."""

    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        parent_id = guid_equal(opts.filter, "parentId") or guid_equal(opts.filter, "id")
        parent_type = text_equal(opts.filter, "parentType")
        if parent_type is None:
            raise dialog("You must specify a parentType in the request body.")
        if parent_id is None:
            raise dialog("You must specify a parentId in the request body.")
        if entity.parent_set(parent_type) is None:
            raise dialog("Document type is not valid.")
        record = self.fetched(store, scope, entity, parent_id)
        return [record] if record is not None else []

    def fetched(self, store: Store, scope: Scope, entity: Entity, record_id: str) -> Record | None:
        for member, entity_set in entity.reached_under:
            document = store.get(scope, entity_set, record_id)
            if document is not None:
                return _printed(document, member)
        return None


def _printed(document: Record, member: str) -> Record:
    row = document.row
    dated = row.get("invoiceDate") or row.get("documentDate") or row.get("creditMemoDate")
    total = f"{row.get('totalAmountIncludingTax', '')} {row.get('currencyCode', '')}"
    lines = [
        f"{member} {row.get('number', '')}",
        f"Date: {dated or ''}",
        f"{row.get('customerName') or row.get('vendorName') or ''}",
        f"Total including tax: {total}",
    ]
    printed = {
        "id": row["id"],
        "parentId": row["id"],
        "parentType": encode_name(member),
        "pdfDocumentContent": stream_text(text_pdf(lines)),
    }
    return Record(printed, document.version, document.etag)
