"""BC's `$filter`, compiled once into a Python predicate over a row of wire-form values.

The text is parsed with odata-query's sly grammar; the AST is then turned into a tree of
closures, so serving a GET costs one cache lookup plus a few closure calls per row, never a
parse or an AST walk.

Behaviours BC documents, and how they are emulated:

* `or` only combines conditions on one field; otherwise 400 `BadRequest_NotSupported`.
* `in (…)` and nested function calls need `$schemaversion=2.1`. Without it `in` is silently
  ignored and a nested call is refused (BC "either throws an error or returns an undefined
  result"; an error is the honest choice).
* `any`/`all` are ignored without error.
* `tolower`/`toupper` make the comparison case-insensitive: BC turns them into AL's
  case-insensitive filter, so the literal is folded the same way as the field
  (`tolower(displayName) eq 'ABC'` matches "abc").

Choices where BC's behaviour is unconfirmed, each picked to be the least surprising:

* Ignored clauses (`in` below 2.1, lambdas) impose no constraint, and no operator around them
  turns them into one: `x and IGN` is `x`, `x or IGN` matches everything, `not IGN` is still
  ignored. They name no field for the `or` rule, as BC drops them before translating.
* Code fields: AL converts a filter value to the field's type, which uppercases it for Code,
  so `number eq 'v001'` finds "V001". Text fields stay case-sensitive.
* `null`: BC never stores one, so `eq null` matches nothing, `ne null` everything, and an
  ordering comparison with null nothing (OData's null rules).
* Enum literals must be the encoded member names BC emits (`'_x0020_'`, `'In_x0020_Review'`);
  anything else is `Application_EvaluateException`.
* A property compared with a property, a literal with a literal, arithmetic, and OData
  functions outside BC's list have no AL equivalent: 400 `BadRequest_NotSupported`.
* A blank `$filter` filters nothing, as the OData libraries treat an empty option as absent.
* A datetime literal without an offset is UTC; a date against a datetime is midnight UTC.
"""

from __future__ import annotations

import operator
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

from odata_query import ast
from odata_query.exceptions import ODataException
from odata_query.grammar import _TIME, ODataLexer, ODataParser
from sly.lex import Token

from bcmodel import Edm, Entity, Field
from bcmodel.model import NAMESPACE
from sandbox.errors import ODataError

# Rows are read as Any so getters can call str methods without a cast per row; a predicate
# over Mapping[str, Any] is still a Callable[[Mapping[str, object]], bool] to callers.
_Row = Mapping[str, Any]
_Predicate = Callable[[_Row], bool]
_Getter = Callable[[_Row], Any]
_F = TypeVar("_F", bound=Callable[..., Any])

# A stored value of the wrong shape (a None that slipped in, a malformed date) makes that one
# comparison false instead of failing the whole request.
_ROW_ERRORS: Final = (TypeError, ValueError, AttributeError, ArithmeticError)

# Deeper nesting than this is no real query; the cap keeps compilation and evaluation far
# from Python's recursion limit.
_MAX_DEPTH: Final = 100

_OR_DISTINCT_FIELDS: Final = (
    "The 'OR' operator is not supported on distinct fields on an OData filter."
)

_SCHEMA_2_1: Final = (2, 1)


def _syntax_error() -> ODataError:
    return ODataError(400, "BadRequest_NotFound", "Bad Request - Error in query syntax.")


def _not_supported(message: str) -> ODataError:
    return ODataError(400, "BadRequest_NotSupported", message)


def _bad_request(message: str) -> ODataError:
    return ODataError(400, "BadRequest", message)


def _rule(pattern: str) -> Callable[[_F], _F]:
    """sly's `@_(pattern)`, under a name linters and type checkers can see."""

    def decorate(func: _F) -> _F:
        func.pattern = pattern  # type: ignore[attr-defined]
        return func

    return decorate


_DATE_PATTERN: Final = r"\d{4}-(?:0\d|1[0-2])-(?:[0-2]\d|3[01])"


class _BCLexer(ODataLexer):
    """odata-query's lexer with two fixes BC needs.

    Its date rule starts years at 1000, but BC's blank date is `0001-01-01`; and its keyword
    rules match prefixes, so a property such as `allowLineDisc` or `nullable` would be split
    into a keyword and a stub. Redefining a rule in a sly subclass keeps its position.
    """

    tokens = ODataLexer.tokens

    @_rule(_DATE_PATTERN + "T" + _TIME + r"?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?")
    def DATETIME(self, t: Any) -> Any:
        t.value = ast.DateTime(t.value)
        return t

    @_rule(_DATE_PATTERN)
    def DATE(self, t: Any) -> Any:
        t.value = ast.Date(t.value)
        return t

    @_rule(r"(?:true|false)(?!\w)")
    def BOOLEAN(self, t: Any) -> Any:
        t.value = ast.Boolean(t.value)
        return t

    @_rule(r"null(?!\w)")
    def NULL(self, t: Any) -> Any:
        t.value = ast.Null()
        return t

    @_rule(r"any(?!\w)")
    def ANY(self, t: Any) -> Any:
        t.value = ast.Any()
        return t

    @_rule(r"all(?!\w)")
    def ALL(self, t: Any) -> Any:
        t.value = ast.All()
        return t


_LITERAL_TOKENS: Final = frozenset(
    {"NULL", "INTEGER", "DECIMAL", "STRING", "GUID", "DATE", "DATETIME", "BOOLEAN", "TIME"}
)


def _tokens(text: str) -> list[Any]:
    """Tokenize, accepting OData's one-item list `x in ('a')`.

    odata-query reads `('a')` as a parenthesised expression and wants `('a',)`; after `in` the
    two cannot be confused, so a comma token is added there.
    """
    tokens = list(_BCLexer().tokenize(text))

    def skip_ws(i: int) -> int:
        while i < len(tokens) and tokens[i].type == "WS":
            i += 1
        return i

    inserts: list[int] = []
    for i, token in enumerate(tokens):
        if token.type != "IN":
            continue
        opening = skip_ws(i + 1)
        if opening >= len(tokens) or tokens[opening].type != "(":
            continue
        item = skip_ws(opening + 1)
        if item >= len(tokens) or tokens[item].type not in _LITERAL_TOKENS:
            continue
        closing = skip_ws(item + 1)
        if closing < len(tokens) and tokens[closing].type == ")":
            inserts.append(closing)
    for position in reversed(inserts):
        comma = Token()
        comma.type = comma.value = ","
        comma.lineno = tokens[position].lineno
        comma.index = tokens[position].index
        tokens.insert(position, comma)
    return tokens


def _parse(text: str) -> Any:
    """The odata-query AST of `text`; a module function so tests can count parses."""
    return ODataParser().parse(iter(_tokens(text)))


def parse_tree(text: str) -> Any | None:
    """The AST of `text` with BC's lexing rules, or None when it does not parse.

    For callers that need to look at a filter's shape (which fields it names, a
    `dateFilter eq` literal) rather than evaluate it; `FilterCompiler.compile`
    reports malformed filters."""
    try:
        return _parse(text)
    except Exception:  # any parser failure means "no tree"
        return None


def _moment(text: str) -> datetime:
    # fromisoformat (3.11+) takes `Z`, any number of fraction digits and bare dates.
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _dotted(identifier: ast.Identifier) -> str:
    return ".".join((*identifier.namespace, identifier.name))


def _always(_row: _Row) -> bool:
    return True


def _schema_at_least_2_1(version: str) -> bool:
    try:
        return tuple(int(part) for part in version.split(".")) >= _SCHEMA_2_1
    except ValueError:
        return False


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

# The functions BC documents (plus length/indexof, which its docs list as commented out). The
# grammar knows many more (year, concat, round…); BC has no AL approximation for them.
_STRING_FUNCTIONS: Final = frozenset(
    {"contains", "startswith", "endswith", "tolower", "toupper", "substring", "length", "indexof"}
)


class _Null:
    """The `null` literal, kept apart from every value a row can hold."""


_NULL: Final = _Null()


@dataclass(frozen=True, slots=True)
class _Operand:
    """The row side of a comparison: a property, possibly under string functions."""

    get: _Getter  # row -> a value comparable with the coerced literal
    key: tuple[object, ...]  # names what `get` computes, to merge `eq` terms of an `or`
    edm: Edm
    type_name: str  # for error messages: `Edm.String`, `Microsoft.NAV.vendorBlocked`
    fields: frozenset[str]
    field: Field
    # Applied to string literals compared with this operand (see the module docstring).
    fold: Callable[[str], str] | None = None


@dataclass(frozen=True, slots=True)
class _Members:
    """An equality test `get(row) in values`, kept so an `or` of them is one set lookup."""

    key: tuple[object, ...]
    get: _Getter
    values: frozenset[object]


@dataclass(frozen=True, slots=True)
class _Clause:
    test: _Predicate | None  # None: a clause BC ignores
    fields: frozenset[str]  # the properties it filters on, for the `or` rule
    members: _Members | None = None


_IGNORED: Final = _Clause(None, frozenset())


def _mapped(inner: _Getter, change: Callable[[Any], Any]) -> _Getter:
    def get(row: _Row) -> Any:
        return change(inner(row))

    return get


def _leaf(get: _Getter, test: Callable[[Any, Any], bool], literal: object) -> _Predicate:
    def predicate(row: _Row) -> bool:
        try:
            return test(get(row), literal)
        except _ROW_ERRORS:
            return False

    return predicate


def _membership(members: _Members) -> _Predicate:
    get, values = members.get, members.values

    def predicate(row: _Row) -> bool:
        try:
            return get(row) in values
        except _ROW_ERRORS:
            return False

    return predicate


def _constant(result: bool) -> _Predicate:
    def predicate(_row: _Row) -> bool:
        return result

    return predicate


def _negate(test: _Predicate) -> _Predicate:
    def predicate(row: _Row) -> bool:
        return not test(row)

    return predicate


def _all_of(tests: Sequence[_Predicate]) -> _Predicate:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda row: first(row) and second(row)
    chain = tuple(tests)

    def predicate(row: _Row) -> bool:
        for test in chain:
            if not test(row):
                return False
        return True

    return predicate


def _any_of(tests: Sequence[_Predicate]) -> _Predicate:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda row: first(row) or second(row)
    chain = tuple(tests)

    def predicate(row: _Row) -> bool:
        for test in chain:
            if test(row):
                return True
        return False

    return predicate


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


class _Builder:
    """Turns one parsed filter into closures, for one entity and schema version."""

    def __init__(self, entity: Entity, schema_version: str) -> None:
        self.entity = entity
        self.schema_2_1 = _schema_at_least_2_1(schema_version)
        self.type_name = f"{NAMESPACE}.{entity.name}"

    # -- boolean expressions -------------------------------------------------------------

    def clause(self, node: Any, depth: int = 0) -> _Clause:
        if depth > _MAX_DEPTH:
            raise _bad_request("The $filter expression is nested too deeply.")
        if isinstance(node, ast.BoolOp):
            parts = [self.clause(operand, depth + 1) for operand in _flatten(node)]
            if isinstance(node.op, ast.And):
                return self._and(parts)
            return self._or(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.clause(node.operand, depth + 1)
            if inner.test is None:
                return inner
            return _Clause(_negate(inner.test), inner.fields)
        if isinstance(node, ast.Compare):
            if isinstance(node.comparator, ast.In):
                return self._in(node)
            return self._compare(node)
        if isinstance(node, ast.CollectionLambda):
            self._lambda_owner(node.owner)
            return _IGNORED
        if isinstance(node, ast.Call | ast.Identifier | ast.Attribute):
            operand = self.operand(node)
            if operand.edm is not Edm.BOOLEAN:
                raise _bad_request(
                    "The $filter expression must evaluate to a single boolean value."
                )
            return self._compare_operand(operand, _COMPARATORS[ast.Eq], True)
        if isinstance(node, ast._Literal):
            raise _not_supported(
                "A literal on its own is not supported on an OData filter; "
                "compare a property with a value."
            )
        raise self._unsupported_expression(node)

    @staticmethod
    def _and(parts: list[_Clause]) -> _Clause:
        fields = frozenset().union(*(part.fields for part in parts))
        tests = [part.test for part in parts if part.test is not None]
        if not tests:
            return _Clause(None, fields)
        return _Clause(_all_of(tests), fields)

    @staticmethod
    def _or(parts: list[_Clause]) -> _Clause:
        fields = frozenset().union(*(part.fields for part in parts))
        if len(fields) > 1:
            raise _not_supported(_OR_DISTINCT_FIELDS)
        if any(part.test is None for part in parts):
            return _Clause(None, fields)
        # Equality terms on the same operand collapse into one set, so a batch of
        # `id eq …` terms costs one lookup per row instead of one closure per term.
        merged: dict[tuple[object, ...], _Members] = {}
        tests: list[_Predicate] = []
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
            return _Clause(_membership(only), fields, only)
        tests[:0] = [_membership(members) for members in merged.values()]
        return _Clause(_any_of(tests), fields)

    def _lambda_owner(self, owner: Any) -> None:
        # The lambda is ignored, but its collection must still exist, as BC's parser
        # resolves it before the filter is translated.
        root = self._root_name(owner)
        if self.entity.nav(root) is not None:
            return
        if self.entity.field(root) is not None:
            raise _syntax_error()
        raise self._unknown_property(root)

    # -- comparisons ---------------------------------------------------------------------

    def _compare(self, node: ast.Compare) -> _Clause:
        comparator_type: type[ast._Comparator] = type(node.comparator)
        left, right = node.left, node.right
        if self._is_literal(left) and not self._is_literal(right):
            left, right = right, left
            comparator_type = _COMPARATORS[comparator_type].mirrored
        if self._is_literal(left):
            raise _not_supported(
                "Comparing two literals is not supported on an OData filter; "
                "compare a property with a value."
            )
        if not self._is_literal(right):
            # Resolve both sides first so an unknown property is reported as such.
            self.operand(left)
            self.operand(right)
            raise _not_supported(
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
        self, operand: _Operand, comparator: _Comparator, literal: object
    ) -> _Clause:
        if literal is _NULL:
            # BC never stores null: only `ne null` holds, for every row.
            return _Clause(_constant(comparator.test is operator.ne), operand.fields)
        test = _leaf(operand.get, comparator.test, literal)
        if comparator.test is operator.eq:
            members = _Members(operand.key, operand.get, frozenset({literal}))
            return _Clause(test, operand.fields, members)
        return _Clause(test, operand.fields)

    def _in(self, node: ast.Compare) -> _Clause:
        if self._is_literal(node.left) or not isinstance(node.right, ast.List):
            raise _not_supported(
                "The 'in' operator needs a property on its left and a list of values on its right."
            )
        operand = self.operand(node.left)
        items = node.right.val
        if operand.edm is Edm.DATE and any(isinstance(item, ast.DateTime) for item in items):
            operand = self._as_moment(operand)
        values: set[object] = set()
        for item in items:
            if not self._is_literal(item):
                raise _not_supported("The 'in' operator accepts only literal values in its list.")
            value = self.literal(operand, item, "In")
            if value is not _NULL:
                values.add(value)
        if not self.schema_2_1:
            # Checked like any clause (BC's parser resolves it), then dropped.
            return _IGNORED
        members = _Members(operand.key, operand.get, frozenset(values))
        return _Clause(_membership(members), operand.fields, members)

    @staticmethod
    def _is_literal(node: Any) -> bool:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return isinstance(node.operand, ast.Integer | ast.Float)
        return isinstance(node, ast._Literal)

    @staticmethod
    def _as_moment(operand: _Operand) -> _Operand:
        """A date property read as midnight UTC, to compare with a datetime literal."""
        inner = operand.get
        return replace(
            operand,
            get=lambda row: _moment(inner(row)),
            key=("moment", operand.key),
            edm=Edm.DATETIME,
        )

    # -- literals ------------------------------------------------------------------------

    def literal(self, operand: _Operand, node: Any, kind: str) -> object:
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
                raise _bad_request("Unable to convert value to Date.") from None
        if edm is Edm.DATETIME and isinstance(node, ast.Date | ast.DateTime):
            try:
                return _moment(node.val)
            except ValueError:
                target = "Date" if isinstance(node, ast.Date) else "DateTime"
                raise _bad_request(f"Unable to convert value to {target}.") from None
        if edm is Edm.BOOLEAN and isinstance(node, ast.Boolean):
            return node.py_val
        raise self._incompatible(operand, node, kind)

    def _number(self, operand: _Operand, node: Any, kind: str) -> Decimal:
        negate = False
        if isinstance(node, ast.UnaryOp):
            negate, node = True, node.operand
        if not isinstance(node, ast.Integer | ast.Float):
            raise self._incompatible(operand, node, kind)
        try:
            value = Decimal(node.val)
        except InvalidOperation:
            raise _syntax_error() from None
        return -value if negate else value

    @staticmethod
    def _incompatible(operand: _Operand, node: Any, kind: str) -> ODataError:
        if isinstance(node, ast.UnaryOp):  # a negative number
            node = node.operand
        literal_type = _LITERAL_TYPE_NAMES.get(type(node), type(node).__name__)
        return _bad_request(
            "A binary operator with incompatible types was detected. Found operand types "
            f"'{operand.type_name}' and '{literal_type}' for operator kind '{kind}'."
        )

    # -- operands ------------------------------------------------------------------------

    def operand(self, node: Any) -> _Operand:
        if isinstance(node, ast.Identifier):
            return self._property(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Attribute):
            root = self._root_name(node)
            if self.entity.nav(root) is not None:
                raise _not_supported(
                    f"Filtering on the navigation property '{root}' is not supported."
                )
            if self.entity.field(root) is not None:
                raise _syntax_error()
            raise self._unknown_property(root)
        raise self._unsupported_expression(node)

    def _property(self, node: ast.Identifier) -> _Operand:
        name = _dotted(node)
        field = self.entity.field(name) if not node.namespace else None
        if field is None:
            if self.entity.nav(name) is not None:
                raise _not_supported(
                    f"Filtering on the navigation property '{name}' is not supported."
                )
            raise self._unknown_property(name)
        blank = field.empty_value()
        get: _Getter
        fold: Callable[[str], str] | None = None
        type_name = field.type.value
        if field.type is Edm.STRING:

            def get(row: _Row) -> Any:
                return row.get(name, blank)

            if field.code:
                fold = str.upper
        elif field.type is Edm.ENUM:
            assert field.enum is not None
            type_name = field.enum.qualified_name
            order = {wire: index for index, wire in enumerate(field.enum.wire_values)}

            def get(row: _Row) -> Any:
                return order.get(row.get(name, blank), -1)

        elif field.type is Edm.GUID:

            def get(row: _Row) -> Any:
                return row.get(name, blank).lower()

        elif field.type is Edm.DATETIME:

            def get(row: _Row) -> Any:
                return _moment(row.get(name, blank))

        elif field.type is Edm.DECIMAL:
            # Through str so 2071.13 compares as written, not as its binary approximation.
            def get(row: _Row) -> Any:
                return Decimal(str(row.get(name, blank)))

        else:  # dates (ISO text orders like the dates), integers, booleans

            def get(row: _Row) -> Any:
                return row.get(name, blank)

        return _Operand(
            get=get,
            key=(name,),
            edm=field.type,
            type_name=type_name,
            fields=frozenset({name}),
            field=field,
            fold=fold,
        )

    def _call(self, node: ast.Call) -> _Operand:
        name = _dotted(node.func)
        if node.func.namespace or name not in _STRING_FUNCTIONS:
            raise _not_supported(f"The function '{name}' is not supported on an OData filter.")
        args = node.args
        if not self.schema_2_1 and any(isinstance(arg, ast.Call) for arg in args):
            raise _not_supported(
                f"Nested function calls, such as a function inside '{name}', are supported "
                "on an OData filter only with $schemaversion=2.1."
            )
        if not args or self._is_literal(args[0]):
            raise _not_supported(
                f"The function '{name}' needs a property as its first argument on an OData filter."
            )
        subject = self.operand(args[0])
        rest: list[Any] = list(args[1:])
        for arg in rest:
            if not self._is_literal(arg):
                raise _not_supported(
                    f"The function '{name}' accepts only literal values after its first "
                    "argument on an OData filter."
                )
        if subject.edm is not Edm.STRING or not self._signature_fits(name, rest):
            raise self._no_signature(name)
        inner = subject.get
        key = (name, subject.key, *(arg.val for arg in rest))
        if name in ("tolower", "toupper"):
            change: Callable[[str], str] = str.lower if name == "tolower" else str.upper
            return replace(subject, get=_mapped(inner, change), key=key, fold=change)
        if name == "substring":
            # OData counts from 0; a negative start or length is read as 0.
            start = max(int(rest[0].val), 0)
            stop = start + max(int(rest[1].val), 0) if len(rest) == 2 else None
            return replace(subject, get=_mapped(inner, lambda text: text[start:stop]), key=key)
        if name == "length":
            return replace(
                subject,
                get=_mapped(inner, len),
                key=key,
                edm=Edm.INT32,
                type_name="Edm.Int32",
                fold=None,
            )
        needle: str = rest[0].val
        if subject.fold is not None:
            needle = subject.fold(needle)
        if name == "indexof":
            return replace(
                subject,
                get=_mapped(inner, lambda text: text.find(needle)),
                key=key,
                edm=Edm.INT32,
                type_name="Edm.Int32",
                fold=None,
            )
        matchers: dict[str, Callable[[str], bool]] = {
            "contains": lambda text: needle in text,
            "startswith": lambda text: text.startswith(needle),
            "endswith": lambda text: text.endswith(needle),
        }
        return replace(
            subject,
            get=_mapped(inner, matchers[name]),
            key=key,
            edm=Edm.BOOLEAN,
            type_name="Edm.Boolean",
            fold=None,
        )

    @staticmethod
    def _signature_fits(name: str, rest: list[Any]) -> bool:
        if name in ("tolower", "toupper", "length"):
            return not rest
        if name == "substring":
            return 1 <= len(rest) <= 2 and all(isinstance(a, ast.Integer) for a in rest)
        return len(rest) == 1 and isinstance(rest[0], ast.String)

    @staticmethod
    def _no_signature(name: str) -> ODataError:
        signature = {
            "tolower": "tolower(Edm.String)",
            "toupper": "toupper(Edm.String)",
            "length": "length(Edm.String)",
            "substring": "substring(Edm.String, Edm.Int32), "
            "substring(Edm.String, Edm.Int32, Edm.Int32)",
        }.get(name, f"{name}(Edm.String, Edm.String)")
        return _bad_request(
            f"No function signature for the function with name '{name}' matches the specified "
            f"arguments. The function signatures considered are: {signature}."
        )

    # -- errors and helpers --------------------------------------------------------------

    def _unknown_property(self, name: str) -> ODataError:
        return ODataError(
            400,
            "BadRequest_NotFound",
            f"Could not find a property named '{name}' on type '{self.type_name}'.",
        )

    @staticmethod
    def _root_name(node: Any) -> str:
        while isinstance(node, ast.Attribute):
            node = node.owner
        if isinstance(node, ast.Identifier):
            return _dotted(node)
        raise _syntax_error()

    @staticmethod
    def _unsupported_expression(node: Any) -> ODataError:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            # `not` binds tighter than `eq`: `not x eq 'a'` reads as `(not x) eq 'a'`.
            return _bad_request(
                "The operand of 'not' must be a boolean expression; "
                "write not (x eq 'a') rather than not x eq 'a'."
            )
        if isinstance(node, ast.BinOp | ast.UnaryOp):
            return _not_supported("Arithmetic operators are not supported on an OData filter.")
        if isinstance(node, ast.Compare | ast.BoolOp):
            return _not_supported(
                "A comparison can only compare a property with a value on an OData filter."
            )
        return _syntax_error()


class FilterCompiler:
    """Compiles `$filter` text into row predicates, remembering the last `max_cache` ones.

    One instance per sandbox: the cache is the only state, guarded by a lock because starlette
    may run handlers in threads. Parsing happens outside the lock.
    """

    def __init__(self, max_cache: int = 2048) -> None:
        if max_cache < 0:
            raise ValueError("max_cache must be >= 0")
        self._max_cache = max_cache
        self._cache: OrderedDict[tuple[str, str, str], Callable[[Mapping[str, object]], bool]]
        self._cache = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._cache)

    def compile(
        self, text: str, entity: Entity, *, schema_version: str = "2.0"
    ) -> Callable[[Mapping[str, object]], bool]:
        """A predicate for rows of `entity`, or ODataError (400) as BC would refuse `text`."""
        key = (text, entity.entity_set, schema_version)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        predicate = self._build(text, entity, schema_version)
        if self._max_cache:
            with self._lock:
                self._cache[key] = predicate
                self._cache.move_to_end(key)
                while len(self._cache) > self._max_cache:
                    self._cache.popitem(last=False)
        return predicate

    @staticmethod
    def _build(
        text: str, entity: Entity, schema_version: str
    ) -> Callable[[Mapping[str, object]], bool]:
        stripped = text.strip()
        if not stripped:
            return _always
        try:
            tree = _parse(stripped)
            clause = _Builder(entity, schema_version).clause(tree)
        except ODataError:
            raise
        except (ODataException, RecursionError):
            raise _syntax_error() from None
        except Exception:
            # sly can fail in ways of its own on hostile input; none may escape as a 500.
            raise _syntax_error() from None
        return clause.test if clause.test is not None else _always
