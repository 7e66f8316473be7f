"""Plain fields (no resolver of their own: a BC property read off a row) without graphql-
core's per-field machinery.

A Q1 of 50 invoices resolves about 100 such fields. For each, graphql-core builds a
ResolveInfo, calls the resolver (through Strawberry's three-call wrapper), checks the
result for awaitables, then completes it through `complete_value`; in the profile that
per-field path was the largest part of the gateway's CPU after the BC call itself
(bench/REPORT.md). Here:

* `read_plain_fields_directly` gives every field Strawberry marks plain (`_is_default`: no
  resolver, extensions or permission classes) a one-call reader of `source[name]`, and
  tags the scalar or enum leaves among them;
* `PlainLeafExecutor.execute_field` answers a tagged leaf of a row (a dict) with that read
  and the type's own output coercion, skipping ResolveInfo. Anything unusual (no value for
  a non-null field, a value the type will not coerce, field middleware from an extension,
  a source that is not a row) goes the ordinary way, which re-reads the same value and
  reports the error exactly as graphql-core does: the fast path only ever returns what the
  ordinary one would.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import (
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

__all__ = ["PlainLeafExecutor", "read_plain_fields_directly"]

# Where Strawberry keeps, on each graphql-core field, the Strawberry field it came from.
_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF


class _Leaf:
    """What the fast path needs of a plain leaf field: the key, the type, nullability."""

    __slots__ = ("name", "non_null", "type")

    def __init__(self, name: str, leaf: GraphQLLeafType, non_null: bool) -> None:
        self.name = name
        self.type = leaf
        self.non_null = non_null


def _reader(name: str, leaf: _Leaf | None) -> Any:
    def resolve(source: Any, info: Any) -> Any:
        if type(source) is dict:
            return source.get(name)
        return getattr(source, name)

    resolve.plain_leaf = leaf  # type: ignore[attr-defined]
    return resolve


def read_plain_fields_directly(schema: strawberry.Schema) -> None:
    for named in schema._schema.type_map.values():
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for field in named.fields.values():
            definition = (field.extensions or {}).get(_DEFINITION)
            if definition is None or not getattr(field.resolve, "_is_default", False):
                continue
            kind, non_null = field.type, False
            if isinstance(kind, GraphQLNonNull):
                kind, non_null = kind.of_type, True
            leaf = _Leaf(definition.python_name, kind, non_null) if is_leaf_type(kind) else None
            field.resolve = _reader(definition.python_name, leaf)


class PlainLeafExecutor(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        field = self.schema.get_field(parent_type, node.name.value)
        leaf: _Leaf | None = getattr(field.resolve, "plain_leaf", None) if field else None
        middleware = self.middleware_manager
        # Rows are dicts; other sources (small objects) take the ordinary path, where a
        # missing attribute is an error rather than a null.
        if (
            leaf is not None
            and type(source) is dict
            and (middleware is None or not middleware.middlewares)
        ):
            value = source.get(leaf.name)
            if value is None:
                if not leaf.non_null:
                    return None
            elif not isinstance(value, Exception):
                try:
                    coerced = leaf.type.coerce_output_value(value)
                except Exception:  # reported by the ordinary path, with its location
                    coerced = None
                if coerced is not None and coerced is not Undefined:
                    return coerced
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
