"""An operation's estimated cost: one past the limit is refused before it runs
(document.py's extension).

The estimate counts the fields an operation would resolve: each field costs 1 plus its
selection's cost, and a field taking `first` (a connection) multiplies its selection by
that page size, taken from the literal, the variable, or the argument's default.
`vendors(first: 100) { nodes { displayName } }` is 1 + 100 x (1 + 1) = 201.

It runs in `on_execute`, not as a validation rule, because `first` is often a variable and
validation does not see variables. That is one walk of the document per operation, never
per resolved field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
)
from graphql.pyutils import Undefined

PAGE_ARGUMENT = "first"
# The largest estimate reported: nested fragment spreads can stand for 2^100 fields, and
# clients read JSON integers exactly only up to 2^53 - 1.
MAX_REPORTED_COST = 2**53 - 1


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = _Walk(schema, fragments, _variables(operation, variables or {}))
    return min(walk.selection_cost(operation.selection_set, root), MAX_REPORTED_COST)


def _variables(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name in given:
            values[name] = given[name]
        elif isinstance(definition.default_value, IntValueNode):
            values[name] = int(definition.default_value.value)
    return values


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._variables = variables
        self._expanding: set[str] = set()
        self._known: dict[str, int] = {}

    def selection_cost(self, selection_set: SelectionSetNode | None, parent: Any) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self._schema.get_type(condition.name.value) if condition else parent
                total += self.selection_cost(selection.selection_set, scope or parent)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment_cost(selection.name.value, parent)
        return total

    def _fragment_cost(self, name: str, parent: Any) -> int:
        # A fragment's cost depends on the fragment alone (its type condition scopes it),
        # so it is computed once: spreads of spreads would otherwise double the work at
        # each level of nesting.
        known = self._known.get(name)
        if known is not None:
            return known
        fragment = self._fragments.get(name)
        if fragment is None or name in self._expanding:
            return 0  # validation reports unknown fragments and cycles
        self._expanding.add(name)
        scope = self._schema.get_type(fragment.type_condition.name.value)
        cost = self.selection_cost(fragment.selection_set, scope or parent)
        self._expanding.discard(name)
        self._known[name] = cost
        return cost

    def _field_cost(self, node: FieldNode, parent: Any) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0  # introspection is bounded by the schema's size
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 1
        definition = parent.fields.get(name)
        if definition is None:
            return 1
        child: GraphQLNamedType = get_named_type(definition.type)
        multiplier = 1
        argument = definition.args.get(PAGE_ARGUMENT)
        if argument is not None:
            multiplier = self._page_size(node, argument.default_value)
        return 1 + multiplier * self.selection_cost(node.selection_set, child)

    def _page_size(self, node: FieldNode, default: Any) -> int:
        value: Any = default
        for argument in node.arguments or ():
            if argument.name.value != PAGE_ARGUMENT:
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self._variables.get(argument.value.name.value, default)
        if value is Undefined or value is None or not isinstance(value, int):
            return 1
        return max(value, 1)
