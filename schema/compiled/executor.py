"""What a compiled run reads of graphql-core's executor, without building one per request.

Building graphql-core's executor (Strawberry's execution context, the incremental executor
and their maps) was a twentieth of a small read's CPU, and a run that reads rows needs only
the coerced variables, the context and the root value. The executor itself is built, from
the same arguments, only when a run first needs a resolve info: the look-ahead on a plan's
first run, a relation's or a record's own resolver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from graphql.pyutils import Path

from schema.compiled.leaves import Fallback


class RunExecutor:
    def __init__(
        self,
        build: Callable[[], Any],
        *,
        root_value: Any,
        context_value: Any,
        variable_values: Any,
        is_awaitable: Callable[[Any], bool],
    ) -> None:
        """`build()` makes graphql-core's executor, as the schema's execution would;
        `variable_values` are the ones it would coerce (graphql-core's VariableValues)."""
        self._build = build
        self._built: Any = None
        self.root_value = root_value
        self.context_value = context_value
        self.variable_values = variable_values
        self.is_awaitable = is_awaitable

    def build_resolve_info(
        self,
        field_def: GraphQLField,
        field_nodes: Any,
        parent_type: GraphQLObjectType,
        path: Path,
    ) -> GraphQLResolveInfo:
        if self._built is None:
            built = self._build()
            if isinstance(built, list):  # pragma: no cover - its variables coerced already
                raise Fallback
            self._built = built
        info: GraphQLResolveInfo = self._built.build_resolve_info(
            field_def, field_nodes, parent_type, path
        )
        return info
