"""Default dimensions: BC's Default Dimension table and its API page. The parent, the
dimension and the value must exist and agree; one default per dimension and parent."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity, entity_by_set
from bcmodel.edm import EMPTY_GUID, decode_name
from sandbox.errors import ODataError
from sandbox.rules.base import EntityRules, WriteContext, dialog, reference
from sandbox.store import Record, Row

DIMENSIONS = "dimensions"
VALUES = "dimensionValues"
# Parent Type -> (the parent's entity set, BC's table number, which keys Default
# Dimension together with the parent's No.).
PARENTS = {
    "Customer": ("customers", 18),
    "Item": ("items", 27),
    "Vendor": ("vendors", 23),
    "Employee": ("employees", 5200),
}
# The fields BC's OnRename refuses to change (the table's key), as the API names them.
KEY_FIELDS = ("parentType", "parentId", "dimensionId")


class DefaultDimensionRules(EntityRules):
    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        if parent_id is not None:
            # Created under its parent (`vendors({id})/defaultDimensions`): BC's page link
            # fills in the parent.
            row["parentId"] = parent_id
            row["parentType"] = _parent_type(ctx, parent_id)
        if row["parentType"] == "_x0020_" or row["parentId"] == EMPTY_GUID:
            raise dialog("You must get to the parent first to get to the default dimensions.")
        _parent(ctx, row)
        if row["dimensionId"] == EMPTY_GUID:
            raise dialog(
                "Dimension Code must have a value in Default Dimension: "
                f"{_identification(ctx, row)}. It cannot be zero or empty."
            )
        _dimension(ctx, row)
        _value(ctx, row)
        _posting(ctx, row)
        _unique(ctx, entity, row)
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        if any(row[name] != old[name] for name in KEY_FIELDS):
            raise dialog("You can't rename a Default Dimension.")
        if "dimensionValueId" in changes:
            _value(ctx, row)
        _posting(ctx, row)
        super().before_update(ctx, entity, old, row, changes)


def _parent_type(ctx: WriteContext, parent_id: str) -> str:
    for kind, (entity_set, _) in PARENTS.items():
        if entity_by_set(entity_set) is not None and reference(ctx, entity_set, parent_id):
            return kind
    return "_x0020_"  # pragma: no cover - the path named a parent that exists


def _parent(ctx: WriteContext, row: Row) -> Record:
    """The customer, vendor, item or employee the row belongs to (BC's UpdateNo)."""
    entity_set, _ = PARENTS[decode_name(str(row["parentType"]))]
    found = (
        reference(ctx, entity_set, str(row["parentId"]))
        if entity_by_set(entity_set) is not None
        else None
    )
    if found is None:
        raise dialog("Parent is not found.")
    return found


def _identification(ctx: WriteContext, row: Row) -> str:
    _, table = PARENTS[decode_name(str(row["parentType"]))]
    number = _parent(ctx, row).row["number"]
    return f"Table ID={table}, No.={number}, Dimension Code={row['dimensionCode']}"


def _dimension(ctx: WriteContext, row: Row) -> None:
    dimension = reference(ctx, DIMENSIONS, str(row["dimensionId"]))
    if dimension is None:
        raise dialog('The "dimensionId" does not match to a Dimension.')
    row["dimensionCode"] = dimension.row["code"]


def _value(ctx: WriteContext, row: Row) -> None:
    value_id = str(row["dimensionValueId"])
    if value_id == EMPTY_GUID:
        row["dimensionValueCode"] = ""
        return
    value = reference(ctx, VALUES, value_id)
    if value is None:
        raise dialog('The "dimensionValueId" does not match to a Dimension Value.')
    if value.row["dimensionId"] != row["dimensionId"]:
        raise dialog(
            'The "dimensionId" and "dimensionValueId" match to different Dimension records.'
        )
    row["dimensionValueCode"] = value.row["code"]


def _posting(ctx: WriteContext, row: Row) -> None:
    """No Code: the default dimension itself has no value (BC's TestField)."""
    if row["postingValidation"] == "No_x0020_Code" and row["dimensionValueCode"]:
        raise dialog(
            "Dimension Value Code must be equal to '' in Default Dimension: "
            f"{_identification(ctx, row)}. Current value is '{row['dimensionValueCode']}'."
        )


def _unique(ctx: WriteContext, entity: Entity, row: Row) -> None:
    for other in ctx.store.records(ctx.scope, entity.entity_set):
        same = all(other.row[n] == row[n] for n in ("parentType", "parentId", "dimensionCode"))
        if same and other.row["id"] != row["id"]:
            _, table = PARENTS[decode_name(str(row["parentType"]))]
            number = _parent(ctx, row).row["number"]
            raise ODataError(
                409,
                "Internal_EntityWithSameKeyExists",
                "The Default Dimension already exists. Identification fields and values: "
                f"Table ID='{table}',No.='{number}',Dimension Code='{row['dimensionCode']}'",
            )
