"""BC's answers and transport failures, mapped onto the gateway's one error tree.

    BC says                                   the gateway raises
    400, 405, 413                             BadUserInput          (bcCode)
    401                                       BCAuthRejected        (an UpstreamError; see below)
    403                                       Forbidden
    404                                       NotFound
    409 Request_EntityChanged                 Conflict              stale etag
    409 other (duplicate key …)               Conflict              (bcCode says which)
    414                                       QueryTooComplex
    429                                       RateLimited           (retryAfter, seconds)
    408, 502, 503, 504, transport failures    UpstreamUnavailable
    anything else                             UpstreamError

Every mapped error keeps BC's `code` as `bcCode` and BC's message without its trailing
`  CorrelationId:  <guid>.`, which moves to `bcCorrelationId` (what BC support asks for).
Nothing else from the upstream body, and never a token, goes into an error.

`BCAuthRejected` means BC refused the access token we sent, even after asking the token
source once more (BCClient does that). Whoever owns the token (the token manager) catches it
to mark the connection as needing a reconnect and raise NotConnected; if it escapes, the
client sees UPSTREAM_ERROR with bcCode `Authentication_InvalidCredentials`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import httpx

from gateway.errors import (
    BadUserInput,
    Conflict,
    Forbidden,
    GatewayError,
    NotFound,
    QueryTooComplex,
    RateLimited,
    UpstreamError,
    UpstreamUnavailable,
)

__all__ = [
    "BCAuthRejected",
    "RequestTooLong",
    "bc_error",
    "error_from_response",
    "error_from_transport",
]

_CORRELATION = re.compile(
    r"\s*CorrelationId:\s*([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\.?\s*$"
)
# BC's messages are a sentence or two; anything longer is not meant for a person.
_MAX_MESSAGE: Final = 1000
_MAX_CODE: Final = 100


class BCAuthRejected(UpstreamError):
    """BC answered 401 to our access token (see the module docstring)."""


class RequestTooLong(QueryTooComplex):
    """A request whose URL would pass the client's limit (MAX_URL_CHARS), refused before
    it is sent: what BC's 414 says, without the round trip. Whoever built the URL from a
    client's values says whose fault it is (the GraphQL resolvers: BAD_USER_INPUT)."""


def bc_error(body: Any) -> tuple[str | None, str | None, str | None]:
    """(code, message, correlation id) from BC's `{"error": {"code", "message"}}` body."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None, None
    code = error.get("code")
    message = error.get("message")
    code = code[:_MAX_CODE] if isinstance(code, str) and code else None
    if not isinstance(message, str) or not message.strip():
        return code, None, None
    correlation = None
    match = _CORRELATION.search(message)
    if match:
        correlation = match.group(1).lower()
        message = message[: match.start()]
    message = message.strip()
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    return code, message or None, correlation


def error_from_response(
    status: int, body: Any, headers: Mapping[str, str] | None = None
) -> GatewayError:
    """The gateway error for a BC error answer (status ≥ 400, or an unexpected one)."""
    code, message, correlation = bc_error(body)
    extensions: dict[str, Any] = {"bcCode": code, "bcCorrelationId": correlation}
    if status == 400 or status == 405 or status == 413:
        return BadUserInput(message or "Business Central refused the request.", **extensions)
    if status == 401:
        return BCAuthRejected(message or "Business Central refused the access token.", **extensions)
    if status == 403:
        return Forbidden(message or "Business Central refused access.", **extensions)
    if status == 404:
        return NotFound(message or "Business Central has no such record.", **extensions)
    if status == 409:
        if code == "Request_EntityChanged":
            message = message or "Another user has already changed the record."
        return Conflict(message or "Business Central reported a conflict.", **extensions)
    if status == 414:
        return QueryTooComplex(
            message or "The request URL is too long for Business Central.", **extensions
        )
    if status == 429:
        retry_after = (headers or {}).get("retry-after")
        seconds = int(retry_after) if retry_after and retry_after.isdigit() else None
        return RateLimited(
            message or "Business Central is throttling requests.",
            retryAfter=seconds,
            **extensions,
        )
    if status in (408, 502, 503, 504):
        return UpstreamUnavailable(
            message or f"Business Central is unavailable (HTTP {status}).", **extensions
        )
    return UpstreamError(
        message or f"Business Central answered HTTP {status}.",
        httpStatus=status,
        **extensions,
    )


def error_from_transport(
    error: httpx.TransportError, *, method: str, outcome_unknown: bool
) -> UpstreamUnavailable:
    """Our own message only: httpx's text can carry URLs and socket details."""
    if isinstance(error, httpx.TimeoutException):
        what = "did not answer in time"
    elif isinstance(error, httpx.ConnectError):
        what = "could not be reached"
    else:
        what = "closed the connection before answering"
    if outcome_unknown:
        return UpstreamUnavailable(
            f"Business Central {what}; whether the {method} request was applied is unknown.",
            outcomeUnknown=True,
        )
    return UpstreamUnavailable(f"Business Central {what}.")
