"""The gateway's one error tree. Each error has a stable `code` that becomes
`extensions.code` in GraphQL and the `code` of a REST error body:

    GatewayError
    ├── Unauthenticated        UNAUTHENTICATED       no or bad user token
    ├── Forbidden              FORBIDDEN             BC or the gateway said no
    ├── NotConnected           NOT_CONNECTED         the user has no (usable) BC connection
    ├── NotFound               NOT_FOUND
    ├── Conflict               CONFLICT              stale etag, duplicate key
    ├── BadUserInput           BAD_USER_INPUT        refused before or by BC
    ├── BadRequest             BAD_REQUEST           not for this transport (a subscription
    │                                                over plain HTTP)
    ├── RateLimited            RATE_LIMITED
    ├── QueryTooComplex        QUERY_TOO_COMPLEX
    ├── UpstreamUnavailable    UPSTREAM_UNAVAILABLE  BC unreachable, timing out, 503/504
    └── UpstreamError          UPSTREAM_ERROR        BC answered with something we cannot map

GraphQL's own refusals of a document carry the codes Apollo's servers use, so clients
built for those read them alike (schema/errors.py): GRAPHQL_PARSE_FAILED for a syntax
error, GRAPHQL_VALIDATION_FAILED for a document the schema does not validate.

Messages are safe to show to a client: never a token, never a stack trace, never
an upstream body beyond BC's own error message.
"""

from __future__ import annotations

from typing import Any


class GatewayError(Exception):
    code = "INTERNAL_SERVER_ERROR"
    http_status = 500

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = {k: v for k, v in extensions.items() if v is not None}

    def to_extensions(self) -> dict[str, Any]:
        return {"code": self.code, **self.extensions}


class Unauthenticated(GatewayError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(GatewayError):
    code = "FORBIDDEN"
    http_status = 403


class NotConnected(GatewayError):
    code = "NOT_CONNECTED"
    http_status = 409


class NotFound(GatewayError):
    code = "NOT_FOUND"
    http_status = 404


class Conflict(GatewayError):
    code = "CONFLICT"
    http_status = 409


class BadUserInput(GatewayError):
    code = "BAD_USER_INPUT"
    http_status = 400


class BadRequest(GatewayError):
    code = "BAD_REQUEST"
    http_status = 400


class RateLimited(GatewayError):
    code = "RATE_LIMITED"
    http_status = 429


class QueryTooComplex(GatewayError):
    code = "QUERY_TOO_COMPLEX"
    http_status = 400


class UpstreamUnavailable(GatewayError):
    code = "UPSTREAM_UNAVAILABLE"
    http_status = 503


class UpstreamError(GatewayError):
    code = "UPSTREAM_ERROR"
    http_status = 502


GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"

ERROR_CODES = (
    *(
        cls.code
        for cls in (
            Unauthenticated,
            Forbidden,
            NotConnected,
            NotFound,
            Conflict,
            BadUserInput,
            BadRequest,
            RateLimited,
            QueryTooComplex,
            UpstreamUnavailable,
            UpstreamError,
        )
    ),
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
)
