"""Every name in the public contract exists in the schema, with the contract's types.

docs/schema-contract.graphql is a copy of ../shared/design/schema-contract.graphql kept in
the repository so this test runs on a clean clone; it stays identical to that file (the
last test here), so names the schema changed since are listed in RENAMED, not edited in.
"""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    parse,
    print_ast,
)
from graphql.language import (
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    UnionTypeDefinitionNode,
)

from schema import build_schema

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "schema-contract.graphql"

# Parts of the contract later issues build (mutations: issue 5; subscriptions: issue 6).
# Listed so this test says what is missing instead of skipping it; it fails when one of
# them appears, so the list is kept honest.
NOT_YET_BUILT = {
    "JSON",
}


# Contract names the schema serves under another name: contract name -> schema name.
# Each fails the test if the old name is still served, or once the contract itself uses
# the new one (then the entry has done its job and goes).
RENAMED = {
    # Issue 18: TypeScript generated from the schema (GraphQL Code Generator) declared a
    # type `Record`, shadowing TypeScript's own Record<K, V>.
    "Record": "BusinessCentralRecord",
}


def contract_definitions():  # type: ignore[no-untyped-def]
    return parse(CONTRACT.read_text()).definitions


def test_every_contract_type_and_field_exists_with_its_type() -> None:
    schema = build_schema()._schema
    problems: list[str] = []
    for node in contract_definitions():
        name = node.name.value
        if name in NOT_YET_BUILT:
            assert name not in schema.type_map, f"{name} exists now: take it off NOT_YET_BUILT"
            continue
        if name in RENAMED:
            assert name not in schema.type_map, f"{name} is still served beside {RENAMED[name]}"
            name = RENAMED[name]
        ours = schema.type_map.get(name)
        if ours is None:
            problems.append(f"missing type {name}")
            continue
        kinds = {
            ScalarTypeDefinitionNode: "GraphQLScalarType",
            ObjectTypeDefinitionNode: GraphQLObjectType.__name__,
            InterfaceTypeDefinitionNode: GraphQLInterfaceType.__name__,
            InputObjectTypeDefinitionNode: GraphQLInputObjectType.__name__,
            EnumTypeDefinitionNode: GraphQLEnumType.__name__,
            UnionTypeDefinitionNode: GraphQLUnionType.__name__,
        }
        expected_kind = kinds[type(node)]
        if (
            type(ours).__name__ != expected_kind
            and not (
                expected_kind == GraphQLEnumType.__name__ and isinstance(ours, GraphQLEnumType)
            )
            and not (
                expected_kind == GraphQLObjectType.__name__ and isinstance(ours, GraphQLObjectType)
            )
        ):
            problems.append(f"{name} is a {type(ours).__name__}, the contract says {expected_kind}")
            continue
        if isinstance(node, EnumTypeDefinitionNode):
            missing = {v.name.value for v in node.values} - set(ours.values)
            problems += [f"enum {name} lacks {v}" for v in sorted(missing)]
        if isinstance(
            node,
            (ObjectTypeDefinitionNode, InterfaceTypeDefinitionNode, InputObjectTypeDefinitionNode),
        ):
            for field in node.fields or ():
                fname = field.name.value
                theirs = ours.fields.get(fname)
                if theirs is None:
                    problems.append(f"missing field {name}.{fname}")
                    continue
                if str(theirs.type) != print_ast(field.type):
                    problems.append(
                        f"{name}.{fname} is {theirs.type}, the contract says {print_ast(field.type)}"
                    )
                for arg in getattr(field, "arguments", None) or ():
                    ours_arg = theirs.args.get(arg.name.value)
                    if ours_arg is None:
                        problems.append(f"missing argument {name}.{fname}({arg.name.value})")
                    elif str(ours_arg.type) != print_ast(arg.type):
                        problems.append(
                            f"{name}.{fname}({arg.name.value}) is {ours_arg.type}, "
                            f"the contract says {print_ast(arg.type)}"
                        )
            if isinstance(node, ObjectTypeDefinitionNode):
                for interface in node.interfaces or ():
                    expected = RENAMED.get(interface.name.value, interface.name.value)
                    if expected not in {i.name for i in ours.interfaces}:
                        problems.append(f"{name} does not implement {expected}")
    assert not problems, "\n".join(problems)


def test_renamed_contract_names_are_still_the_contracts() -> None:
    contract_names = {node.name.value for node in contract_definitions()}
    for old, new in RENAMED.items():
        assert old in contract_names, f"the contract no longer names {old}: drop it from RENAMED"
        assert new not in contract_names, f"the contract names {new} now: drop {old} from RENAMED"


def test_the_contract_copy_matches_the_shared_one_when_it_is_there() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "design" / "schema-contract.graphql"
    if shared.exists():
        assert shared.read_text() == CONTRACT.read_text()
