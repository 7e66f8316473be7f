"""The GraphQL schema: the contract's types over bcmodel's entity descriptions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.extensions import AddValidationRules, ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from schema.errors import ErrorCodes, classify
from schema.introspection import HIDDEN_SCHEMA_RULES, QuietExecutor
from schema.mutation import Mutation
from schema.plain_fields import PlainLeafExecutor, read_plain_fields_directly
from schema.query import Query
from schema.scalars import SCALARS
from schema.subscription import Subscription


def _resolve_default(source: Any, name: str) -> Any:
    # Resolvers return BC rows as dicts (keys are BC's property names), and small
    # objects elsewhere; reading a dict key is the cheapest per-field work there is.
    if type(source) is dict:
        return source.get(name)
    return getattr(source, name)


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        # Strawberry calls this with the result's own error list on every path, including
        # a syntax error raised inside ParserCache's hook, which never reaches ErrorCodes'
        # operation hook: classifying in place here gives those their code too.
        # (Strawberry's default logs every error with its stack; the client's mistakes and
        # BC's refusals are not incidents. classify logs what is unexpected.)
        errors[:] = [classify(error) for error in errors]


def build_schema(
    extensions: Sequence[Any] = (), *, introspection: bool = True
) -> strawberry.Schema:
    """`extensions` (the app's limits, metrics, tracing) go first, so they wrap ErrorCodes
    and see each operation's errors with their final codes. Without `introspection` the
    schema does not describe itself to clients (schema/introspection.py)."""
    executor: type[PlainLeafExecutor] = PlainLeafExecutor
    if not introspection:
        extensions = [*extensions, lambda: AddValidationRules(HIDDEN_SCHEMA_RULES)]
        executor = QuietExecutor
    schema = GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(default_resolver=_resolve_default, scalar_map=SCALARS),
        extensions=[
            *extensions,
            ErrorCodes,
            # Parsing and validating a document costs more than half of a small query;
            # caching both (bounded) is the largest single win (PERFORMANCE-NOTES.md).
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
        ],
        # Plain fields skip graphql-core's per-field machinery (schema/plain_fields.py).
        execution_context_class=executor,
    )
    read_plain_fields_directly(schema)
    return schema
