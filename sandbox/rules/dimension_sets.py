"""Dimension set lines: a record's dimensions and their values (BC's page over the
temporary Dimension Set Entry Buffer), under documents, their lines, journal lines and
G/L entries: each parent's relation names its kind (parentType).

The page keys a line by its dimension's id, which repeats across records, so the store
keys each line by its parent and dimension (`_key`). A write saves the set back into the
parent (a new Dimension Set ID): the parent changes, and its global dimension codes follow
the set's values (approximated: DEPARTMENT and PROJECT are the global dimensions 1 and 2,
as in BC's demo companies). BC's SaveDimensions saves into no posted entry, shipment or
receipt: a write under one is refused (`READ_ONLY`).
"""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID, decode_name, encode_name
from sandbox.errors import ODataError
from sandbox.options import QueryOptions
from sandbox.rules.base import EntityRules, WriteContext, dialog, reference
from sandbox.rules.filters import filters_on
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import body_fields

LINES = "dimensionSetLines"
DIMENSIONS = "dimensions"
VALUES = "dimensionValues"
GLOBAL_DIMENSIONS = {"DEPARTMENT": "shortcutDimension1Code", "PROJECT": "shortcutDimension2Code"}
CAPTIONS = {
    "shortcutDimension1Code": "Shortcut Dimension 1 Code",
    "shortcutDimension2Code": "Shortcut Dimension 2 Code",
}
PARENT_TYPE = encode_name("Purchase Invoice")
# The kinds of parent BC's SaveDimensions has no case for: their sets never change.
READ_ONLY = frozenset(
    {
        "General Ledger Entry",
        "Sales Shipment",
        "Sales Shipment Line",
        "Purchase Receipt",
        "Purchase Receipt Line",
    }
)


def line_key(parent_id: str, dimension_id: str) -> str:
    return f"{parent_id}/{dimension_id}".lower()


class DimensionSetLineRules(EntityRules):
    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        if parent_id is None:
            raise dialog("You must get to the parent first to create a dimension set line.")
        kind = _kind_under(ctx, entity)
        if kind is None:
            raise dialog(f"Parent with ID {parent_id} does not exist.")
        given = body_fields(entity, body, creating=True)
        row: Row = {f.name: f.empty_value() for f in entity.fields}
        row.update(given)
        dimension = _dimension(ctx, row, given)
        if not given.get("valueCode") and given.get("valueId", EMPTY_GUID) == EMPTY_GUID:
            raise dialog('The "valueId" or "valueCode" field must be filled in.')
        if any(r.row["code"] == dimension.row["code"] for r in lines_of(ctx, parent_id)):
            raise dialog(
                "The dimension set line already exists. Check existing dimension set lines "
                "and the default dimension set lines on the parent."
            )
        _value(ctx, row, given, dimension)
        _check_saved(parent_id, kind)
        row.update(
            parentId=parent_id, parentType=encode_name(kind), _key=line_key(parent_id, row["id"])
        )
        record = ctx.store.insert(ctx.scope, entity.entity_set, row, notify=False)
        save_set(ctx, parent_id, kind)
        return record

    def update(
        self, ctx: WriteContext, entity: Entity, record: Record, changes: dict[str, Any]
    ) -> Record:
        if any(changes.get(n, record.row[n]) != record.row[n] for n in ("id", "code")):
            raise dialog('The "id" and "code" fields cannot be modified.')
        row = dict(record.row)
        row.update(changes)
        dimension = reference(ctx, DIMENSIONS, str(row["id"]))
        assert dimension is not None  # the line was saved with it
        if "valueId" in changes and "valueCode" not in changes:
            row["valueCode"] = ""
        if "valueCode" in changes and "valueId" not in changes:
            row["valueId"] = EMPTY_GUID
        _value(ctx, row, changes, dimension)
        _check_saved(str(row["parentId"]), decode_name(str(row["parentType"])))
        updated = ctx.store.replace(ctx.scope, entity.entity_set, row, notify=False)
        save_set(ctx, str(row["parentId"]), decode_name(str(row["parentType"])))
        return updated

    def delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        _check_saved(str(record.row["parentId"]), decode_name(str(record.row["parentType"])))
        ctx.store.delete(ctx.scope, entity.entity_set, str(record.row["_key"]), ctx.now)
        save_set(ctx, str(record.row["parentId"]), decode_name(str(record.row["parentType"])))

    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        if not filters_on(opts.filter, "parentId"):
            raise dialog("You must get to the parent first to get to the dimension set line.")
        return store.records(scope, entity.entity_set)


def _kind_under(ctx: WriteContext, entity: Entity) -> str | None:
    """The Parent Type of the record the create was addressed under, as its page links
    the part (`Relation.kind`); None when its page has no such part."""
    if ctx.parent is None:
        return None
    found = ctx.entities.parents_of(entity)
    return next((down.kind for up, down in found if up is ctx.parent), None)


def _check_saved(parent_id: str, kind: str) -> None:
    if kind in READ_ONLY:
        raise dialog(
            f"Parent with ID {parent_id} does not exist or dimension set lines are read only "
            f"for parent type {kind}."
        )


def lines_of(ctx: WriteContext, parent_id: str) -> list[Record]:
    return [r for r in ctx.store.records(ctx.scope, LINES) if r.row["parentId"] == parent_id]


def _dimension(ctx: WriteContext, row: Row, given: dict[str, Any]) -> Record:
    """The dimension by id (BC validates id first), then code, which must agree."""
    by_id = None
    if given.get("id", EMPTY_GUID) != EMPTY_GUID:
        by_id = reference(ctx, DIMENSIONS, str(given["id"]))
        if by_id is None:
            raise dialog('The "id" does not match to a Dimension.')
    code = str(given.get("code", ""))
    if by_id is not None:
        if code and code != by_id.row["code"]:
            raise dialog("The dimension field values do not match to a specific Dimension.")
        found = by_id
    elif code:
        by_code = next(
            (d for d in ctx.store.records(ctx.scope, DIMENSIONS) if d.row["code"] == code), None
        )
        if by_code is None:
            raise dialog('The "code" does not match to a Dimension.')
        found = by_code
    else:
        raise dialog('The "id" or "code" field must be filled in.')
    row.update(
        id=found.row["id"],
        code=found.row["code"],
        displayName=found.row["displayName"],
        consolidationCode=found.row["consolidationCode"],
    )
    return found


def _value(ctx: WriteContext, row: Row, given: dict[str, Any], dimension: Record) -> None:
    """The value by valueId, then valueCode, which must agree; a value of the dimension."""
    by_id = None
    if str(row["valueId"]) != EMPTY_GUID:
        by_id = reference(ctx, VALUES, str(row["valueId"]))
        if by_id is None:
            raise dialog('The "valueId" does not match to a Dimension Value.')
    code = str(row["valueCode"])
    if by_id is not None and code and code != by_id.row["code"]:
        raise dialog(
            'The values of the "dimensionCode" field and the "dimensionId" field do not '
            "refer to the same Dimension Value."
        )
    found = by_id
    if found is None:
        found = next(
            (
                v
                for v in ctx.store.records(ctx.scope, VALUES)
                if v.row["dimensionId"] == dimension.row["id"] and v.row["code"] == code
            ),
            None,
        )
        if found is None:
            raise dialog('The "valueCode" does not match to a Dimension Value.')
    if found.row["dimensionId"] != dimension.row["id"]:
        # DimensionManagement's check, approximated: a value of another dimension.
        raise ODataError(
            400,
            "Application_DialogException",
            f"Dimension Value {found.row['code']} is not a value of Dimension "
            f"{dimension.row['code']}.",
        )
    row.update(
        valueId=found.row["id"],
        valueCode=found.row["code"],
        valueDisplayName=found.row["displayName"],
        valueConsolidationCode=found.row["consolidationCode"],
    )


def save_set(ctx: WriteContext, parent_id: str, kind: str) -> None:
    """The set saved into its record (of the entity that links the part by this kind): a
    new version of it, its global dimensions set where the record shows them."""
    found = ctx.entities.parent_by_kind(ctx.entities.entity(LINES), kind)
    parent = found[0] if found is not None else None
    record = ctx.store.get(ctx.scope, parent.ref, parent_id) if parent is not None else None
    if parent is None or record is None:  # pragma: no cover - checked on create
        return
    row = dict(record.row)
    values = {str(r.row["code"]): str(r.row["valueCode"]) for r in lines_of(ctx, parent_id)}
    for dimension, field in GLOBAL_DIMENSIONS.items():
        if parent.field(field) is not None:
            row[field] = values.get(dimension, "")
    if parent.field("lastModifiedDateTime") is not None:
        row["lastModifiedDateTime"] = ctx.now
    ctx.store.replace(ctx.scope, parent.ref, row)


def copy_default_dimensions(ctx: WriteContext, invoice: Row) -> None:
    """A new invoice's dimension set: its vendor's default dimensions that have a value, as
    BC copies them onto a new document (the invoice row is changed before it is saved)."""
    for default in ctx.store.records(ctx.scope, "defaultDimensions"):
        if default.row["parentId"] != invoice["vendorId"] or not default.row["dimensionValueCode"]:
            continue
        dimension = reference(ctx, DIMENSIONS, str(default.row["dimensionId"]))
        if dimension is None:  # pragma: no cover - default dimensions name existing ones
            continue
        row: Row = {
            "id": dimension.row["id"],
            "code": dimension.row["code"],
            "displayName": dimension.row["displayName"],
            "consolidationCode": dimension.row["consolidationCode"],
            "parentId": invoice["id"],
            "parentType": PARENT_TYPE,
            "valueId": default.row["dimensionValueId"],
            "valueCode": "",
            "_key": line_key(str(invoice["id"]), str(dimension.row["id"])),
        }
        _value(ctx, row, row, dimension)
        ctx.store.insert(ctx.scope, LINES, row, notify=False)
        field = GLOBAL_DIMENSIONS.get(str(row["code"]))
        if field is not None and not invoice[field]:  # a code given on create wins
            invoice[field] = row["valueCode"]


def global_dimension_value(
    ctx: WriteContext, document: Row, field: str, table: str
) -> tuple[Record, Record] | None:
    """The dimension and value a document's global dimension code (`field`) names, None
    for a blank code; a code that is no value of that dimension is refused as the field's
    TableRelation ("Dimension Value".Code where Global Dimension No. = 1 or 2) refuses it
    on `table`, the page's source table."""
    code = next(c for c, f in GLOBAL_DIMENSIONS.items() if f == field)
    dimension = next(
        (d for d in ctx.store.records(ctx.scope, DIMENSIONS) if d.row["code"] == code), None
    )
    value_code = str(document[field])
    if dimension is None or not value_code:
        return None
    value = next(
        (
            v
            for v in ctx.store.records(ctx.scope, VALUES)
            if v.row["dimensionId"] == dimension.row["id"] and v.row["code"] == value_code
        ),
        None,
    )
    if value is None:
        raise ODataError(
            400,
            "Internal_InvalidTableRelation",
            f"The field {CAPTIONS[field]} of table {table} contains a value ({value_code}) "
            "that cannot be found in the related table (Dimension Value).",
        )
    return dimension, value


def check_global_dimensions(
    ctx: WriteContext, document: Row, written: set[str], table: str
) -> None:
    for field in GLOBAL_DIMENSIONS.values():
        if field in written:
            global_dimension_value(ctx, document, field, table)


def global_dimensions_written(
    ctx: WriteContext, invoice: Row, written: set[str], table: str
) -> None:
    """The invoice's global dimension codes are its set's values of those dimensions:
    writing one sets that line's value (a new line if the set has none), and writing a
    blank removes the line."""
    for code, field in GLOBAL_DIMENSIONS.items():
        if field not in written:
            continue
        found = global_dimension_value(ctx, invoice, field, table)
        existing = next(
            (r for r in lines_of(ctx, str(invoice["id"])) if r.row["code"] == code), None
        )
        if found is None:
            if existing is not None and not invoice[field]:
                ctx.store.delete(ctx.scope, LINES, str(existing.row["_key"]), ctx.now)
            continue
        dimension, value = found
        value_code = str(invoice[field])
        row: Row = (
            dict(existing.row)
            if existing is not None
            else {
                "id": dimension.row["id"],
                "code": code,
                "displayName": dimension.row["displayName"],
                "consolidationCode": dimension.row["consolidationCode"],
                "parentId": invoice["id"],
                "parentType": PARENT_TYPE,
                "_key": line_key(str(invoice["id"]), str(dimension.row["id"])),
            }
        )
        row.update(valueId=value.row["id"], valueCode=value_code)
        _value(ctx, row, row, dimension)
        if existing is None:
            ctx.store.insert(ctx.scope, LINES, row, notify=False)
        else:
            ctx.store.replace(ctx.scope, LINES, row, notify=False)
