"""Repeated reads over plain HTTP, answered without Strawberry's view and extensions.

A read the schema has compiled (schema/compiled/) has already been parsed, validated and
measured against the limits on its document: only an operation that ran gets a plan. Its
next requests need none of that again, nor Strawberry's per-request machinery around it
(the view's body and content-type handling, a context manager per extension and phase):
together a quarter of a small read's CPU (docs/performance.md). Such a request is answered
here, the same way and with the same bytes:

* the cost limit, which depends on the variables, is checked as the extension checks it;
* the plan runs through the schema's own execute function (the same fallbacks to
  graphql-core: a run that fails other than at a root field, variables that do not
  coerce);
* errors are coded as ErrorCodes codes them, the operation is counted and timed as
  OperationMetrics does, and the answer is Strawberry's: `data`, then `errors`, encoded
  by orjson, with the graphql-response+json media type and status when asked for.

Everything else goes to Strawberry with the body replayed: other methods and content
types, batches, persisted queries (`extensions`), a query string, operations not compiled
yet (their first request compiles them), costs over the limit (refused there, with the
same message). An app with an extension of another kind (tracing) has no prepared path.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.execution import optimized_is_awaitable

from gateway.graphql_media import GRAPHQL_RESPONSE, accepts_graphql_response
from gateway.limits import CostLimit
from gateway.observability.metrics import Metrics
from gateway.observability.operations import count_operation, outcome_of
from schema import GatewaySchema
from schema.compiled import CompiledExecution
from schema.errors import classify

# The body's members Strawberry reads for one operation; any other (extensions: a
# persisted query) sends the request its way.
_MEMBERS = frozenset({"query", "operationName", "variables"})


class PreparedOperations:
    def __init__(self, schema: GatewaySchema, cost: CostLimit, metrics: Metrics) -> None:
        execution = schema.execute_function
        if not isinstance(execution, CompiledExecution):
            raise ValueError("prepared operations need the schema's compiled execution")
        self._execution = execution
        self._schema = schema._schema
        self._executor_class = schema.execution_context_class
        self._cost = cost
        self._metrics = metrics
        # For tests and metrics: requests answered here.
        self.answered = 0

    async def serve(
        self, scope: Scope, receive: Receive, send: Send, context: Any
    ) -> Receive | None:
        """None once the request is answered; else the receive Strawberry's view reads it
        from (its body replayed when it was read here). `context(request)` makes the
        request's resolvers Context, as the view's get_context does."""
        if scope["method"] != "POST" or scope.get("query_string") or not _json_body(scope):
            return receive
        body = await _read_body(receive)
        replay = _replay(body, receive)
        operation = _operation(body)
        if operation is None:
            return replay
        query, name, variables = operation
        found = self._execution.compiled(query, name, variables or {})
        if found is None:
            return replay
        document, name = found
        if self._cost.refusal(self._schema, document, query, name, variables) is not None:
            return replay
        started = time.perf_counter()
        request = Request(scope, replay)
        result = await self._run(document, await context(request), name, variables)
        errors = [classify(e) for e in result.errors] if result.errors else None
        count_operation(
            self._metrics, name, "query", outcome_of(errors), time.perf_counter() - started
        )
        answer: dict[str, Any] = {"data": result.data}
        status = 200
        graphql_response = accepts_graphql_response(request)
        if errors:
            answer["errors"] = [e.formatted for e in errors]
            if result.data is None and all(e.path is None for e in errors):
                # Never ran (its variables did not coerce): as gateway/graphql.py answers.
                if graphql_response:
                    status = 400
                    del answer["data"]
        response = Response(orjson.dumps(answer), status, media_type="application/json")
        if graphql_response:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        self.answered += 1
        await response(scope, replay, send)
        return None

    async def _run(
        self, document: Any, context: Any, name: str | None, variables: dict[str, Any] | None
    ) -> ExecutionResult:
        try:
            result = self._execution(
                self._schema,
                document,
                root_value=None,
                context_value=context,
                variable_values=variables,
                operation_name=name,
                is_awaitable=optimized_is_awaitable,
                executor_class=self._executor_class,
            )
            if optimized_is_awaitable(result):
                result = await result
        except Exception as error:  # as Strawberry answers an execution that raised
            return ExecutionResult(
                data=None, errors=[GraphQLError(str(error), original_error=error)]
            )
        assert isinstance(result, ExecutionResult)
        return result


def _json_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return bool(value.split(b";", 1)[0].strip().lower() == b"application/json")
    return False


def _operation(body: bytes) -> tuple[str, str | None, dict[str, Any] | None] | None:
    """The body's query, operation name and variables, when it is one plain operation."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(data) is not dict or not data.keys() <= _MEMBERS:
        return None
    query, name, variables = data.get("query"), data.get("operationName"), data.get("variables")
    if type(query) is not str or not (name is None or type(name) is str):
        return None
    if not (variables is None or type(variables) is dict):
        return None
    return query, name, variables


async def _read_body(receive: Receive) -> bytes:
    """The request's body as Starlette's Request.body reads it (ClientDisconnect when the
    client leaves first), without its async generator and context manager per request."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)
        elif message["type"] == "http.disconnect":
            raise ClientDisconnect()


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands out the body already read, then the connection's messages."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed
