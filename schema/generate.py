"""Strawberry types generated from the bcmodel descriptions, so an entity's fields are
written once (bcmodel) and every GraphQL type, filter and sort enum follows from it.

Generated classes are kept in the schema's Build (schema/build.py) under the names the
contract uses; types that refer to each other (filters' and/or, relations) use its
`lazy`.
"""

from __future__ import annotations

import enum
import re
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from bcmodel import Edm, Entity, Field
from resolvers import pagination, streams
from resolvers.rows import ENTITY_KEY
from schema import descriptions, filters
from schema.build import Build
from schema.enums import SortDirection
from schema.scalars import UUID, Date, DateTime, Decimal, Long

MODULE = "schema.types"
UNSET = strawberry.UNSET

ETAG = (
    "BC's @odata.etag of the record as read. Pass it to an update or delete, which BC then "
    "refuses (CONFLICT) if the record changed since."
)


def scalar_for(field: Field, build: Build) -> Any:
    if field.type is Edm.ENUM:
        assert field.enum is not None
        return build.enums[field.enum]
    return {
        Edm.GUID: UUID,
        Edm.STRING: str,
        Edm.DATE: Date,
        Edm.DATETIME: DateTime,
        Edm.DECIMAL: Decimal,
        Edm.INT32: int,
        Edm.INT64: Long,
        Edm.BOOLEAN: bool,
    }[field.type]


def filter_for(field: Field, build: Build) -> Any:
    if field.type is Edm.ENUM:
        assert field.enum is not None
        return build.enums[field.enum]
    return {
        Edm.GUID: filters.UUIDFilter,
        Edm.STRING: filters.StringFilter,
        Edm.DATE: filters.DateFilter,
        Edm.DATETIME: filters.DateTimeFilter,
        Edm.DECIMAL: filters.DecimalFilter,
        Edm.INT32: filters.IntFilter,
        Edm.BOOLEAN: bool,
    }.get(field.type)


def constant_name(name: str) -> str:
    """`displayName` -> `DISPLAY_NAME`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def object_type(
    name: str,
    entity: Entity,
    build: Build,
    *,
    bases: tuple[type, ...] = (),
    relations: dict[str, StrawberryField] | None = None,
    required: tuple[str, ...] = (),
    field_descriptions: dict[str, str] | None = None,
) -> Any:
    """`required` fields are non-null (beyond the key): BC always fills them.
    `field_descriptions` replace the ones bcmodel's fields give, where the schema serves
    something else under the name (BalanceSheetLine.id)."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for field in entity.fields:
        if field.stream:
            namespace[field.name] = strawberry.field(
                name=field.name,
                resolver=_download(entity, field),
                # Nullable: a failed download errs on this field, not on the record.
                graphql_type=str | None,
                description=descriptions.stream_field(field),
            )
            continue
        kind = scalar_for(field, build)
        non_null = field.name == entity.key or field.name in required
        annotations[field.name] = kind if non_null else kind | None
        namespace[field.name] = strawberry.field(
            name=field.name,
            description=descriptions.record_field(entity, field, non_null=non_null),
        )
    if entity.etag and bases and "lastModifiedDateTime" not in annotations:
        # The interface's field, with what it means for an entity BC does not time.
        annotations["lastModifiedDateTime"] = DateTime | None
        namespace["lastModifiedDateTime"] = strawberry.field(
            default=None, description=f"Always null: BC does not time {entity.entity_set}."
        )
    if entity.etag and bases:
        annotations["etag"] = str
        namespace["etag"] = strawberry.field(description=ETAG)
    for field_name, text in (field_descriptions or {}).items():
        namespace[field_name] = strawberry.field(description=text)
    namespace.update(relations or {})
    namespace.update(
        {
            "__annotations__": annotations,
            "__module__": MODULE,
            "is_type_of": classmethod(_is_type_of(entity.ref)),
        }
    )
    cls = type(name, bases, namespace)
    # Named explicitly: Strawberry would camel-case a custom API's `Contoso_Shipment`.
    return strawberry.type(cls, name=name, description=entity.description)


def _download(entity: Entity, field: Field) -> Any:
    async def resolve(root: Any, info: strawberry.Info) -> str | None:
        return await streams.download(info, root, entity, field)

    return resolve


def _is_type_of(ref: str) -> Any:
    # Resolvers return rows as dicts tagged with their entity (`Entity.ref`, resolvers/rows.py).
    def is_type_of(cls: type, obj: Any, info: Any) -> bool:
        return isinstance(obj, dict) and obj.get(ENTITY_KEY) == ref

    # The compiled path checks the tag itself, once per row, without the call.
    is_type_of.entity_ref = ref  # type: ignore[attr-defined]
    return is_type_of


def filter_input(name: str, entity: Entity, build: Build) -> Any:
    annotations: dict[str, Any] = {
        "and_": list[build.lazy(name)] | None,
        "or_": list[build.lazy(name)] | None,
    }
    namespace: dict[str, Any] = {
        "and_": strawberry.field(
            name="and",
            default=UNSET,
            description="All must match ([] puts no condition). null is refused.",
        ),
        "or_": strawberry.field(
            name="or",
            default=UNSET,
            description="Any must match; BC only allows alternatives on one field. "
            "null, [] (it would match nothing) and an alternative without a condition "
            "(it would match everything) are refused.",
        ),
    }
    for field in entity.fields:
        kind = filter_for(field, build)
        if kind is None:
            continue
        annotations[field.name] = kind | None
        namespace[field.name] = strawberry.field(
            name=field.name, default=UNSET, description=descriptions.filter_field(field)
        )
    namespace.update({"__annotations__": annotations, "__module__": MODULE})
    description = (
        f"Conditions on {entity.entity_set}: every one given must hold. A field left out "
        "puts no condition, and so does an empty filter ({}); a field given as null is "
        "refused (for blank values use {eq: null})."
    )
    return strawberry.input(type(name, (), namespace), name=name, description=description)


def sort_field_enum(name: str, entity: Entity) -> Any:
    members = {
        constant_name(f.name): strawberry.enum_value(f.name, description=descriptions.sort_key(f))
        for f in entity.fields
        if f.type not in (Edm.INT64, Edm.STREAM)
    }
    return strawberry.enum(
        enum.Enum(name, members),  # type: ignore[misc]
        description=f"A field {entity.entity_set} can be sorted by.",
    )


def order_input(name: str, sort_enum: Any, entity: Entity) -> Any:
    namespace = {
        "__annotations__": {"field": sort_enum, "direction": SortDirection},
        "__module__": MODULE,
        "field": strawberry.field(description="The field to sort by."),
        "direction": strawberry.field(
            default=SortDirection.ASC,  # type: ignore[attr-defined]
            description="Ascending (the default) or descending.",
        ),
    }
    return strawberry.input(
        type(name, (), namespace),
        name=name,
        description=f"One sort key of {entity.entity_set}: a field and a direction.",
    )


def connection_type(name: str, node: str, build: Build) -> Any:
    """A page of `node`s in both shapes clients expect: `nodes`, and Relay's `edges`."""
    edge = strawberry.type(
        name=f"{node}Edge",
        cls=type(
            f"{node}Edge",
            (),
            {
                "__annotations__": {"cursor": str, "node": build.lazy(node)},
                "__module__": MODULE,
                "cursor": strawberry.field(
                    description="This row's place in the list: pass it as `after` to read "
                    "on from the row after it."
                ),
                "node": strawberry.field(description="The row."),
            },
        ),
        description=f"One {node} of a page, with its cursor (Relay's edge).",
    )
    namespace = {
        "__annotations__": {
            "nodes": list[build.lazy(node)],
            "page_info": build.lazy("PageInfo"),
            "total_count": int | None,
        },
        "__module__": MODULE,
        "nodes": strawberry.field(
            description="This page's rows (the same as the nodes of `edges`, without cursors)."
        ),
        "edges": strawberry.field(
            resolver=_edges,
            graphql_type=list[edge],
            description="This page's rows with their cursors, in Relay's connection shape.",
        ),
        "page_info": strawberry.field(
            description="Where this page sits in the list, and the cursors to read on."
        ),
        "total_count": strawberry.field(
            default=None,
            description="How many rows match in all, on every page; BC is asked to count "
            "only when this is selected.",
        ),
    }
    return strawberry.type(
        type(name, (), namespace),
        name=name,
        description=f"A page of {node} records, read forward with `first` and `after` "
        "(see PageInfo).",
    )


def _edges(root: Any) -> Any:
    return pagination.edges(root)
