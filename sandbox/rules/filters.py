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
    found = _compared(text, name, "eq", odata_ast.Date)
    return date.fromisoformat(found) if found is not None else None


def date_bound(text: str | None, name: str, operator: str) -> date | None:
    """The date of the filter's `<name> <operator> <date>` (eq, ge, le), if it has one."""
    found = _compared(text, name, operator, odata_ast.Date)
    return date.fromisoformat(found) if found is not None else None


def text_equal(text: str | None, name: str) -> str | None:
    """The string of the filter's `<name> eq '<text>'`, if it has one."""
    return _compared(text, name, "eq", odata_ast.String)


def guid_equal(text: str | None, name: str) -> str | None:
    """The GUID of the filter's `<name> eq <guid>`, if it has one."""
    return _compared(text, name, "eq", odata_ast.GUID)


_COMPARATORS = {"eq": odata_ast.Eq, "ge": odata_ast.GtE, "le": odata_ast.LtE}


def _compared(text: str | None, name: str, operator: str, kind: type) -> str | None:
    tree = _parse(text)
    if tree is None:
        return None
    for node in _walk(tree):
        if (
            isinstance(node, odata_ast.Compare)
            and isinstance(node.comparator, _COMPARATORS[operator])
            and isinstance(node.left, odata_ast.Identifier)
            and node.left.name == name
            and isinstance(node.right, kind)
        ):
            return str(getattr(node.right, "val"))  # noqa: B009 - Date and String both carry it
    return None
