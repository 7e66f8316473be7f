"""What a `$filter` says, for rules that depend on it (BC's pages read their filters too)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from typing import Any

from odata_query import ast as odata_ast

from sandbox.filter import parse_tree


def _parse(text: str | None) -> Any:
    return parse_tree(text) if text else None


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            for child in value if isinstance(value, list) else [value]:
                if dataclasses.is_dataclass(child):
                    yield from _walk(child)


def filters_on(text: str | None, name: str) -> bool:
    """Whether the filter names the field `name` anywhere."""
    tree = _parse(text)
    return tree is not None and any(
        isinstance(n, odata_ast.Identifier) and n.name == name for n in _walk(tree)
    )


def date_equal(text: str | None, name: str) -> date | None:
    """The date of the filter's `<name> eq <date>`, if it has one."""
    tree = _parse(text)
    if tree is None:
        return None
    for node in _walk(tree):
        if (
            isinstance(node, odata_ast.Compare)
            and isinstance(node.comparator, odata_ast.Eq)
            and isinstance(node.left, odata_ast.Identifier)
            and node.left.name == name
            and isinstance(node.right, odata_ast.Date)
        ):
            return date.fromisoformat(node.right.val)
    return None
