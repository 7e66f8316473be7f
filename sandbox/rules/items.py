"""Items and their variants: the references BC takes by id or by code and keeps in step,
inventory adjustments, and what BC refuses to delete or duplicate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID
from sandbox.errors import ODataError
from sandbox.rules.base import EntityRules, WriteContext, dialog, reference
from sandbox.store import Record, Row
from sandbox.values import as_number, dec

ITEMS = "items"
VARIANTS = "itemVariants"
# Documents whose open lines keep an item from being deleted: (lines, their header set,
# the header's draft status, BC's name of the document).
_OPEN_LINES = (
    ("purchaseInvoiceLines", "purchaseInvoices", "Draft", "Purchase Invoice"),
    ("purchaseOrderLines", "purchaseOrders", "Draft", "Purchase Order"),
)


@dataclass(frozen=True)
class _Pair:
    """A reference the item page takes by id or by code (its OnValidate triggers), with
    BC's messages for an unknown id, an unknown code, and an id and code that disagree."""

    id_field: str
    code_field: str
    target: str
    unknown_id: str
    # Empty: the page has no message of its own, the field's TableRelation refuses it.
    unknown_code: str
    mismatch: str


_PAIRS = (
    _Pair(
        "itemCategoryId",
        "itemCategoryCode",
        "itemCategories",
        'The "itemCategoryId" does not match to a specific Item Category group.',
        'The "itemCategoryCode" does not match to a Item Category.',
        "The item categories values do not match to a specific item category.",
    ),
    _Pair(
        "taxGroupId",
        "taxGroupCode",
        "taxGroups",
        'The "taxGroupId" does not match to a Tax Group.',
        'The "taxGroupCode" does not match to a Tax Group.',
        "The tax group values do not match to a specific Tax Group.",
    ),
    _Pair(
        "baseUnitOfMeasureId",
        "baseUnitOfMeasureCode",
        "unitsOfMeasure",
        'The "baseUnitOfMeasureId" does not match to a Unit of Measure.',
        # The page leaves the code to the table's relation (the field's declared Lookup).
        "",
        "The unit of measure values do not match to a specific Unit of Measure.",
    ),
)


def _by_code(ctx: WriteContext, entity_set: str, value: str) -> Record | None:
    for record in ctx.store.records(ctx.scope, entity_set):
        if record.row["code"] == value:
            return record
    return None


def _resolve(ctx: WriteContext, pair: _Pair, row: Row, changes: dict[str, Any]) -> None:
    """Set the pair's other half from the half the write gave, as BC's triggers do."""
    if pair.id_field in changes:
        target_id = row[pair.id_field]
        if target_id == EMPTY_GUID:
            found_code = ""
        else:
            found = reference(ctx, pair.target, target_id)
            if found is None:
                raise dialog(pair.unknown_id)
            found_code = found.row["code"]
        if pair.code_field in changes and row[pair.code_field] != found_code:
            raise dialog(pair.mismatch)
        row[pair.code_field] = found_code
    elif pair.code_field in changes:
        code = row[pair.code_field]
        if not code:
            row[pair.id_field] = EMPTY_GUID
            return
        found = _by_code(ctx, pair.target, code)
        if found is None:
            if pair.unknown_code:
                raise dialog(pair.unknown_code)
            return
        row[pair.id_field] = found.row["id"]


def require_unblocked(item: Row) -> None:
    """BC refuses a blocked item on a new document line."""
    if item.get("blocked"):
        raise dialog(
            f"Blocked must be equal to 'No'  in Item: No.={item['number']}. Current value is 'Yes'."
        )


class ItemRules(EntityRules):
    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        if "inventory" in body:
            # Stock only moves through ledger entries, which a new item has none of.
            raise dialog("Inventory cannot be changed during on insert.")
        return super().create(ctx, entity, body, parent_id=parent_id)

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        for pair in _PAIRS:
            _resolve(ctx, pair, row, body)
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        for pair in _PAIRS:
            _resolve(ctx, pair, row, changes)
        if "inventory" in changes and dec(changes["inventory"]) != dec(old["inventory"]):
            # BC posts an item journal line (a positive or negative adjustment) for the
            # difference; only inventory items can take one.
            if row["type"] != "Inventory":
                raise dialog(
                    f"Type must be equal to 'Inventory'  in Item: No.={row['number']}. "
                    f"Current value is '{row['type'].replace('_x002D_', '-')}'."
                )
            row["inventory"] = as_number(dec(changes["inventory"]))
        super().before_update(ctx, entity, old, row, changes)

    def after_update(self, ctx: WriteContext, entity: Entity, record: Record) -> Record:
        # Renaming an item renames it in its variants' key too.
        for variant in ctx.store.records(ctx.scope, VARIANTS):
            if variant.row["itemId"] == record.row["id"]:
                if variant.row["itemNumber"] != record.row["number"]:
                    ctx.store.replace(
                        ctx.scope,
                        VARIANTS,
                        {
                            **variant.row,
                            "itemNumber": record.row["number"],
                            "lastModifiedDateTime": ctx.now,
                        },
                    )
        return record

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        item = record.row
        for lines, headers, open_status, document in _OPEN_LINES:
            for line in ctx.store.records(ctx.scope, lines):
                if line.row.get("itemId") != item["id"]:
                    continue
                header = ctx.store.get(ctx.scope, headers, line.row["documentId"])
                if header is not None and header.row["status"] == open_status:
                    raise dialog(
                        f"You cannot delete Item {item['number']} because there is at least "
                        f"one outstanding {document} that includes this item."
                    )

    def after_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        for variant in ctx.store.records(ctx.scope, VARIANTS):
            if variant.row["itemId"] == record.row["id"]:
                ctx.store.delete(ctx.scope, VARIANTS, variant.row["id"], ctx.now)


_ITEM_MISMATCH = "The item values do not match to a specific Item."


class ItemVariantRules(EntityRules):
    """The variant's item, by id (`The "itemId" does not match to an Item.`) or number,
    and under `items({id})/itemVariants` that item; its code unique per item."""

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        if parent_id is not None:
            if "itemId" in body and row["itemId"] != parent_id:
                raise dialog(_ITEM_MISMATCH)
            row["itemId"] = parent_id
            body = {**body, "itemId": parent_id}
        self._item(ctx, row, body)
        if row["itemId"] == EMPTY_GUID:
            raise ODataError(
                400,
                "Application_FieldValidationException",
                f"Item No. must have a value in Item Variant: Item No.=, Code={row['code']}. "
                "It cannot be zero or empty.",
            )
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        self._item(ctx, row, changes)
        super().before_update(ctx, entity, old, row, changes)

    def check(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        super().check(ctx, entity, row)
        for record in ctx.store.records(ctx.scope, entity.entity_set):
            other = record.row
            if (
                other["id"] != row["id"]
                and other["itemNumber"] == row["itemNumber"]
                and other["code"] == row["code"]
            ):
                raise ODataError(
                    409,
                    "Internal_EntityWithSameKeyExists",
                    f"The {entity.title} already exists. Identification fields and values: "
                    f"Item No.='{row['itemNumber']}',Code='{row['code']}'",
                )

    def _item(self, ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
        if "itemId" in changes:
            item = reference(ctx, ITEMS, row["itemId"])
            if item is None:
                raise dialog('The "itemId" does not match to an Item.')
            if "itemNumber" in changes and row["itemNumber"] != item.row["number"]:
                raise dialog(_ITEM_MISMATCH)
            row["itemNumber"] = item.row["number"]
        elif "itemNumber" in changes:
            for candidate in ctx.store.records(ctx.scope, ITEMS):
                if candidate.row["number"] == row["itemNumber"]:
                    row["itemId"] = candidate.row["id"]
                    return
            raise dialog('The "itemNumber" does not match to an Item.')
