"""How a scalar or enum value read off a row becomes its JSON value, as graphql-core's
`complete_leaf_value` makes it: the type's own output coercion, with a shortcut where the
value's Python type already tells the answer (a string for String, UUID, Date and
DateTime; a Decimal for Decimal), and each enum's answers remembered by value (its
coercion is a pure function of the value). A value the coercion refuses, or turns into
null, is not answered here: `Fallback` sends the request to graphql-core, which reports it.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

from graphql import GraphQLEnumType, GraphQLLeafType, Undefined

Coerce = Callable[[Any], Any]

# Scalars whose output coercion gives a string back unchanged (String: graphql-core's
# serialize_string; ID: str(); the contract's UUID: str(); Date and DateTime: as given).
_SAME_STRING = frozenset({"String", "ID", "UUID", "Date", "DateTime"})
_INT_MAX = 2**31 - 1


class Fallback(Exception):
    """The compiled path cannot give graphql-core's exact answer: run graphql-core."""


def coercer(leaf: GraphQLLeafType) -> Coerce:
    coerce = leaf.coerce_output_value

    def checked(value: Any) -> Any:
        try:
            out = coerce(value)
        except Exception:
            raise Fallback from None
        if out is None or out is Undefined:
            raise Fallback
        return out

    if isinstance(leaf, GraphQLEnumType):
        known: dict[Any, Any] = {}

        def enum(value: Any) -> Any:
            try:
                return known[value]
            except KeyError:
                out = known[value] = checked(value)
                return out
            except TypeError:  # not hashable
                return checked(value)

        return enum
    name = leaf.name
    if name in _SAME_STRING:
        return lambda value: value if type(value) is str else checked(value)
    if name == "Decimal":
        return lambda value: str(value) if type(value) is decimal.Decimal else checked(value)
    if name == "Int":
        return lambda value: (
            value if type(value) is int and -_INT_MAX - 1 <= value <= _INT_MAX else checked(value)
        )
    if name == "Boolean":
        return lambda value: value if type(value) is bool else checked(value)
    return checked
