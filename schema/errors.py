"""Every GraphQL error leaves with `extensions.code`: the gateway's own errors keep their
code and details; GraphQL's validation errors are BAD_USER_INPUT; anything else is an
internal error whose message and stack stay in the log, never in the response."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from gateway.errors import GatewayError

log = logging.getLogger("bcgraph.graphql")

INTERNAL = "INTERNAL_SERVER_ERROR"


def classify(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GatewayError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            path=error.path,
            extensions=original.to_extensions(),
        )
    if original is None:
        # Syntax and validation errors carry no original error and are the client's.
        return GraphQLError(
            error.message,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": (error.extensions or {}).get("code", "BAD_USER_INPUT")},
        )
    if isinstance(original, GraphQLError | ValueError | TypeError) and error.path is None:
        # Variable coercion (a bad UUID, Decimal or Date in variables) fails before
        # execution with the scalar's ValueError: the client's input.
        return GraphQLError(error.message, nodes=error.nodes, extensions={"code": "BAD_USER_INPUT"})
    log.error("unexpected error in a resolver", exc_info=original)
    return GraphQLError(
        "Internal server error.", nodes=error.nodes, path=error.path, extensions={"code": INTERNAL}
    )


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [classify(e) for e in result.errors]
