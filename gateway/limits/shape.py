"""A document's shape, measured once right after parsing (by document.py's extension): a
document too deep or with too many aliases is refused before graphql-core validates it.

Why before validation: graphql-core runs all its rules in one visit of the document, and a
refusal reported by one rule does not stop the others, so a rule could only refuse after
the whole validation's work was done.

Why each fragment is measured once: a fragment that spreads the next one twice, nested n
levels, stands for 2^n copies of the last. Following spreads again and again doubles the
work with each level (a 764-byte document held the event loop for seconds); measuring each
fragment once, from the fragments it spreads, keeps the work linear in the document's size.
The walk keeps its own stack, so a long chain of fragments cannot exhaust Python's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from gateway.errors import QueryTooComplex

# A selection set's own field nesting, and the fragments it spreads with the field depth
# at each spread.
_Nesting = tuple[int, list[tuple[str, int]]]


@dataclass(frozen=True)
class Shape:
    # (operation name or "anonymous", deepest field nesting, fragments followed)
    depths: tuple[tuple[str, int], ...]
    # Aliased fields written in the document (not multiplied by fragment spreads).
    aliases: int


def measure(document: DocumentNode) -> Shape:
    fragments: dict[str, FragmentDefinitionNode] = {}
    operations: list[OperationDefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            fragments.setdefault(definition.name.value, definition)
        elif isinstance(definition, OperationDefinitionNode):
            operations.append(definition)
    nestings = {name: _nesting(f.selection_set) for name, f in fragments.items()}
    fragment_depths = _fragment_depths(nestings)
    depths = tuple(
        (
            operation.name.value if operation.name else "anonymous",
            _depth(_nesting(operation.selection_set), fragment_depths),
        )
        for operation in operations
    )
    return Shape(depths=depths, aliases=_aliases(document))


def _nesting(selection_set: SelectionSetNode) -> _Nesting:
    deepest = 0
    spreads: list[tuple[str, int]] = []
    stack = [(selection_set, 0)]
    while stack:
        current, depth = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                spreads.append((selection.name.value, depth))
            elif isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    continue  # introspection's nesting is the schema's shape, not the client's
                deepest = max(deepest, depth + 1)
                if selection.selection_set is not None:
                    stack.append((selection.selection_set, depth + 1))
            elif isinstance(selection, InlineFragmentNode):  # adds no depth of its own
                stack.append((selection.selection_set, depth))
    return deepest, spreads


def _depth(nesting: _Nesting, fragment_depths: dict[str, int]) -> int:
    own, spreads = nesting
    # An unknown fragment is another rule's error; here it only adds nothing.
    return max([own, *(at + fragment_depths.get(name, 0) for name, at in spreads)])


def _fragment_depths(nestings: dict[str, _Nesting]) -> dict[str, int]:
    """Each fragment's depth, computed after those it spreads (post-order, without recursion).
    A spread that closes a cycle counts as nothing: cycles are refused by validation."""
    depths: dict[str, int] = {}
    for root in nestings:
        if root in depths:
            continue
        path: list[tuple[str, Iterator[tuple[str, int]]]] = [(root, iter(nestings[root][1]))]
        on_path = {root}
        while path:
            name, spreads = path[-1]
            for spread, _at in spreads:
                if spread in nestings and spread not in depths and spread not in on_path:
                    path.append((spread, iter(nestings[spread][1])))
                    on_path.add(spread)
                    break
            else:
                path.pop()
                on_path.discard(name)
                depths[name] = _depth(nestings[name], depths)
    return depths


def _aliases(document: DocumentNode) -> int:
    count = 0
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode) and selection.alias is not None:
                count += 1
            selection_set = getattr(selection, "selection_set", None)
            if selection_set is not None:
                stack.append(selection_set)
    return count


def check(shape: Shape, max_depth: int, max_aliases: int) -> GraphQLError | None:
    """The refusal for a document of this shape, or None when it is within the limits."""
    for name, depth in shape.depths:
        if depth > max_depth:
            return GraphQLError(
                f"Operation '{name}' nests fields {depth} deep; the limit is {max_depth}.",
                extensions={"code": QueryTooComplex.code, "depth": depth},
            )
    if shape.aliases > max_aliases:
        return GraphQLError(
            f"The document has {shape.aliases} aliases; the limit is {max_aliases}.",
            extensions={"code": QueryTooComplex.code, "aliases": shape.aliases},
        )
    return None
