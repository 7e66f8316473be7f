"""What a compiled filter is made of: closures over a row of wire-form values.

Serving a GET costs a few closure calls per row, never an AST walk. Equality terms keep
what they test (`Members`), so an `or` of them becomes one set lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "IGNORED",
    "Clause",
    "Getter",
    "Members",
    "Predicate",
    "Row",
    "all_of",
    "any_of",
    "constant",
    "leaf",
    "mapped",
    "membership",
    "negate",
]

# Rows are read as Any so getters can call str methods without a cast per row; a predicate
# over Mapping[str, Any] is still a Callable[[Mapping[str, object]], bool] to callers.
Row = Mapping[str, Any]
Predicate = Callable[[Row], bool]
Getter = Callable[[Row], Any]

# A stored value of the wrong shape (a None that slipped in, a malformed date) makes that one
# comparison false instead of failing the whole request.
_ROW_ERRORS: Final = (TypeError, ValueError, AttributeError, ArithmeticError)


@dataclass(frozen=True, slots=True)
class Members:
    """An equality test `get(row) in values`, kept so an `or` of them is one set lookup."""

    key: tuple[object, ...]
    get: Getter
    values: frozenset[object]


@dataclass(frozen=True, slots=True)
class Clause:
    test: Predicate | None  # None: a clause BC ignores
    fields: frozenset[str]  # the properties it filters on, for the `or` rule
    members: Members | None = None


IGNORED: Final = Clause(None, frozenset())


def mapped(inner: Getter, change: Callable[[Any], Any]) -> Getter:
    def get(row: Row) -> Any:
        return change(inner(row))

    return get


def leaf(get: Getter, test: Callable[[Any, Any], bool], literal: object) -> Predicate:
    def predicate(row: Row) -> bool:
        try:
            return test(get(row), literal)
        except _ROW_ERRORS:
            return False

    return predicate


def membership(members: Members) -> Predicate:
    get, values = members.get, members.values

    def predicate(row: Row) -> bool:
        try:
            return get(row) in values
        except _ROW_ERRORS:
            return False

    return predicate


def constant(result: bool) -> Predicate:
    def predicate(_row: Row) -> bool:
        return result

    return predicate


def negate(test: Predicate) -> Predicate:
    def predicate(row: Row) -> bool:
        return not test(row)

    return predicate


def all_of(tests: Sequence[Predicate]) -> Predicate:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda row: first(row) and second(row)
    chain = tuple(tests)

    def predicate(row: Row) -> bool:
        for test in chain:
            if not test(row):
                return False
        return True

    return predicate


def any_of(tests: Sequence[Predicate]) -> Predicate:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda row: first(row) or second(row)
    chain = tuple(tests)

    def predicate(row: Row) -> bool:
        for test in chain:
            if test(row):
                return True
        return False

    return predicate
