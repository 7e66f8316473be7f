"""A validation rule: no operation nests fields deeper than the limit (fragments followed).

A validation rule rather than an execution check: it runs once per distinct document,
because ValidationCache remembers its verdict for the same document and rules.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from gateway.errors import QueryTooComplex


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """The rule class for this limit; make it once per app, so validation caching works."""

    class DepthLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            depth = selection_depth(self.context, node.selection_set, frozenset())
            if depth > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    GraphQLError(
                        f"Operation '{name}' nests fields {depth} deep; the limit is {max_depth}.",
                        node,
                        extensions={"code": QueryTooComplex.code, "depth": depth},
                    )
                )

    return DepthLimit


def selection_depth(
    context: ValidationContext, selection_set: SelectionSetNode | None, seen: frozenset[str]
) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue  # introspection's own nesting is the schema's shape, not the client's
            deepest = max(deepest, 1 + selection_depth(context, selection.selection_set, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, selection_depth(context, selection.selection_set, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            # A fragment cycle is another rule's error; here it must only not recurse forever.
            if fragment is not None and name not in seen:
                deepest = max(
                    deepest, selection_depth(context, fragment.selection_set, seen | {name})
                )
    return deepest
