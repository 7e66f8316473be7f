"""odata-query's lexer with the fixes BC needs, and the token stream its parser reads.

odata-query's grammar is right for BC but for its lexing: blank dates, keywords that are
the start of a property name, and one-item lists after `in`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from odata_query import ast
from odata_query.grammar import _TIME, ODataLexer
from sly.lex import Token

__all__ = ["tokens"]

_F = TypeVar("_F", bound=Callable[..., Any])


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


def tokens(text: str) -> list[Any]:
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
