"""Every GraphQL error leaves with `extensions.code`: the gateway's own errors keep their
code and details; a document that does not parse is GRAPHQL_PARSE_FAILED and one that does
not validate GRAPHQL_VALIDATION_FAILED (Apollo's codes; the limits' own validation rules say
QUERY_TOO_COMPLEX); other mistakes of the client's (variables, arguments) are
BAD_USER_INPUT; anything else is an internal error whose message and stack stay in the log,
never in the response."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import InvalidOperationTypeError

from gateway.errors import GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, GatewayError

log = logging.getLogger("bcgraph.graphql")

INTERNAL = "INTERNAL_SERVER_ERROR"
BAD_USER_INPUT = "BAD_USER_INPUT"


def classify(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GatewayError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            path=error.path,
            extensions=original.to_extensions(),
        )
    if (error.extensions or {}).get("code"):
        # Classified already (results pass through here more than once), or coded where it
        # was found (validation, limits; a bad literal's validation error keeps the
        # scalar's ValueError as its original): keep it all.
        return error
    if original is None:
        # Syntax, validation (coded by ErrorCodes.on_validate) and variable errors carry
        # no original error and are the client's.
        code = GRAPHQL_PARSE_FAILED if isinstance(error, GraphQLSyntaxError) else BAD_USER_INPUT
        return GraphQLError(
            error.message,
            nodes=error.nodes,
            # A syntax error has no node, only where in the text it is: kept, so the
            # client is told the line and column.
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code},
        )
    if isinstance(original, InvalidOperationTypeError):
        # Strawberry's legacy graphql-ws handler runs subscriptions only; an event stream
        # opened with GET (gateway/sse/) runs queries and subscriptions, as GET is safe.
        return GraphQLError(
            f"{error.message} here: the legacy graphql-ws protocol runs subscriptions only "
            "(use graphql-transport-ws or HTTP for queries and mutations), and an event stream "
            "opened with GET runs no mutation (use POST).",
            nodes=error.nodes,
            extensions={"code": BAD_USER_INPUT},
        )
    if isinstance(original, GraphQLError | ValueError | TypeError) and error.path is None:
        # Variable coercion (a bad UUID, Decimal or Date in variables) fails before
        # execution with the scalar's ValueError: the client's input.
        return GraphQLError(error.message, nodes=error.nodes, extensions={"code": BAD_USER_INPUT})
    log.error("unexpected error in a resolver", exc_info=original)
    return GraphQLError(
        "Internal server error.", nodes=error.nodes, path=error.path, extensions={"code": INTERNAL}
    )


class ErrorCodes(SchemaExtension):
    _streamed = False

    def on_validate(self) -> Iterator[None]:
        yield
        # Only here are validation errors told apart from the others without an original
        # error (a variable's, found later). The validation cache hands out the same error
        # objects for the same document: coding them in place gives each the same code.
        for error in self.execution_context.pre_execution_errors or ():
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": GRAPHQL_VALIDATION_FAILED}

    def on_operation(self) -> Iterator[None]:
        yield
        if self._streamed:
            return  # every result was classified before it was sent
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [classify(e) for e in result.errors]

    def on_stream_result(self, result: Any) -> Iterator[None]:
        # A subscription (or any operation over a WebSocket) sends results one by one,
        # long before on_operation ends: each is classified on its way out.
        self._streamed = True
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [classify(e) for e in errors]
        yield
