"""The GraphQL schema: the contract's types over bcmodel's entity descriptions."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Sequence
from typing import Any

import strawberry
from graphql import DocumentNode, GraphQLError
from strawberry.extensions import AddValidationRules
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from bcmodel import STANDARD, Registry
from gateway.errors import BadRequest
from gateway.lru import LRU
from schema.build import Build
from schema.compiled import DEFAULT_PLANS, CompiledExecution
from schema.document_cache import DocumentCache
from schema.enums import enums_of
from schema.errors import ErrorCodes, classify
from schema.inputs import build_inputs
from schema.introspection import HIDDEN_SCHEMA_RULES, QuietExecutor
from schema.mutation import build_mutation
from schema.plain_fields import PlainLeafExecutor, read_plain_fields_directly
from schema.query import build_query
from schema.scalars import SCALARS
from schema.subscription import build_subscription
from schema.types import build_types
from schema.validation_cache import ValidationMemo


def _resolve_default(source: Any, name: str) -> Any:
    # Resolvers return BC rows as dicts (keys are BC's property names), and small
    # objects elsewhere; reading a dict key is the cheapest per-field work there is.
    if type(source) is dict:
        return source.get(name)
    return getattr(source, name)


# Over HTTP every operation ends with one result; subscriptions need a stream.
SUBSCRIPTION_OVER_HTTP = (
    "A subscription cannot run over plain HTTP: open a WebSocket to this same /graphql "
    "endpoint (the graphql-transport-ws protocol, as the graphql-ws client speaks it) and "
    "subscribe there, or send it accepting text/event-stream (GraphQL over SSE, as the "
    "graphql-sse client does)."
)


class GatewaySchema(strawberry.Schema):
    # The entities the schema shows; resolvers look relations, parents and event kinds up
    # in it (resolvers/context.py's registry_of).
    registry: Registry = STANDARD
    # graphql-core's execute, or the compiled path's (build_schema).
    execute_function: Any = None

    def _get_execute_function(self) -> Any:
        return self.execute_function or super()._get_execute_function()

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """One result for one operation. Strawberry allows subscriptions here (for its
        streaming HTTP transports, which bcgraph does not serve), and graphql-core then runs
        one as a query whose field resolves to a stream: an internal error. Refused instead,
        after parsing (the token limit applies) and before anything runs."""
        allowed = set(allowed_operation_types or DEFAULT_ALLOWED_OPERATION_TYPES)
        allowed.discard(OperationType.SUBSCRIPTION)
        try:
            return await super().execute(
                query,
                variable_values=variable_values,
                context_value=context_value,
                root_value=root_value,
                operation_name=operation_name,
                allowed_operation_types=allowed,
                operation_extensions=operation_extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is not OperationType.SUBSCRIPTION:
                raise  # a mutation over GET: Strawberry's 405
            refused = BadRequest(SUBSCRIPTION_OVER_HTTP)
            return ExecutionResult(
                data=None,
                errors=[GraphQLError(refused.message, extensions=refused.to_extensions())],
            )

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        # Strawberry calls this with the result's own error list on every path, including
        # a syntax error raised inside DocumentCache's hook, which never reaches ErrorCodes'
        # operation hook: classifying in place here gives those their code too.
        # (Strawberry's default logs every error with its stack; the client's mistakes and
        # BC's refusals are not incidents. classify logs what is unexpected.)
        errors[:] = [classify(error) for error in errors]


def build_schema(
    extensions: Sequence[Any] = (),
    registry: Registry = STANDARD,
    introspection: bool = True,
    plans: int = DEFAULT_PLANS,
) -> GatewaySchema:
    """The API over `registry`'s entities (BC's standard ones unless custom APIs are
    loaded). `extensions` (the app's limits, metrics, tracing) go first, so they wrap
    ErrorCodes and see each operation's errors with their final codes. Without
    `introspection` the schema does not describe itself to clients
    (schema/introspection.py). Repeated read operations skip graphql-core's execution
    (schema/compiled/), at most `plans` of them kept; with 0, none does."""
    if not introspection:
        extensions = [*extensions, lambda: AddValidationRules(HIDDEN_SCHEMA_RULES)]
    # The types are the registry's and the same for every app; the extensions are the
    # app's. Strawberry reads `extensions` per operation, so a copy that differs only in
    # them is a schema of its own.
    schema = copy.copy(_types_of(registry, introspection))
    validated: LRU[list[GraphQLError]] = LRU(512)
    parsed: LRU[DocumentNode] = LRU(512)
    subscribed: LRU[DocumentNode] = LRU(32)
    if plans > 0:
        # Plans are this schema's own (its extensions are part of how it executes).
        schema.execute_function = CompiledExecution(registry, plans)
    schema.extensions = (
        *extensions,
        ErrorCodes,
        # Parsing and validating a document costs more than half of a small query;
        # caching both (bounded) is the largest single win (docs/performance.md).
        lambda: DocumentCache(parsed, subscribed),
        lambda: ValidationMemo(validated),
    )
    return schema


# Converting some hundred entities' types takes seconds, and every app (every test's too)
# builds a schema: a memo of this pure function of two immutable values, bounded.
@functools.lru_cache(maxsize=8)
def _types_of(registry: Registry, introspection: bool) -> GatewaySchema:
    build = Build(registry, enums_of(registry.entities))
    build_types(build)
    build_inputs(build)
    schema = GatewaySchema(
        query=build_query(build),
        mutation=build_mutation(build),
        subscription=build_subscription(build),
        config=StrawberryConfig(default_resolver=_resolve_default, scalar_map=SCALARS),
        # Plain fields skip graphql-core's per-field machinery (schema/plain_fields.py).
        execution_context_class=PlainLeafExecutor if introspection else QuietExecutor,
    )
    schema.registry = registry
    read_plain_fields_directly(schema)
    return schema
