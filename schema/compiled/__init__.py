"""Compiled execution of repeated read operations (issue 17, graphql-jit's technique): the
first time an operation is seen (its document, operation name and the shape of its
variables) it is compiled into a plan (schema/compiled/plan.py), kept in a bounded LRU of
its schema; later requests run the plan (run.py), which calls the same root resolvers,
the same look-ahead and the same row conversion as graphql-core's execution, but reads
every other field straight off the rows, without graphql-core's per-field machinery.

Installed as the schema's execute function (Strawberry's parse, validation, extensions
and error codes all run as before; only execution differs). graphql-core executes instead:

* what the plan does not take on (mutations, subscriptions, introspection, directives,
  abstract types, streams; plan.py lists them), and when an extension wraps fields;
* variables that do not coerce (graphql-core reports them);
* a request whose run fails other than at one root field: graphql-core then runs it from
  the start and answers today's answer, partial data and located errors included. A
  root field whose resolver fails (most errors: BC's, a bad argument, a record not
  found) is answered here as graphql-core answers it, without calling BC again (run.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values
from graphql.pyutils import is_awaitable as default_is_awaitable

from bcmodel import Registry
from gateway.lru import LRU
from schema.compiled.executor import RunExecutor
from schema.compiled.plan import Compiler, NotCompilable, Plan
from schema.compiled.run import Run

__all__ = ["CompiledExecution"]

DEFAULT_PLANS = 256


class CompiledExecution:
    """An execute function for Strawberry (graphql-core's signature) with this schema's
    plans, at most `size` of them, least recently used dropped first."""

    def __init__(self, registry: Registry, size: int = DEFAULT_PLANS) -> None:
        self._registry = registry
        self._size = size
        # A plan and the document it was compiled from (None: graphql-core runs it).
        self._plans: OrderedDict[tuple[Any, ...], tuple[Plan, DocumentNode] | None] = OrderedDict()
        # A document's first operation's name, which Strawberry runs when none is given.
        self._first_names: LRU[str | None] = LRU(size)
        # For tests and metrics: how requests were answered.
        self.compiled_runs = 0
        self.fallbacks = 0

    def __call__(self, schema: GraphQLSchema, document: DocumentNode, **kwargs: Any) -> Any:
        middleware = kwargs.get("middleware")
        if middleware is not None and getattr(middleware, "middlewares", None):
            return execute(schema, document, **kwargs)  # an extension wraps fields
        executor_class = kwargs.get("executor_class")
        if executor_class is None or document.loc is None:
            return execute(schema, document, **kwargs)
        operation_name = kwargs.get("operation_name")
        variables = kwargs.get("variable_values") or {}
        key = (document.loc.source.body, operation_name, _shape(variables))
        entry = self._plan(key, schema, document, operation_name)
        if entry is None:
            return execute(schema, document, **kwargs)
        plan = entry[0]
        extra = {k: v for k, v in kwargs.items() if k not in _BUILD_KWARGS}
        coerced = get_variable_values(
            schema,
            plan.operation.variable_definitions or (),
            variables,
            max_errors=extra.get("max_coercion_errors", 50),
            hide_suggestions=extra.get("hide_suggestions", False),
        )
        if isinstance(coerced, list):  # variables that do not coerce: graphql-core says so
            return execute(schema, document, **kwargs)

        def build() -> Any:
            return executor_class.build(
                schema,
                document,
                kwargs.get("root_value"),
                kwargs.get("context_value"),
                variables,
                operation_name,
                middleware=middleware,
                is_awaitable=kwargs.get("is_awaitable"),
                **extra,
            )

        executor = RunExecutor(
            build,
            root_value=kwargs.get("root_value"),
            context_value=kwargs.get("context_value"),
            variable_values=coerced,
            is_awaitable=kwargs.get("is_awaitable") or default_is_awaitable,
        )
        return self._run(plan, executor, schema, document, kwargs)

    async def _run(
        self,
        plan: Plan,
        executor: Any,
        schema: GraphQLSchema,
        document: DocumentNode,
        kwargs: Mapping[str, Any],
    ) -> ExecutionResult:
        try:
            answer = await Run(executor, self._registry).result(plan)
        except Exception:
            self.fallbacks += 1
            result = execute(schema, document, **kwargs)
            return await result if executor.is_awaitable(result) else result  # type: ignore[no-any-return]
        self.compiled_runs += 1
        return answer

    def compiled(
        self, query: str, operation_name: str | None, variables: Mapping[str, Any]
    ) -> tuple[DocumentNode, str | None] | None:
        """The parsed document of an operation this schema has compiled for variables of
        this shape, and its name as Strawberry names it (without a name given, the
        document's first operation's); else None. Only an operation that ran has a plan:
        its document parsed, validated and passed the limits on its shape
        (gateway/prepared.py relies on it)."""
        if operation_name is None:
            operation_name = self._first_names.get(query)
        entry = self._plans.get((query, operation_name, _shape(variables)))
        return None if entry is None else (entry[1], operation_name)

    def _plan(
        self,
        key: tuple[Any, ...],
        schema: GraphQLSchema,
        document: DocumentNode,
        operation_name: str | None,
    ) -> tuple[Plan, DocumentNode] | None:
        plans = self._plans
        if key in plans:
            plans.move_to_end(key)
            return plans[key]
        plan = _compile(schema, self._registry, document, operation_name)
        entry = None if plan is None else (plan, document)
        if entry is not None:
            self._first_names.put(key[0], _first_name(document))
        plans[key] = entry
        if len(plans) > self._size:
            plans.popitem(last=False)
        return entry


_BUILD_KWARGS = frozenset(
    {
        "root_value",
        "context_value",
        "variable_values",
        "operation_name",
        "middleware",
        "is_awaitable",
        "executor_class",
    }
)


def _compile(
    schema: GraphQLSchema, registry: Registry, document: DocumentNode, operation_name: str | None
) -> Plan | None:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    if any(d.variable_definitions for d in fragments.values()):
        # Fragment variables (experimental) are coerced by graphql-core's executor only.
        return None
    try:
        return Compiler(schema, registry, fragments).operation(operation)
    except NotCompilable:
        return None


def _first_name(document: DocumentNode) -> str | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            return definition.name.value if definition.name else None
    return None


def _shape(value: Any) -> Any:
    """What of the variables a plan may depend on: which are given, their types, and
    whether each is empty (a relation filtered by `{}` is expanded, by more is not)."""
    if isinstance(value, dict):
        return tuple((k, _shape(v)) for k, v in value.items()) if value else "{}"
    if value is None or isinstance(value, bool):
        return value
    return (type(value).__name__, bool(value))
