"""A compiled plan run for one request: the root fields' resolvers are called as graphql-core
calls them (its own resolve info, its argument coercion), every other field is read off
the rows they return, and the answer is built as plain JSON values in one walk.

Resolvers run level by level: the awaitables one level of the walk makes (the root fields,
then relations not read by `$expand`) are awaited together, as graphql-core's siblings
are, so their BC calls still share a tick and a `$batch`.

A root field whose resolver fails gets graphql-core's answer here (`Run.result`). Any
other exception (a nested resolver's error, a value graphql-core would refuse) ends the
run: the caller then runs graphql-core, whose answer (partial data, located errors) is
today's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from graphql import ExecutionResult, GraphQLError, located_error
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.types.nodes import convert_selections

from bcmodel import Registry
from resolvers import lookahead, pagination, queries, relations
from resolvers.context import Context
from resolvers.rows import ENTITY_KEY
from schema.compiled.leaves import Fallback
from schema.compiled.plan import (
    EDGES,
    PLAIN,
    ROOT_PAGE,
    TO_MANY,
    TO_ONE,
    TYPENAME,
    FieldPlan,
    ObjectPlan,
    Plan,
    Shape,
)

Pending = tuple[dict[str, Any], FieldPlan, Awaitable[Any]]


class Run:
    def __init__(self, executor: Any, registry: Registry) -> None:
        self.executor = executor
        self.registry = registry
        self.context: Context = executor.context_value
        self.pending: list[Pending] = []
        self.arguments: dict[int, dict[str, Any]] = {}

    async def result(self, plan: Plan) -> ExecutionResult:
        """The operation's result. Root fields whose resolvers fail (BC refused, a bad
        argument, no such record) are answered as graphql-core answers them, without
        calling BC again: each error located at its field, in the order they failed, and
        null there (or for all data from the first non-null one on, as graphql-core ends
        there). Any other failure raises, for graphql-core to run the operation."""
        data: dict[str, Any] | None = self.object(self.executor.root_value, plan.root)
        root = data
        failed: list[tuple[FieldPlan, Exception]] = []
        while self.pending:
            batch, self.pending = self.pending, []
            done: list[int] = []
            results = await _settle(batch, done)
            settled = {index: order for order, index in enumerate(done)}
            errors: list[tuple[int, FieldPlan, Exception]] = []
            for i, ((out, f, _), result) in enumerate(zip(batch, results, strict=True)):
                if isinstance(result, Exception) and out is root:
                    errors.append((settled[i], f, result))
                elif isinstance(result, BaseException):
                    raise result
                else:
                    assert f.shape is not None
                    out[f.key] = self.value(result, f.shape)
            failed += [(f, error) for _, f, error in sorted(errors, key=lambda e: e[0])]
        if not failed:
            return ExecutionResult(data=data)
        if any(isinstance(e, Fallback) for _, e in failed):
            raise failed[0][1]
        errors = []
        for f, error in failed:
            errors.append(located_error(error, f.nodes, [f.key]))
            if f.shape is not None and f.shape.non_null:
                # graphql-core ends the operation there: later failures go unreported.
                return ExecutionResult(data=None, errors=errors)
        return ExecutionResult(data=data, errors=errors)

    def value(self, value: Any, shape: Shape) -> Any:
        if value is None:
            if shape.non_null:
                raise Fallback
            return None
        if shape.coerce is not None:
            return shape.coerce(value)
        if shape.item is not None:
            if type(value) is not list:
                raise Fallback
            item = shape.item
            if item.obj is not None and item.non_null:
                obj = item.obj
                return [
                    self.object(v, obj) if type(v) is dict else self.value(v, item) for v in value
                ]
            return [self.value(v, item) for v in value]
        assert shape.obj is not None
        return self.object(value, shape.obj)

    def object(self, source: Any, obj: ObjectPlan) -> dict[str, Any]:
        leaves = obj.leaves
        if leaves is not None and type(source) is dict:
            # Every row of a list of records comes here: the general loop below, field by
            # field, was a tenth of a small read's CPU.
            if obj.tag is not None and source.get(ENTITY_KEY) != obj.tag:
                raise Fallback
            out: dict[str, Any] = {}
            for key, name, non_null, coerce in leaves:
                value = source.get(name)
                if value is not None:
                    out[key] = coerce(value)
                elif non_null:
                    raise Fallback
                else:
                    out[key] = None
            return out
        is_type_of = obj.type.is_type_of
        if is_type_of is not None and not is_type_of(source, None):
            raise Fallback
        out = {}
        for f in obj.fields:
            kind = f.kind
            if kind == PLAIN:
                if type(source) is not dict:
                    raise Fallback
                assert f.shape is not None
                value = source.get(f.name)
                shape = f.shape
                if value is None:
                    if shape.non_null:
                        raise Fallback
                    out[f.key] = None
                elif shape.coerce is not None:
                    out[f.key] = shape.coerce(value)
                else:
                    out[f.key] = self.value(value, shape)
            elif kind == TYPENAME:
                out[f.key] = f.name
            else:
                out[f.key] = None  # its place, in the order graphql-core answers
                self._special(f, source, out)
        return out

    def _special(self, f: FieldPlan, source: Any, out: dict[str, Any]) -> None:
        assert f.shape is not None
        if f.kind == EDGES:
            out[f.key] = self.value(pagination.edges(source), f.shape)
            return
        if f.kind == ROOT_PAGE:
            self._page(f, out)
            return
        if f.kind in (TO_ONE, TO_MANY) and type(source) is dict:
            assert f.rel is not None
            found, at_hand = relations.expanded(source, f.rel)
            if found and f.kind == TO_ONE:
                out[f.key] = self.value(at_hand, f.shape)
                return
            if found:
                assert f.entity is not None and f.target is not None
                first = self._arguments(f).get("first")
                page = relations.first_page(
                    self.context,
                    source,
                    f.entity,
                    f.rel,
                    f.target,
                    at_hand,
                    pagination.check_first(first),
                    cursors=f.cursors,
                )
                out[f.key] = self.value(page, f.shape)
                return
        self._resolve(f, source, out)

    def _page(self, f: FieldPlan, out: dict[str, Any]) -> None:
        """A root list's page, as `queries.many` reads it, with the look-ahead kept."""
        assert f.entity is not None
        arguments = self._arguments(f)
        if f.lookahead is None:
            f.lookahead = self._lookahead(f)

        async def read() -> Any:
            # A bad `first` fails this field alone, as the resolver's own check does.
            first = pagination.check_first(arguments.get("first"))
            return await queries.page(
                self.context,
                self.registry,
                f.entity,  # type: ignore[arg-type]
                f.lookahead.copy(),
                None,
                [],
                first,
                arguments.get("after"),
                arguments.get("companyId"),
                cursors=f.cursors,
            )

        self.pending.append((out, f, read()))

    def _lookahead(self, f: FieldPlan) -> lookahead.Plan:
        assert f.gql is not None and f.parent is not None and f.entity is not None
        info = self.executor.build_resolve_info(f.gql, f.nodes, f.parent, Path(None, f.key, None))
        nodes, count = lookahead.connection_nodes(convert_selections(info, f.nodes)[0])  # type: ignore[arg-type]
        p = lookahead.plan(f.entity, nodes, self.registry)
        p.count = count
        return p

    def _resolve(self, f: FieldPlan, source: Any, out: dict[str, Any]) -> None:
        assert f.gql is not None and f.parent is not None and f.shape is not None
        resolve = f.gql.resolve
        if resolve is None:  # pragma: no cover - every compiled resolved field has one
            raise Fallback
        info = self.executor.build_resolve_info(f.gql, f.nodes, f.parent, Path(None, f.key, None))
        result = resolve(source, info, **self._arguments(f))
        if self.executor.is_awaitable(result):
            self.pending.append((out, f, result))
        else:
            out[f.key] = self.value(result, f.shape)

    def _arguments(self, f: FieldPlan) -> dict[str, Any]:
        """The field's arguments, coerced once per request (the same for every row)."""
        key = id(f)
        found = self.arguments.get(key)
        if found is None:
            assert f.gql is not None
            try:
                found = get_argument_values(f.gql, f.nodes[0], self.executor.variable_values)
            except GraphQLError:
                raise Fallback from None
            self.arguments[key] = found
        return found


async def _settle(batch: list[Pending], done: list[int]) -> list[Any]:
    """Each awaitable's result or exception, as `gather(return_exceptions=True)` gives
    them. One alone (a root list) is awaited in place: a task to run it in would cost more
    than the field's own conversion."""
    if len(batch) == 1:
        try:
            result = await batch[0][2]
        except Exception as error:
            result = error
        done.append(0)
        return [result]
    return await asyncio.gather(
        *(_noting(i, p[2], done) for i, p in enumerate(batch)), return_exceptions=True
    )


async def _noting(index: int, awaitable: Awaitable[Any], done: list[int]) -> Any:
    """`awaitable`'s result, with its index noted when it settles (errors are reported in
    the order they happen, as graphql-core reports them)."""
    try:
        return await awaitable
    finally:
        done.append(index)
