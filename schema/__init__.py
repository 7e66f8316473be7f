"""The GraphQL schema: the contract's types over bcmodel's entity descriptions."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from schema.errors import ErrorCodes
from schema.query import Query
from schema.scalars import SCALARS


def _resolve_default(source: Any, name: str) -> Any:
    # Resolvers return BC rows as dicts (keys are BC's property names), and small
    # objects elsewhere; reading a dict key is the cheapest per-field work there is.
    if type(source) is dict:
        return source.get(name)
    return getattr(source, name)


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        # Strawberry logs every error with its stack; the client's own mistakes and BC's
        # refusals are not incidents. ErrorCodes logs what is unexpected.
        return None


def build_schema() -> strawberry.Schema:
    return GatewaySchema(
        query=Query,
        config=StrawberryConfig(default_resolver=_resolve_default, scalar_map=SCALARS),
        extensions=[
            ErrorCodes,
            # Parsing and validating a document costs more than half of a small query;
            # caching both (bounded) is the largest single win (PERFORMANCE-NOTES.md).
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
        ],
    )
