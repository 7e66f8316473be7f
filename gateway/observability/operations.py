"""A schema extension that counts and times each GraphQL operation, in `on_operation` only:
nothing runs per resolved field (PERFORMANCE-NOTES.md)."""

from __future__ import annotations

import time
from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import InvalidOperationTypeError

from gateway.errors import GRAPHQL_PARSE_FAILED, BadRequest
from gateway.observability.metrics import Metrics

INTERNAL = "INTERNAL_SERVER_ERROR"


class OperationMetrics(SchemaExtension):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        outcome = "ok"
        try:
            yield
        except GraphQLError as error:
            # A syntax error escapes the operation instead of landing in its result.
            outcome = _code(error)
            raise
        except InvalidOperationTypeError:
            # The wrong transport (a mutation over GET, a subscription over HTTP): refused
            # before validation, answered by the HTTP layer or the schema.
            outcome = BadRequest.code
            raise
        except Exception:
            outcome = INTERNAL
            raise
        finally:
            context = self.execution_context
            result = context.result
            if outcome == "ok" and result is not None:
                outcome = outcome_of(result.errors)
            try:
                kind = context.operation_type.value
            except RuntimeError:  # no document: it did not parse
                kind = "unknown"
            name = context.operation_name if context.graphql_document is not None else None
            count_operation(self._metrics, name, kind, outcome, time.perf_counter() - started)


def count_operation(
    metrics: Metrics, name: str | None, kind: str, outcome: str, seconds: float
) -> None:
    """One operation counted and timed: by the extension, and by the prepared path
    (gateway/prepared.py), which answers without Strawberry's extensions."""
    label = metrics.operation_label(name)
    metrics.child(metrics.operations, label, kind, outcome).inc()
    metrics.child(metrics.operation_seconds, kind).observe(seconds)


def outcome_of(errors: list[GraphQLError] | None) -> str:
    """The outcome label of a result with these (classified) errors."""
    return _code(errors[0]) if errors else "ok"


def _code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    # Not coded yet: a syntax error that escaped the operation (the schema codes it after).
    return GRAPHQL_PARSE_FAILED if isinstance(error, GraphQLSyntaxError) else "BAD_USER_INPUT"
