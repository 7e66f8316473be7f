"""What a GraphQL-over-HTTP request asks for and is: the spec's media type, GraphiQL's page, its
body's JSON, and whether a result never ran (refused before execution)."""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.types import Scope
from strawberry.types import ExecutionResult as StrawberryResult

GRAPHQL_RESPONSE = "application/graphql-response+json"


def accepts_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


def never_ran(result: StrawberryResult) -> bool:
    """No data and only errors without a path: refused before execution, not a field error."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def wants_ide(scope: Scope) -> bool:
    """A browser opening GraphiQL: a GET with no query that accepts HTML."""
    query_string = scope.get("query_string", b"")
    if scope.get("method") != "GET" or b"query=" in query_string or b"extensions=" in query_string:
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"")
    return b"text/html" in accept


def parse_request_json(data: str | bytes) -> Any:
    """A request body's JSON. Strawberry expects an object (or a batch list) and answers 500
    for other JSON (a string, a number, null) or for bytes that are not UTF-8: those are
    the client's mistakes, so they get the 400 Strawberry gives malformed JSON."""
    try:
        value = orjson.loads(data)
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        raise HTTPException(400, "Unable to parse request body as JSON") from None
    if not isinstance(value, dict | list):
        raise HTTPException(400, "The request body must be a JSON object.")
    return value
