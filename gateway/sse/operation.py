"""From an HTTP request that accepts text/event-stream to its operation's event stream.

GraphQLApp calls `serve_event_stream` once the request has passed what every /graphql
request passes (the user token, the per-user rate limit). From there:

- a request that is not a GraphQL request (a body that is not JSON, no `query`, a batch)
  is answered 400 with a JSON body, before any stream: the client's mistake is plain;
- everything else is answered with a stream, as PROTOCOL.md requires: a document that does
  not parse, does not validate or passes a limit (tokens, depth, cost) comes back as one
  `next` carrying the errors, then `complete`; so does an unknown persisted query;
- a query or mutation is one `next` and `complete`; a subscription a `next` per event.
  Mutations need a POST, as over plain HTTP (GraphQL over HTTP: GET is safe).

The operation runs as a WebSocket's does: through the schema with its limit extensions,
and a subscription joins the same one the user's sockets and other streams run with the
same document and variables (gateway/ws/shared.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator
from typing import Any, Protocol

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.types import HTTPMethod
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType as StrawberryOperation

from gateway.auth.backend import error_response
from gateway.errors import BadRequest, GatewayError
from gateway.sse.response import send_stream
from gateway.sse.streams import EventStreams
from gateway.ws.view import SocketView
from resolvers.context import Context

__all__ = ["StreamView", "serve_event_stream"]


class StreamView(SocketView, Protocol):
    """What a stream needs of the GraphQL app: its schema and streams, its own request
    parsing (persisted queries included), context and result formatting, and what the
    WebSocket handlers use for shared subscriptions."""

    schema: BaseSchema
    event_streams: EventStreams

    def request_adapter_class(self, request: Request) -> AsyncHTTPRequestAdapter: ...

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]: ...

    async def get_context(self, request: Request, response: Response) -> Context: ...

    async def process_result(self, request: Request, result: Any) -> GraphQLHTTPResponse: ...

    def encode_json(self, data: object) -> bytes: ...


async def serve_event_stream(app: StreamView, scope: Scope, receive: Receive, send: Send) -> None:
    streams = app.event_streams
    if streams.draining:
        # Stopping: the client is to try again (another replica, or this one restarted).
        await _unavailable()(scope, receive, send)
        return
    request = Request(scope, receive)
    started = await _start(app, request)
    if isinstance(started, Response):
        await started(scope, receive, send)
        return
    results, data = started

    async def encode(result: Any) -> bytes:
        return app.encode_json(await app.process_result(request, result))

    await send_stream(
        send,
        receive,
        results,
        encode=encode,
        streams=streams,
        is_subscription=lambda: data is not None and _is_subscription(data),
    )


async def _start(
    app: StreamView, request: Request
) -> Response | tuple[AsyncGenerator[Any, None], GraphQLRequestData | None]:
    """The operation's results (and its request), or the 400 for a request that is not one."""
    try:
        data = await app.parse_http_body(app.request_adapter_class(request))
    except HTTPException as refused:
        return error_response(BadRequest(refused.reason))
    except GatewayError as error:  # a persisted query the gateway does not hold, say
        failed = GraphQLError(error.message, extensions=error.to_extensions())
        return _one(ExecutionResult(data=None, errors=[failed])), None
    if isinstance(data, list):
        return error_response(
            BadRequest("An event stream runs one operation; send a batch over plain HTTP.")
        )
    if not data.query:
        return error_response(BadRequest("The request has no GraphQL `query`."))
    context = await app.get_context(request, Response())
    method: HTTPMethod = "GET" if request.method == "GET" else "POST"
    results = await app.shared_schema.stream(
        data.query,
        variable_values=data.variables,
        context_value=context,
        operation_name=data.operation_name,
        operation_extensions=data.extensions,
        allowed_operation_types=StrawberryOperation.from_http(method),
    )
    return _reporting_syntax_errors(results), data


async def _reporting_syntax_errors(
    results: AsyncGenerator[Any, None],
) -> AsyncGenerator[Any, None]:
    """The results, with a document that does not parse reported as a result: Strawberry's
    stream() lets the syntax error of its parser-cache extension escape (execute() turns it
    into a result, as here)."""
    async with contextlib.aclosing(results):
        try:
            async for result in results:
                yield result
        except GraphQLError as error:
            yield ExecutionResult(data=None, errors=[error])


def _is_subscription(data: GraphQLRequestData) -> bool:
    # Asked only when the gateway drains: the document has long passed the limits by then.
    if not data.query:
        return False
    try:
        operation = get_operation_ast(parse(data.query), data.operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation is OperationType.SUBSCRIPTION


async def _one(result: ExecutionResult) -> AsyncGenerator[ExecutionResult, None]:
    yield result


def _unavailable() -> Response:
    return JSONResponse(
        {
            "errors": [
                {
                    "message": "The gateway is stopping; try again.",
                    "extensions": {"code": "SERVICE_UNAVAILABLE"},
                }
            ]
        },
        status_code=503,
        headers={"Retry-After": "1", "Cache-Control": "no-store"},
    )
