"""BC's rules for a `$filter`: the parsed tree turned into one clause of closures.

The `or` rule, what BC ignores (`in` below 2.1, lambdas), how null and literals of each
type compare, and the 400 BC gives for everything it refuses (see the package docstring).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from odata_query import ast

from bcmodel import Edm
from sandbox.collation import text_key
from sandbox.errors import ODataError
from sandbox.filter.errors import bad_request, not_supported, syntax_error
from sandbox.filter.operands import Operand, OperandBuilder, moment
from sandbox.filter.predicates import (
    IGNORED,
    Clause,
    Members,
    Predicate,
    all_of,
    any_of,
    constant,
    leaf,
    membership,
    negate,
)

__all__ = ["Builder"]

# Deeper nesting than this is no real query; the cap keeps compilation and evaluation far
# from Python's recursion limit.
_MAX_DEPTH: Final = 100

_OR_DISTINCT_FIELDS: Final = (
    "The 'OR' operator is not supported on distinct fields on an OData filter."
)


@dataclass(frozen=True, slots=True)
class _Comparator:
    test: Callable[[Any, Any], bool]
    mirrored: type[ast._Comparator]  # the operator with its operands swapped
    kind: str  # ODL's name, used in type errors


_COMPARATORS: Final[Mapping[type[ast._Comparator], _Comparator]] = {
    ast.Eq: _Comparator(operator.eq, ast.Eq, "Equal"),
    ast.NotEq: _Comparator(operator.ne, ast.NotEq, "NotEqual"),
    ast.Gt: _Comparator(operator.gt, ast.Lt, "GreaterThan"),
    ast.GtE: _Comparator(operator.ge, ast.LtE, "GreaterThanOrEqual"),
    ast.Lt: _Comparator(operator.lt, ast.Gt, "LessThan"),
    ast.LtE: _Comparator(operator.le, ast.GtE, "LessThanOrEqual"),
}

_LITERAL_TYPE_NAMES: Final[Mapping[type[ast._Node], str]] = {
    ast.String: "Edm.String",
    ast.Integer: "Edm.Int32",
    ast.Float: "Edm.Decimal",
    ast.Boolean: "Edm.Boolean",
    ast.GUID: "Edm.Guid",
    ast.Date: "Edm.Date",
    ast.DateTime: "Edm.DateTimeOffset",
    ast.Time: "Edm.TimeOfDay",
    ast.Duration: "Edm.Duration",
    ast.Geography: "Edm.Geography",
    ast.List: "Collection",
    ast.Null: "null",
}

_NUMERIC: Final = frozenset({Edm.DECIMAL, Edm.INT32, Edm.INT64})


class _Null:
    """The `null` literal, kept apart from every value a row can hold."""


_NULL: Final = _Null()


def _flatten(node: ast.BoolOp) -> list[Any]:
    """The operands of a chain of one boolean operator, in order, without recursion.

    `id eq a or id eq b or …` (a dataloader's batch) nests one level per term.
    """
    op = type(node.op)
    operands: list[Any] = []
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.BoolOp) and isinstance(current.op, op):
            stack.append(current.right)
            stack.append(current.left)
        else:
            operands.append(current)
    return operands


class Builder(OperandBuilder):
    """Turns one parsed filter into closures, for one entity and schema version."""

    # -- boolean expressions -------------------------------------------------------------

    def clause(self, node: Any, depth: int = 0) -> Clause:
        if depth > _MAX_DEPTH:
            raise bad_request("The $filter expression is nested too deeply.")
        if isinstance(node, ast.BoolOp):
            parts = [self.clause(operand, depth + 1) for operand in _flatten(node)]
            if isinstance(node.op, ast.And):
                return self._and(parts)
            return self._or(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.clause(node.operand, depth + 1)
            if inner.test is None:
                return inner
            return Clause(negate(inner.test), inner.fields)
        if isinstance(node, ast.Compare):
            if isinstance(node.comparator, ast.In):
                return self._in(node)
            return self._compare(node)
        if isinstance(node, ast.CollectionLambda):
            self._lambda_owner(node.owner)
            return IGNORED
        if isinstance(node, ast.Call | ast.Identifier | ast.Attribute):
            operand = self.operand(node)
            if operand.edm is not Edm.BOOLEAN:
                raise bad_request("The $filter expression must evaluate to a single boolean value.")
            return self._compare_operand(operand, _COMPARATORS[ast.Eq], True)
        if isinstance(node, ast._Literal):
            raise not_supported(
                "A literal on its own is not supported on an OData filter; "
                "compare a property with a value."
            )
        raise self._unsupported_expression(node)

    @staticmethod
    def _and(parts: list[Clause]) -> Clause:
        fields = frozenset().union(*(part.fields for part in parts))
        tests = [part.test for part in parts if part.test is not None]
        if not tests:
            return Clause(None, fields)
        return Clause(all_of(tests), fields)

    @staticmethod
    def _or(parts: list[Clause]) -> Clause:
        fields = frozenset().union(*(part.fields for part in parts))
        if len(fields) > 1:
            raise not_supported(_OR_DISTINCT_FIELDS)
        if any(part.test is None for part in parts):
            return Clause(None, fields)
        # Equality terms on the same operand collapse into one set, so a batch of
        # `id eq …` terms costs one lookup per row instead of one closure per term.
        merged: dict[tuple[object, ...], Members] = {}
        tests: list[Predicate] = []
        for part in parts:
            members = part.members
            if members is None:
                assert part.test is not None
                tests.append(part.test)
            elif members.key in merged:
                known = merged[members.key]
                merged[members.key] = replace(known, values=known.values | members.values)
            else:
                merged[members.key] = members
        if len(merged) == 1 and not tests:
            only = next(iter(merged.values()))
            return Clause(membership(only), fields, only)
        tests[:0] = [membership(members) for members in merged.values()]
        return Clause(any_of(tests), fields)

    def _lambda_owner(self, owner: Any) -> None:
        # The lambda is ignored, but its collection must still exist, as BC's parser
        # resolves it before the filter is translated.
        root = self._root_name(owner)
        if self.entity.nav(root) is not None:
            return
        if self.entity.field(root) is not None:
            raise syntax_error()
        raise self._unknown_property(root)

    # -- comparisons ---------------------------------------------------------------------

    def _compare(self, node: ast.Compare) -> Clause:
        comparator_type: type[ast._Comparator] = type(node.comparator)
        left, right = node.left, node.right
        if self._is_literal(left) and not self._is_literal(right):
            left, right = right, left
            comparator_type = _COMPARATORS[comparator_type].mirrored
        if self._is_literal(left):
            raise not_supported(
                "Comparing two literals is not supported on an OData filter; "
                "compare a property with a value."
            )
        if not self._is_literal(right):
            # Resolve both sides first so an unknown property is reported as such.
            self.operand(left)
            self.operand(right)
            raise not_supported(
                "Comparing two properties is not supported on an OData filter; "
                "compare a property with a value."
            )
        comparator = _COMPARATORS[comparator_type]
        operand = self.operand(left)
        if operand.edm is Edm.DATE and isinstance(right, ast.DateTime):
            operand = self._as_moment(operand)
        literal = self.literal(operand, right, comparator.kind)
        return self._compare_operand(operand, comparator, literal)

    def _compare_operand(
        self, operand: Operand, comparator: _Comparator, literal: object
    ) -> Clause:
        if literal is _NULL:
            # BC never stores null: only `ne null` holds, for every row.
            return Clause(constant(comparator.test is operator.ne), operand.fields)
        if operand.edm is Edm.STRING and comparator.test not in (operator.eq, operator.ne):
            # Ordered as `$orderby` orders text (sandbox/collation.py).
            get, key = operand.get, text_key(str(literal))
            test = leaf(lambda row: text_key(get(row)), comparator.test, key)
            return Clause(test, operand.fields)
        test = leaf(operand.get, comparator.test, literal)
        if comparator.test is operator.eq:
            members = Members(operand.key, operand.get, frozenset({literal}))
            return Clause(test, operand.fields, members)
        return Clause(test, operand.fields)

    def _in(self, node: ast.Compare) -> Clause:
        if self._is_literal(node.left) or not isinstance(node.right, ast.List):
            raise not_supported(
                "The 'in' operator needs a property on its left and a list of values on its right."
            )
        operand = self.operand(node.left)
        items = node.right.val
        if operand.edm is Edm.DATE and any(isinstance(item, ast.DateTime) for item in items):
            operand = self._as_moment(operand)
        values: set[object] = set()
        for item in items:
            if not self._is_literal(item):
                raise not_supported("The 'in' operator accepts only literal values in its list.")
            value = self.literal(operand, item, "In")
            if value is not _NULL:
                values.add(value)
        if not self.schema_2_1:
            # Checked like any clause (BC's parser resolves it), then dropped.
            return IGNORED
        members = Members(operand.key, operand.get, frozenset(values))
        return Clause(membership(members), operand.fields, members)

    @staticmethod
    def _as_moment(operand: Operand) -> Operand:
        """A date property read as midnight UTC, to compare with a datetime literal."""
        inner = operand.get
        return replace(
            operand,
            get=lambda row: moment(inner(row)),
            key=("moment", operand.key),
            edm=Edm.DATETIME,
        )

    # -- literals ------------------------------------------------------------------------

    def literal(self, operand: Operand, node: Any, kind: str) -> object:
        """`node` converted to what `operand.get` returns, or a 400 as BC would answer."""
        if isinstance(node, ast.Null):
            return _NULL
        edm = operand.edm
        if edm in _NUMERIC:
            return self._number(operand, node, kind)
        if edm is Edm.STRING and isinstance(node, ast.String):
            return operand.fold(node.val) if operand.fold is not None else node.val
        if edm is Edm.ENUM and isinstance(node, ast.String):
            enum = operand.field.enum
            assert enum is not None
            try:
                return enum.wire_values.index(node.val)
            except ValueError:
                raise ODataError(
                    400,
                    "Application_EvaluateException",
                    f'The value "{node.val}" cannot be evaluated into type Option.',
                ) from None
        if edm is Edm.GUID and isinstance(node, ast.GUID):
            return node.val.lower()
        if edm is Edm.DATE and isinstance(node, ast.Date):
            try:
                return date.fromisoformat(node.val).isoformat()
            except ValueError:
                raise bad_request("Unable to convert value to Date.") from None
        if edm is Edm.DATETIME and isinstance(node, ast.Date | ast.DateTime):
            try:
                return moment(node.val)
            except ValueError:
                target = "Date" if isinstance(node, ast.Date) else "DateTime"
                raise bad_request(f"Unable to convert value to {target}.") from None
        if edm is Edm.BOOLEAN and isinstance(node, ast.Boolean):
            return node.py_val
        raise self._incompatible(operand, node, kind)

    def _number(self, operand: Operand, node: Any, kind: str) -> Decimal:
        negate = False
        if isinstance(node, ast.UnaryOp):
            negate, node = True, node.operand
        if not isinstance(node, ast.Integer | ast.Float):
            raise self._incompatible(operand, node, kind)
        try:
            value = Decimal(node.val)
        except InvalidOperation:
            raise syntax_error() from None
        return -value if negate else value

    @staticmethod
    def _incompatible(operand: Operand, node: Any, kind: str) -> ODataError:
        if isinstance(node, ast.UnaryOp):  # a negative number
            node = node.operand
        literal_type = _LITERAL_TYPE_NAMES.get(type(node), type(node).__name__)
        return bad_request(
            "A binary operator with incompatible types was detected. Found operand types "
            f"'{operand.type_name}' and '{literal_type}' for operator kind '{kind}'."
        )
