"""The lines of business documents: a new line checked and priced from its item or
account, and the lines' own rules (written only while the document is a draft, each
write recomputing it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bcmodel import Entity
from bcmodel import entity as declared
from bcmodel.edm import EMPTY_GUID
from sandbox.errors import ODataError
from sandbox.options import QueryOptions
from sandbox.rules import ledger
from sandbox.rules.base import EntityRules, WriteContext, dialog, new_row
from sandbox.rules.document_kinds import DocumentKind
from sandbox.rules.field_checks import check_fields
from sandbox.rules.filters import filters_on
from sandbox.rules.items import require_unblocked
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import body_fields

if TYPE_CHECKING:
    from sandbox.rules.documents import DocumentRules

_FIXED_ON_LINES = ("documentId", "sequence", "lineObjectNumber", "itemId", "accountId", "lineType")


def new_line(
    ctx: WriteContext, kind: DocumentKind, document: Row, raw: Any, siblings: list[Row]
) -> Row:
    """A line row from a client body, checked and defaulted; amounts come from recompute()."""
    if not isinstance(raw, dict):
        raise dialog("Each line must be a JSON object.")
    row = new_row(ctx, declared(kind.lines), raw)
    if "documentId" in raw and row["documentId"] != document["id"]:
        raise dialog(f"The documentId of a line must be the id of its {kind.word}.")
    row["documentId"] = document["id"]
    sequences = [s["sequence"] for s in siblings]
    if row["sequence"]:
        if row["sequence"] in sequences:
            raise dialog("You cannot insert a line with a duplicate sequence number.")
    else:
        row["sequence"] = (max(sequences) if sequences else 0) + 10000
    resolve_object(ctx, kind, row, raw)
    check_unit(kind, row, raw)
    check_fields(ctx, declared(kind.lines), row)
    return row


UNIT_ONLY_ON_ITEMS = "Unit of Measure can be set only for lines with type Item."
_UNIT_FIELDS = ("unitOfMeasureId", "unitOfMeasureCode")


def check_unit(kind: DocumentKind, line: Row, written: dict[str, Any]) -> None:
    """The aggregators' VerifyCanUpdateUOM: CanOnlySetUOMForTypeItemErr."""
    if kind.unit_only_on_items and line["lineType"] != "Item":
        if any(name in written for name in _UNIT_FIELDS):
            raise dialog(UNIT_ONLY_ON_ITEMS)


# The line pages' own labels (APIV2 - Purchase Invoice Lines, Sales Invoice Lines, ...),
# whether the line names the item or account by id or by lineObjectNumber.
BOTH_ITEM_AND_ACCOUNT = 'Both "itemId" and "accountId" are specified. Specify only one of them.'
NO_ITEM = "Item does not exist."
NO_ACCOUNT = "Account does not exist."
_CANNOT_CHANGE = {
    "documentId": 'The value for "documentId" cannot be modified.',
    "lineObjectNumber": 'The value for "lineObjectNumber" cannot be modified.',
}


def resolve_object(ctx: WriteContext, kind: DocumentKind, row: Row, raw: dict[str, Any]) -> None:
    has_item = row["itemId"] != EMPTY_GUID
    has_account = row["accountId"] != EMPTY_GUID
    if has_item and has_account:
        raise dialog(BOTH_ITEM_AND_ACCOUNT)
    line_type = raw.get("lineType")
    if has_item or (line_type == "Item" and row["lineObjectNumber"]):
        item = ledger.item(ctx.store, ctx.scope, row["itemId"], row["lineObjectNumber"])
        if item is None:
            raise dialog(NO_ITEM)
        require_unblocked(item)
        row["lineType"], row["itemId"] = "Item", item["id"]
        row["lineObjectNumber"] = item["number"]
        row["description"] = row["description"] or item["description"]
        price = kind.price_field
        if price not in raw:
            source = next((f for f in kind.item_prices if item.get(f)), None)
            row[price] = item[source] if source else 0
        if "unitOfMeasureCode" not in raw:
            row["unitOfMeasureId"] = item.get("unitOfMeasureId", EMPTY_GUID)
            row["unitOfMeasureCode"] = item.get("unitOfMeasureCode", "")
        if "taxCode" not in raw:
            row["taxCode"] = item.get("taxCode", "")
        return
    if has_account or (line_type == "Account" and row["lineObjectNumber"]):
        account = _account(ctx, row["accountId"], row["lineObjectNumber"])
        row["lineType"], row["accountId"] = "Account", account["id"]
        row["lineObjectNumber"] = account["number"]
        row["description"] = row["description"] or account["displayName"]
        return
    if line_type in (None, "Comment"):
        row["lineType"] = "Comment"
        return
    raise dialog(f"A line of type {line_type} needs an itemId, an accountId or a lineObjectNumber.")


def _account(ctx: WriteContext, account_id: str, number: str) -> Row:
    for record in ctx.store.records(ctx.scope, "accounts"):
        row = record.row
        if row["id"] == account_id or (account_id == EMPTY_GUID and row["number"] == number):
            if row["accountType"] != "Posting":
                raise dialog(
                    f"Account Type must be equal to 'Posting' in G/L Account: No.={row['number']}."
                )
            if row["blocked"]:
                raise dialog(f"Blocked must be equal to 'No' in G/L Account: No.={row['number']}.")
            return row
    raise dialog(NO_ACCOUNT)


class DocumentLineRules(EntityRules):
    """A document's lines: written only while it is a draft, each write recomputing it."""

    def __init__(self, document: DocumentRules) -> None:
        self.document = document

    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        if not (filters_on(opts.filter, "documentId") or filters_on(opts.filter, "id")):
            # BC's page refuses to list every line of every document.
            raise dialog("You must specify an Id or a Document Id to get the lines.")
        return store.records(scope, entity.entity_set)

    def _draft(self, ctx: WriteContext, document_id: str) -> None:
        found = ctx.store.get(ctx.scope, self.document.kind.header, document_id)
        if found is not None:
            self.document.require_draft(found.row)

    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        kind = self.document.kind
        document_id = parent_id
        if document_id is None:
            raw_id = body.get("documentId")
            if not raw_id:
                raise dialog("You must specify a documentId to create a line.")
            document_id = str(
                body_fields(entity, {"documentId": raw_id}, creating=True)["documentId"]
            )
        document = ctx.store.get(ctx.scope, kind.header, document_id)
        if document is None:
            raise ODataError(
                404,
                "Internal_RecordNotFound",
                f"The {declared(kind.header).title} does not exist. "
                f"Identification fields and values: Id='{document_id}'",
            )
        self.document.require_draft(document.row)
        existing = [r.row for r in self.document.lines_of(ctx, document.row["id"])]
        row = self.document.new_line(ctx, document.row, body, existing)
        ctx.store.insert(ctx.scope, kind.lines, row, notify=False)
        self.document.touch(ctx, document.row["id"])
        saved = ctx.store.get(ctx.scope, kind.lines, row["id"])
        assert saved is not None
        return saved

    def update(
        self, ctx: WriteContext, entity: Entity, record: Record, changes: dict[str, Any]
    ) -> Record:
        self._draft(ctx, record.row["documentId"])
        for name in _FIXED_ON_LINES:
            if name in changes and changes[name] != record.row[name]:
                if name == "sequence":
                    raise dialog(self.document.kind.sequence_fixed)
                raise dialog(
                    _CANNOT_CHANGE.get(
                        name, f"You cannot change the {name} of a line once it is set."
                    )
                )
        row = {**record.row, **changes}
        check_unit(self.document.kind, row, changes)
        check_fields(ctx, entity, row)
        ctx.store.replace(ctx.scope, entity.entity_set, row, notify=False)
        self.document.touch(ctx, row["documentId"])
        saved = ctx.store.get(ctx.scope, entity.entity_set, row["id"])
        assert saved is not None
        return saved

    def delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        self._draft(ctx, record.row["documentId"])
        ctx.store.delete(ctx.scope, entity.entity_set, record.row["id"], ctx.now)
        self.document.touch(ctx, record.row["documentId"])
