"""Every part of the public schema says what it is: clients read the descriptions in
GraphiQL, in their editors and in the TypeScript that GraphQL Code Generator writes.

The walk covers the live schema, so a new entity, field or argument without a
description fails here, whichever module it was added in.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_directives,
)

from bcmodel import ENTITIES
from resolvers.pagination import DEFAULT_FIRST, MAX_FIRST
from schema import build_schema

BUILT_IN_DIRECTIVES = {d.name for d in specified_directives}


def described_parts(schema: GraphQLSchema) -> Iterator[tuple[str, str | None]]:
    """(coordinate, description) of every type, field, argument, input field and enum
    value of the schema, and of its own directives and their arguments."""
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue  # introspection's own types
        yield name, kind.description
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                yield f"{name}.{field_name}", field.description
                for arg_name, arg in field.args.items():
                    yield f"{name}.{field_name}({arg_name}:)", arg.description
        elif isinstance(kind, GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                yield f"{name}.{field_name}", field.description
        elif isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                yield f"{name}.{value_name}", value.description
    for directive in schema.directives:
        if directive.name in BUILT_IN_DIRECTIVES:
            continue
        yield f"@{directive.name}", directive.description
        for arg_name, arg in directive.args.items():
            yield f"@{directive.name}({arg_name}:)", arg.description


def test_every_type_field_argument_input_field_and_enum_value_is_described() -> None:
    parts = list(described_parts(build_schema()._schema))
    undescribed = [where for where, text in parts if not (text and text.strip())]
    assert len(parts) > 900  # the walk reached the entities' fields, inputs and arguments
    assert not undescribed, f"{len(undescribed)} without a description:\n" + "\n".join(undescribed)


def test_every_first_argument_states_its_default_and_cap() -> None:
    schema = build_schema()._schema
    firsts = [
        (f"{name}.{field_name}", field.args["first"])
        for name, kind in schema.type_map.items()
        if isinstance(kind, GraphQLObjectType)
        for field_name, field in kind.fields.items()
        if "first" in field.args
    ]
    assert len(firsts) >= 8  # six root lists, Vendor.purchaseInvoices, PurchaseInvoice.lines
    for where, arg in firsts:
        assert arg.default_value == DEFAULT_FIRST, where
        assert f"0 to {MAX_FIRST}" in (arg.description or ""), where
        assert f"{DEFAULT_FIRST} when left out or null" in (arg.description or ""), where


def test_every_bc_field_declares_what_it_is() -> None:
    # Entities the schema does not serve (webhook subscriptions) included: the
    # description is part of a field's one declaration in bcmodel.
    missing = [
        f"{entity.entity_set}.{field.name}"
        for entity in ENTITIES
        for field in entity.fields
        if not field.description.strip()
    ]
    missing += [e.entity_set for e in ENTITIES if not e.description.strip()]
    assert not missing, missing
