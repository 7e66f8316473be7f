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

lexer.py       odata-query's lexer with BC's fixes; the token stream its parser reads
predicates.py  closures over a row: what a compiled filter is made of
operands.py    properties and string functions, as values read from a row
builder.py     BC's rules: boolean structure, comparisons, null and literals, refusals
errors.py      the 400s BC answers a filter it refuses
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from odata_query.exceptions import ODataException
from odata_query.grammar import ODataParser

from bcmodel import Entity
from sandbox.errors import ODataError
from sandbox.filter.builder import Builder
from sandbox.filter.errors import syntax_error
from sandbox.filter.lexer import tokens
from sandbox.filter.predicates import Row

__all__ = ["FilterCompiler", "parse_tree"]


def _parse(text: str) -> Any:
    """The odata-query AST of `text`; a module function so tests can count parses."""
    return ODataParser().parse(iter(tokens(text)))


def parse_tree(text: str) -> Any | None:
    """The AST of `text` with BC's lexing rules, or None when it does not parse.

    For callers that need to look at a filter's shape (which fields it names, a
    `dateFilter eq` literal) rather than evaluate it; `FilterCompiler.compile`
    reports malformed filters."""
    try:
        return _parse(text)
    except Exception:  # any parser failure means "no tree"
        return None


def _always(_row: Row) -> bool:
    return True


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
            clause = Builder(entity, schema_version).clause(tree)
        except ODataError:
            raise
        except (ODataException, RecursionError):
            raise syntax_error() from None
        except Exception:
            # sly can fail in ways of its own on hostile input; none may escape as a 500.
            raise syntax_error() from None
        return clause.test if clause.test is not None else _always
