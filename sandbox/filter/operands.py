"""The row side of a comparison: a property, possibly under BC's string functions, read
from a row as a value comparable with a literal.

`OperandBuilder` resolves the AST's identifiers and calls against the entity; the clause
builder (builder.py) extends it with boolean structure, comparisons and literals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

from odata_query import ast

from bcmodel import Edm, Entity, Field
from bcmodel.edm import NAMESPACE
from sandbox.errors import ODataError
from sandbox.filter.errors import bad_request, not_supported, syntax_error
from sandbox.filter.predicates import Getter, Row, mapped

__all__ = ["Operand", "OperandBuilder", "moment"]

_SCHEMA_2_1: Final = (2, 1)

# The functions BC documents (plus length/indexof, which its docs list as commented out). The
# grammar knows many more (year, concat, round…); BC has no AL approximation for them.
_STRING_FUNCTIONS: Final = frozenset(
    {"contains", "startswith", "endswith", "tolower", "toupper", "substring", "length", "indexof"}
)


def moment(text: str) -> datetime:
    # fromisoformat (3.11+) takes `Z`, any number of fraction digits and bare dates.
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _dotted(identifier: ast.Identifier) -> str:
    return ".".join((*identifier.namespace, identifier.name))


def _schema_at_least_2_1(version: str) -> bool:
    try:
        return tuple(int(part) for part in version.split(".")) >= _SCHEMA_2_1
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Operand:
    """The row side of a comparison: a property, possibly under string functions."""

    get: Getter  # row -> a value comparable with the coerced literal
    key: tuple[object, ...]  # names what `get` computes, to merge `eq` terms of an `or`
    edm: Edm
    type_name: str  # for error messages: `Edm.String`, `Microsoft.NAV.vendorBlocked`
    fields: frozenset[str]
    field: Field
    # Applied to string literals compared with this operand (see the package docstring).
    fold: Callable[[str], str] | None = None


class OperandBuilder:
    """Resolves operands of one parsed filter, for one entity and schema version."""

    def __init__(self, entity: Entity, schema_version: str) -> None:
        self.entity = entity
        self.schema_2_1 = _schema_at_least_2_1(schema_version)
        self.type_name = f"{NAMESPACE}.{entity.name}"

    @staticmethod
    def _is_literal(node: Any) -> bool:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return isinstance(node.operand, ast.Integer | ast.Float)
        return isinstance(node, ast._Literal)

    # -- operands ------------------------------------------------------------------------

    def operand(self, node: Any) -> Operand:
        if isinstance(node, ast.Identifier):
            return self._property(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Attribute):
            root = self._root_name(node)
            if self.entity.nav(root) is not None:
                raise not_supported(
                    f"Filtering on the navigation property '{root}' is not supported."
                )
            if self.entity.field(root) is not None:
                raise syntax_error()
            raise self._unknown_property(root)
        raise self._unsupported_expression(node)

    def _property(self, node: ast.Identifier) -> Operand:
        name = _dotted(node)
        field = self.entity.field(name) if not node.namespace else None
        if field is None:
            if self.entity.nav(name) is not None:
                raise not_supported(
                    f"Filtering on the navigation property '{name}' is not supported."
                )
            raise self._unknown_property(name)
        blank = field.empty_value()
        get: Getter
        fold: Callable[[str], str] | None = None
        type_name = field.type.value
        if field.type is Edm.STRING:

            def get(row: Row) -> Any:
                return row.get(name, blank)

            if field.code:
                fold = str.upper
        elif field.type is Edm.ENUM:
            assert field.enum is not None
            type_name = field.enum.qualified_name
            order = {wire: index for index, wire in enumerate(field.enum.wire_values)}

            def get(row: Row) -> Any:
                return order.get(row.get(name, blank), -1)

        elif field.type is Edm.GUID:

            def get(row: Row) -> Any:
                return row.get(name, blank).lower()

        elif field.type is Edm.DATETIME:

            def get(row: Row) -> Any:
                return moment(row.get(name, blank))

        elif field.type is Edm.DECIMAL:
            # Through str so 2071.13 compares as written, not as its binary approximation.
            def get(row: Row) -> Any:
                return Decimal(str(row.get(name, blank)))

        else:  # dates (ISO text orders like the dates), integers, booleans

            def get(row: Row) -> Any:
                return row.get(name, blank)

        return Operand(
            get=get,
            key=(name,),
            edm=field.type,
            type_name=type_name,
            fields=frozenset({name}),
            field=field,
            fold=fold,
        )

    def _call(self, node: ast.Call) -> Operand:
        name = _dotted(node.func)
        if node.func.namespace or name not in _STRING_FUNCTIONS:
            raise not_supported(f"The function '{name}' is not supported on an OData filter.")
        args = node.args
        if not self.schema_2_1 and any(isinstance(arg, ast.Call) for arg in args):
            raise not_supported(
                f"Nested function calls, such as a function inside '{name}', are supported "
                "on an OData filter only with $schemaversion=2.1."
            )
        if not args or self._is_literal(args[0]):
            raise not_supported(
                f"The function '{name}' needs a property as its first argument on an OData filter."
            )
        subject = self.operand(args[0])
        rest: list[Any] = list(args[1:])
        for arg in rest:
            if not self._is_literal(arg):
                raise not_supported(
                    f"The function '{name}' accepts only literal values after its first "
                    "argument on an OData filter."
                )
        if subject.edm is not Edm.STRING or not self._signature_fits(name, rest):
            raise self._no_signature(name)
        inner = subject.get
        key = (name, subject.key, *(arg.val for arg in rest))
        if name in ("tolower", "toupper"):
            change: Callable[[str], str] = str.lower if name == "tolower" else str.upper
            return replace(subject, get=mapped(inner, change), key=key, fold=change)
        if name == "substring":
            # OData counts from 0; a negative start or length is read as 0.
            start = max(int(rest[0].val), 0)
            stop = start + max(int(rest[1].val), 0) if len(rest) == 2 else None
            return replace(subject, get=mapped(inner, lambda text: text[start:stop]), key=key)
        if name == "length":
            return replace(
                subject,
                get=mapped(inner, len),
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
                get=mapped(inner, lambda text: text.find(needle)),
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
            get=mapped(inner, matchers[name]),
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
        return bad_request(
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
        raise syntax_error()

    @staticmethod
    def _unsupported_expression(node: Any) -> ODataError:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            # `not` binds tighter than `eq`: `not x eq 'a'` reads as `(not x) eq 'a'`.
            return bad_request(
                "The operand of 'not' must be a boolean expression; "
                "write not (x eq 'a') rather than not x eq 'a'."
            )
        if isinstance(node, ast.BinOp | ast.UnaryOp):
            return not_supported("Arithmetic operators are not supported on an OData filter.")
        if isinstance(node, ast.Compare | ast.BoolOp):
            return not_supported(
                "A comparison can only compare a property with a value on an OData filter."
            )
        return syntax_error()
